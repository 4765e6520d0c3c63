"""Targets in every form a user passes them -> indicator matrix, and back.

Four kinds of targets are understood:

- ``"multilabel-indicator"``: a 0/1 matrix (NumPy, SciPy sparse, pandas
  DataFrame whose columns name the labels, or a nested list of equal-length 0/1
  rows, which scikit-learn reads the same way);
- ``"label-sets"``: a sequence of label collections such as
  ``[["sport", "news"], ["art"], []]`` (what ``MultiLabelBinarizer`` takes);
- ``"binary"`` and ``"multiclass"``: 1-D class labels.

An indicator matrix may leave entries unknown (partially labelled data):
``NaN`` in a float array or DataFrame (``pd.NA`` in nullable dtypes), ``-1``
in an integer array, a stored ``NaN`` or ``-1`` in a sparse matrix (see
:mod:`skmultinet.model_selection._unknown_labels`). They are encoded as
``NaN``, which every loss of :mod:`skmultinet.losses` masks. Label sets
cannot express an unknown entry, and 1-D class labels refuse one: a row
whose class is unknown teaches nothing and is best dropped.

:class:`TargetEncoder` remembers which kind ``fit`` received so that ``predict``
answers in the same representation.
"""

import math
import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import DataConversionWarning
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils.multiclass import type_of_target

from ..model_selection._unknown_labels import split_unknown

_SET_TYPES = (set, frozenset)
_ROW_TYPES = (list, tuple, set, frozenset)


def _is_label_sets(y):
    """Whether ``y`` is a sequence of label collections rather than an array.

    A nested list of equal-length rows made of 0/1 numbers is an indicator
    matrix for scikit-learn; anything ragged, holding sets or holding
    non-numbers is read as label sets.
    """
    if sp.issparse(y) or hasattr(y, "columns"):
        return False
    if isinstance(y, np.ndarray) and y.dtype != object:
        return False
    try:
        rows = list(y)
    except TypeError:
        return False
    if not rows or not all(isinstance(row, _ROW_TYPES) for row in rows):
        return False
    if any(isinstance(row, _SET_TYPES) for row in rows):
        return True
    lengths = {len(row) for row in rows}
    if len(lengths) > 1 or lengths == {0}:
        return True
    return not all(_is_indicator_entry(item) for row in rows for item in row)


def _is_indicator_entry(item):
    """Whether a list item reads as an indicator entry: 0, 1, a bool, or unknown (NaN, -1)."""
    if isinstance(item, (bool, np.bool_)):
        return True
    if not isinstance(item, numbers.Number):
        return False
    return item in (0, 1, -1) or isinstance(item, numbers.Real) and math.isnan(item)


class TargetEncoder:
    """Encode targets as a float32 indicator matrix and decode predictions.

    Attributes
    ----------
    target_type : str
        ``"binary"``, ``"multiclass"``, ``"multilabel-indicator"`` or
        ``"label-sets"``.
    classes : ndarray
        Class labels (1-D targets), label names (label sets, DataFrame columns)
        or ``arange(n_labels)`` (indicator matrices).
    sparse_output : bool
        Whether indicator targets arrived as a SciPy sparse matrix.
    output_dtype : numpy dtype
        dtype of the indicator predictions (that of the training targets).
    """

    def fit(self, y, classes=None):
        """Learn the kind of ``y`` and its classes.

        Parameters
        ----------
        y : array-like, sparse matrix, DataFrame or sequence of label sets
        classes : array-like, default=None
            All classes (1-D targets) or all labels (label sets), for
            ``partial_fit`` when one batch does not show every class.

        Returns
        -------
        self : TargetEncoder
        """
        self.sparse_output = False
        self.output_dtype = np.dtype(int)
        y = _without_nullable_dtypes(y)
        if _is_label_sets(y):
            return self._fit_label_sets(y, classes)
        values, unknown = _split_known(y)
        y_kind = type_of_target(values, input_name="y")
        if unknown is not None and unknown.all():
            raise ValueError(
                "Every entry of y is unknown (NaN or -1): there is nothing to learn from. "
                "Mark only the entries nobody observed as unknown."
            )
        if y_kind == "multilabel-indicator":
            return self._fit_indicator(y, values, classes)
        if y_kind in ("binary", "multiclass"):
            return self._fit_classes(y, classes)
        if y_kind == "multiclass-multioutput":
            raise ValueError(
                "y is multiclass-multioutput (several columns with more than two values "
                "each), which this classifier does not support. For multi-label data, "
                "pass a 0/1 indicator matrix or a list of label sets; for several "
                "multiclass outputs, wrap it in sklearn.multioutput.MultiOutputClassifier."
            )
        raise ValueError(
            f"Unknown label type: {y_kind}. Maybe you are trying to fit a classifier, "
            "which expects discrete classes, on a regression target with continuous "
            "values. Pass class labels, a 0/1 indicator matrix or a list of label sets."
        )

    def _fit_label_sets(self, y, classes):
        _check_no_unknown_label(y)
        self.target_type = "label-sets"
        binarizer = MultiLabelBinarizer(classes=classes)
        binarizer.fit(y)
        self.classes = np.asarray(binarizer.classes_)
        if self.classes.size == 0:
            raise ValueError(
                "The label sets in y contain no label at all. Give at least one "
                "row a label, or pass classes=[...] naming every label."
            )
        return self

    def _fit_indicator(self, y, values, classes):
        _check_zero_one(values)
        self.target_type = "multilabel-indicator"
        self.sparse_output = sp.issparse(y)
        self.output_dtype = np.dtype(y.dtype) if hasattr(y, "dtype") else np.dtype(int)
        n_labels = y.shape[1] if hasattr(y, "shape") else len(y[0])
        if hasattr(y, "columns"):
            self.classes = np.asarray(y.columns, dtype=object)
            self.output_dtype = np.result_type(*y.dtypes)
        elif classes is not None:
            self.classes = np.asarray(classes)
        else:
            self.classes = np.arange(n_labels)
        if len(self.classes) != n_labels:
            raise ValueError(
                f"classes has {len(self.classes)} entries but y has {n_labels} label "
                "columns; pass one name per column."
            )
        return self

    def _fit_classes(self, y, classes):
        y = _as_1d(y)
        found = np.unique(y)
        self.classes = np.unique(np.asarray(classes)) if classes is not None else found
        unseen = np.setdiff1d(found, self.classes)
        if unseen.size:
            raise ValueError(
                f"y contains classes {unseen.tolist()} that are not in classes="
                f"{self.classes.tolist()}."
            )
        if len(self.classes) < 2:
            raise ValueError(
                "This classifier needs samples of at least 2 classes in the data, but "
                f"the data contains only one class: {self.classes[0]!r}."
            )
        self.target_type = "binary" if len(self.classes) == 2 else "multiclass"
        return self

    @property
    def n_outputs(self):
        """Number of network outputs that encode one target row."""
        return 1 if self.target_type == "binary" else len(self.classes)

    def transform(self, y):
        """Encode ``y`` as a dense float32 matrix of shape (n_samples, n_outputs).

        Parameters
        ----------
        y : targets of the kind seen in :meth:`fit`

        Returns
        -------
        indicator : ndarray of shape (n_samples, n_outputs), dtype float32
            0/1, with ``NaN`` at the unknown entries of an indicator matrix.
        """
        if self.target_type == "label-sets":
            if not _is_label_sets(y) and len(y) and not all(
                isinstance(row, _ROW_TYPES) for row in y
            ):
                raise ValueError("y must be a sequence of label sets, as it was in fit.")
            _check_no_unknown_label(y)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                binarizer = MultiLabelBinarizer(classes=list(self.classes)).fit([])
                indicator = binarizer.transform(y)
            unknown = [str(w.message) for w in caught if "unknown class" in str(w.message)]
            if unknown:
                raise ValueError(
                    f"y contains labels that were not seen in the first fit: {unknown[0]} "
                    "Pass classes=[...] naming every label to the first partial_fit call."
                )
            return np.asarray(indicator, dtype=np.float32)
        y = _without_nullable_dtypes(y)
        values, unknown = _split_known(y)
        if self.target_type == "multilabel-indicator":
            if type_of_target(values, input_name="y") != "multilabel-indicator":
                raise ValueError(
                    "y must be a 0/1 indicator matrix, as it was in the first fit."
                )
            _check_zero_one(values)
            indicator = values.toarray() if sp.issparse(values) else np.asarray(values)
            if indicator.shape[1] != len(self.classes):
                raise ValueError(
                    f"y has {indicator.shape[1]} label columns, but the model was fitted "
                    f"with {len(self.classes)}."
                )
            indicator = indicator.astype(np.float32)
            if unknown is not None:
                indicator[unknown] = np.nan
            return indicator
        if unknown is not None:
            raise _unknown_class_error()
        y = _as_1d(y)
        unseen = np.setdiff1d(np.unique(y), self.classes)
        if unseen.size:
            raise ValueError(
                f"y contains classes {unseen.tolist()} that were not seen in the first "
                f"fit (classes are {self.classes.tolist()}). Pass classes=[...] with "
                "every class to the first partial_fit call."
            )
        class_index = np.searchsorted(self.classes, y)
        if self.target_type == "binary":
            return class_index.astype(np.float32).reshape(-1, 1)
        return np.eye(len(self.classes), dtype=np.float32)[class_index]

    def inverse_transform(self, decisions):
        """Decode predictions into the representation that ``fit`` received.

        Parameters
        ----------
        decisions : ndarray
            For binary and multiclass targets, the predicted class index of
            each row (shape (n_samples,)); otherwise the 0/1 indicator matrix of
            shape (n_samples, n_labels).

        Returns
        -------
        y_pred : ndarray, sparse matrix or list of tuples
        """
        if self.target_type in ("binary", "multiclass"):
            return self.classes[decisions]
        if self.target_type == "label-sets":
            return [tuple(self.classes[np.flatnonzero(row)]) for row in decisions]
        indicator = decisions.astype(self.output_dtype, copy=False)
        return sp.csr_matrix(indicator) if self.sparse_output else indicator


def _without_nullable_dtypes(y):
    """A pandas ``y`` of nullable dtypes (``Int64``, ``boolean``...) in their NumPy dtypes.

    NumPy cannot interpret pandas' extension dtypes. Those with a NumPy
    counterpart (``numpy_dtype``) are converted, with the same index and
    columns; anything else is returned as is. A DataFrame's missing values
    (``pd.NA``) are unknown entries: the frame becomes float64 with ``NaN``
    there.

    Raises
    ------
    ValueError
        If a Series (1-D class labels) has missing values: a row whose class
        is unknown teaches nothing.
    """
    dtypes = getattr(y, "dtypes", None)  # a DataFrame's per column, a Series' one
    if dtypes is None or not hasattr(y, "to_numpy"):
        return y
    dtypes = list(dtypes) if hasattr(y, "columns") else [dtypes]
    if all(isinstance(dtype, np.dtype) for dtype in dtypes):
        return y
    numpy_dtypes = [getattr(dtype, "numpy_dtype", dtype) for dtype in dtypes]
    if not all(isinstance(dtype, np.dtype) for dtype in numpy_dtypes):
        return y
    missing = np.asarray(y.isna())
    if missing.any() and not hasattr(y, "columns"):
        raise ValueError(
            f"y has missing values (pd.NA) in {int(missing.sum())} rows; unknown targets are "
            "understood in multi-label indicator matrices only (a DataFrame of label "
            "columns). Drop the rows whose class is unknown."
        )
    if missing.any():
        values = y.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        values = y.to_numpy(dtype=np.result_type(*numpy_dtypes))
    if hasattr(y, "columns"):
        return type(y)(values, index=y.index, columns=y.columns)
    return type(y)(values, index=y.index, name=y.name)


def _check_no_unknown_label(label_sets):
    """Refuse None or NaN among label sets: a set cannot say that a label is unknown."""
    for row in label_sets:
        for label in row if isinstance(row, _ROW_TYPES) else ():
            if label is None or isinstance(label, float) and math.isnan(label):
                raise ValueError(
                    f"y holds {label!r} in a label set, but label sets cannot mark an "
                    "unknown entry: a label is in a row's set or it is not. To mark "
                    "unknown entries, pass an indicator matrix with NaN (or -1) there, e.g. "
                    "MultiLabelBinarizer().fit_transform(sets) with the unknown entries "
                    "set to NaN."
                )


def _split_known(y):
    """``(values, unknown)`` of :func:`split_unknown`, refusing unknown 1-D class labels."""
    values, unknown = split_unknown(y)
    if unknown is not None and (np.ndim(values) != 2 or np.shape(values)[1] < 2):
        raise _unknown_class_error()
    return values, unknown


def _unknown_class_error():
    return ValueError(
        "y has unknown (NaN) entries, which only multi-label indicator targets (two or "
        "more label columns) may have: a row whose class is unknown teaches nothing. Drop "
        "the rows with an unknown class."
    )


def _check_zero_one(y):
    """Refuse indicator matrices holding other values than 0 and 1 (e.g. -1/1).

    scikit-learn calls any two-valued integer matrix an indicator; training
    on -1 as a target would silently learn nonsense.
    """
    values = y.data if sp.issparse(y) else np.asarray(y)
    found = np.unique(values)
    if not np.isin(found, (0, 1)).all():
        raise ValueError(
            f"y looks like a multi-label indicator matrix but holds the values "
            f"{found.tolist()}; it must hold 0 and 1 only. Recode it, e.g. "
            "(y > 0).astype(int) for -1/1 labels."
        )


def _as_1d(y):
    """Ravel a column vector with scikit-learn's DataConversionWarning."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        warnings.warn(
            "A column-vector y was passed when a 1d array was expected. Please change "
            "the shape of y to (n_samples,), for example using ravel().",
            DataConversionWarning,
            stacklevel=3,
        )
        y = y.ravel()
    return y
