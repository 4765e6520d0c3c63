"""Multi-label ARFF files: which attributes are labels (MULAN ``.xml``, MEKA ``-C n``).

The text format itself is read by :mod:`._arff`; this module decides which
attributes are labels and which are features, for training data
(:func:`load_arff`) and for new data given by feature name
(:func:`read_arff_features`).
"""

import os
import re
import xml.etree.ElementTree as ElementTree

import numpy as np
import scipy.sparse as sp

from ._arff import ArffError, read_arff
from ._bunch import MAX_FEATURES, DataError, check_file, label_value, make_bunch, to_indicator


def _read(path, max_features):
    """The parsed file; a parse error is a :class:`DataError` naming the line."""
    path = check_file(path)
    try:
        arff = read_arff(path, max_attributes=max_features)
    except ArffError as exc:
        raise DataError(str(exc)) from None
    if arff.values.shape[0] == 0:
        raise DataError(f"{path}: no data rows after @data")
    return path, arff


def _position_coded(attribute):
    """Whether a nominal attribute's values read as their position (not as numbers)."""
    if attribute.kind != "nominal":
        return False
    try:
        [float(value) for value in attribute.values]
    except ValueError:
        return True
    return False


def _label_column(codes, attribute, path):
    """A label attribute's codes as 0/1 by value: ``{yes,no}`` is yes = 1, whatever the order."""
    if attribute.kind != "nominal":
        return codes
    truth = {value: label_value(value) for value in attribute.values}
    unknown = [value for value, positive in truth.items() if positive is None]
    if unknown:
        raise DataError(
            f"{path}: label attribute {attribute.name!r} is declared "
            f"{{{','.join(attribute.values)}}}; a label's values must read as no/yes: "
            f"0/1, no/yes, false/true or n/y (any order, any case)."
        )
    labels = np.full(codes.shape, np.nan)
    for value, code in attribute.encoding().items():
        labels[codes == code] = truth[value]
    return labels


def _xml_path(path):
    """MULAN's label file next to an ARFF file: ``NAME.xml`` for ``NAME-train.arff``."""
    folder, base = os.path.split(path)
    stem = os.path.splitext(base)[0]
    candidates = [stem]
    for suffix in ("-train", "-test", "_train", "_test"):
        if stem.endswith(suffix):
            candidates.append(stem[: -len(suffix)])
    for candidate in candidates:
        xml = os.path.join(folder, candidate + ".xml")
        if os.path.isfile(xml):
            return xml
    return None


def _xml_labels(xml):
    """Label names of a MULAN XML file (hierarchical labels are flattened)."""
    try:
        root = ElementTree.parse(xml).getroot()
    except ElementTree.ParseError as exc:
        raise DataError(f"{xml}: not a readable MULAN label file ({exc})") from None
    return [
        element.get("name")
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] == "label" and element.get("name") is not None
    ]


def _meka_count(relation):
    """``n`` of MEKA's ``-C n`` option in a relation name, or None."""
    match = re.search(r"-C\s+(-?\d+)", relation)
    return None if match is None else int(match.group(1))


def _discover_labels(path, relation):
    """Labels from the MULAN file next to ``path``, else MEKA's ``-C n``, and how."""
    xml = _xml_path(path)
    if xml is not None:
        return _xml_labels(xml), f"the labels listed in {xml}"
    labels = _meka_count(relation)
    if labels is None:
        raise DataError(
            f"{path}: no label columns found: no MULAN label file "
            f"({os.path.splitext(os.path.basename(path))[0]}.xml) next to it and no "
            f"MEKA '-C n' in its @relation. Put the XML file next to it or pass "
            f"labels=<number or names> (--labels on the command line)."
        )
    return labels, "MEKA's -C option in @relation"


def _counted_positions(count, n_attributes, how, path):
    """MEKA's rule: ``n`` the first ``n`` attributes, ``-n`` the last ``n``."""
    if count == 0 or abs(count) >= n_attributes:
        asked = f"-C {count} in @relation" if how.startswith("MEKA") else f"labels={count}"
        raise DataError(
            f"{path}: {asked} asks for {abs(count)} label attributes, but the file has "
            f"{n_attributes} attributes (cannot take {count} label attributes of "
            f"{n_attributes}); at least one must remain a feature. Fix the count or pass "
            "labels=<number or names>."
        )
    if count > 0:
        return list(range(count))
    return list(range(n_attributes + count, n_attributes))


def _label_positions(attributes, labels, path, relation):
    """Positions of the label attributes, in file order."""
    names = [attribute.name for attribute in attributes]
    how = "labels"
    if labels is None:
        labels, how = _discover_labels(path, relation)
    elif isinstance(labels, str) and labels.endswith(".xml"):
        labels, how = _xml_labels(check_file(labels)), f"the labels listed in {labels}"
    if isinstance(labels, (int, np.integer)):
        return _counted_positions(labels, len(names), how, path)
    wanted = set(labels)
    missing = [label for label in labels if label not in set(names)]
    if missing:
        raise DataError(
            f"{path}: {how} name {len(missing)} attribute(s) the file does not have: "
            f"{', '.join(map(repr, missing[:5]))}"
        )
    return [position for position, name in enumerate(names) if name in wanted]


def _columns(values, positions):
    """Columns of the parsed values: CSR for sparse files, contiguous otherwise."""
    selected = values[:, positions]
    return selected.tocsr() if sp.issparse(selected) else np.ascontiguousarray(selected)


def load_arff(path, labels=None, *, max_features=MAX_FEATURES, return_X_y=False):
    """Load a multi-label ARFF file in MULAN or MEKA form.

    Parameters
    ----------
    path : str or path-like
        The ``.arff`` file, dense or sparse.
    labels : None, int, str or sequence of str, default=None
        Which attributes are labels. None: the names in the MULAN XML file
        next to ``path`` (``NAME.xml`` for ``NAME-train.arff``), else MEKA's
        ``-C n`` in the ``@relation`` name. An int follows MEKA: ``n`` the
        first ``n`` attributes, ``-n`` the last ``n``. A path ending in
        ``.xml``: that MULAN label file. A sequence: those attribute names.
    max_features : int, default=MAX_FEATURES
        The most attributes (labels included) the file may declare, checked
        on the header before any row is read.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : Bunch
        ``data`` (float ndarray, CSR matrix for sparse files), ``target``
        (uint8 indicator matrix, label columns in file order),
        ``feature_names``, ``target_names``, ``source``, ``read_options``
        (``{"format": "arff", "nominal": {name: [values]}, "max_features":
        int}``: the declarations of features read by position).

    Raises
    ------
    DataError
        A malformed file (naming the line), a repeated attribute name, no
        data rows, unknown label attributes, a label declared with values
        that do not read as no/yes, or too many attributes.

    Notes
    -----
    Label attributes are read by value: ``{0,1}``, ``{1,0}``, ``{no,yes}``,
    ``{TRUE,FALSE}``, ``{n,y}``, ... in any order and case; 1, yes, true and
    y are positive. Nominal features are encoded by value when their values
    are numbers (birds' ``location {2,10,1,...}`` reads as 2, 10, 1, ...),
    else by their position in the declaration (kept in ``read_options`` so
    that new data declaring them in another order read the same). Missing
    values ``?`` become NaN. String and date attributes are dropped from the
    features.

    Examples
    --------
    >>> from skmultinet.datasets import load_arff
    >>> emotions = load_arff("emotions-train.arff")  # doctest: +SKIP
    >>> emotions.data.shape, emotions.target.shape   # doctest: +SKIP
    ((391, 72), (391, 6))
    """
    path, arff = _read(path, max_features)
    label_positions = _label_positions(arff.attributes, labels, path, arff.relation)
    is_label = np.zeros(len(arff.attributes), dtype=bool)
    is_label[label_positions] = True
    feature_positions = [
        position
        for position, attribute in enumerate(arff.attributes)
        if not is_label[position] and attribute.kind in ("numeric", "nominal")
    ]
    # Column slicing is cheap on CSC; the results go back to CSR below.
    values = arff.values.tocsc() if sp.issparse(arff.values) else arff.values
    names = [attribute.name for attribute in arff.attributes]
    target_names = [names[position] for position in label_positions]
    target_values = values[:, label_positions]
    if sp.issparse(target_values):
        target_values = target_values.toarray()
    for j, position in enumerate(label_positions):
        target_values[:, j] = _label_column(target_values[:, j], arff.attributes[position], path)
    target = to_indicator(target_values, target_names, path)
    nominal = {names[p]: list(arff.attributes[p].values) for p in feature_positions
               if _position_coded(arff.attributes[p])}
    read_options = {"format": "arff", "nominal": nominal, "max_features": int(max_features)}
    return make_bunch(
        _columns(values, feature_positions), target,
        [names[p] for p in feature_positions], target_names, path, return_X_y,
        read_options=read_options,
    )


def _recode(codes, attribute, fit_values, path):
    """Codes of a nominal feature by this file's declaration, as the fit declaration's."""
    if not _position_coded(attribute):
        raise DataError(f"{path}: attribute {attribute.name!r} is not declared as nominal "
                        f"values, as at fit ({{{','.join(fit_values)}}})")
    lookup = np.array([fit_values.index(v) if v in fit_values else np.nan
                       for v in attribute.values])
    known = ~np.isnan(codes)
    recoded = np.full(codes.shape, np.nan)
    recoded[known] = lookup[codes[known].astype(int)]
    if np.isnan(recoded[known]).any():
        unknown = attribute.values[int(codes[known][np.isnan(recoded[known])][0])]
        raise DataError(f"{path}: attribute {attribute.name!r} has value {unknown!r}, which the "
                        f"model's training data did not declare ({', '.join(fit_values)})")
    return recoded


def _check_kinds(arff, positions, nominal, path):
    """New attributes have the fit's kinds: no strings, no newly position-coded values."""
    for position in positions:
        attribute = arff.attributes[position]
        if attribute.kind in ("string", "date"):
            raise DataError(f"{path}: attribute {attribute.name!r} is a {attribute.kind} "
                            f"attribute; the model needs numbers")
        if nominal is not None and attribute.name not in nominal and _position_coded(attribute):
            raise DataError(f"{path}: attribute {attribute.name!r} is nominal "
                            f"({', '.join(attribute.values)}) but was not at fit")


def read_arff_features(path, feature_names, *, nominal=None, max_features=MAX_FEATURES):
    """The named attributes of an ARFF file, in the order given.

    New data for a fitted model: the file needs no label attributes, and
    those it has are ignored unless named.

    Parameters
    ----------
    path : str or path-like
    feature_names : sequence of str
        Attribute names, e.g. a model's ``feature_names`` from :func:`load_arff`.
    nominal : dict of str to list of str, default=None
        ``read_options["nominal"]`` of the training data: nominal features
        read by position are recoded to the training declaration's order.
        None reads them by this file's declaration (as models saved before
        read options did).
    max_features : int, default=MAX_FEATURES
        The most attributes the file may declare.

    Returns
    -------
    data : ndarray or CSR matrix of shape (n_samples, len(feature_names))

    Raises
    ------
    DataError
        No such file, a parse error, no data rows, attributes the file lacks,
        or (with ``nominal``) a nominal value or kind the training data did
        not have.
    """
    path, arff = _read(path, max_features)
    positions = {attribute.name: j for j, attribute in enumerate(arff.attributes)}
    missing = [name for name in feature_names if name not in positions]
    if missing:
        raise DataError(f"{path}: lacks feature attribute(s) {', '.join(missing[:5])}")
    selected = [positions[name] for name in feature_names]
    _check_kinds(arff, selected, nominal, path)
    data = _columns(arff.values, selected)
    recode = [j for j, name in enumerate(feature_names) if name in (nominal or {})]
    if not recode:
        return data
    dense = data.toarray() if sp.issparse(data) else data
    for j in recode:
        dense[:, j] = _recode(dense[:, j], arff.attributes[selected[j]],
                              nominal[feature_names[j]], path)
    return sp.csr_matrix(dense) if sp.issparse(data) else dense
