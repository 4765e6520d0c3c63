"""CSV files with a header row: label columns named or sharing a prefix."""

import warnings

from ._bunch import MAX_FEATURES, DataError, check_file, check_width, make_bunch, to_indicator


def _read_header(path):
    """The header row as written (pandas would rename a repeated ``a`` to ``a.1``)."""
    import pandas as pd

    return [str(name) for name in
            pd.read_csv(path, header=None, nrows=1, dtype=str, keep_default_na=False).iloc[0]]


def _read_frame(path, max_features=MAX_FEATURES):
    """The file as a DataFrame with str column names; read errors are DataErrors."""
    import pandas as pd

    path = check_file(path)
    try:
        header = _read_header(path)
        check_width(len(header), max_features, path, "columns")
        with warnings.catch_warnings():
            # pandas would silently make an extra first field the row index.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(path, index_col=False)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty; expected a header row and data rows") from None
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
        ) from None
    except pd.errors.ParserWarning:
        raise DataError(f"{path}: some rows have more fields than the header has names") from None
    except pd.errors.ParserError as exc:
        # pandas names the line ("Expected 2 fields in line 3, saw 4").
        raise DataError(f"{path}: not a readable CSV file ({exc})") from None
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise DataError(f"{path}: column name(s) {', '.join(map(repr, repeated[:5]))} appear "
                        f"more than once; give every column its own name")
    if frame.empty:
        raise DataError(f"{path}: no data rows, only a header")
    frame.columns = header
    return path, frame


def _numeric_features(frame, source):
    """Feature columns as a float array; non-numeric columns are an error."""
    bad = [column for column in frame.columns if frame[column].dtype.kind not in "biuf"]
    if bad:
        raise DataError(
            f"{source}: column(s) {', '.join(map(repr, bad[:5]))} are not numeric; encode "
            f"them (e.g. one-hot) or mark them as labels."
        )
    return frame.to_numpy(dtype=float)


def _target_names(columns, label_columns, label_prefix, path):
    """The label columns asked for, checked against the header."""
    if label_columns is not None:
        missing = [column for column in label_columns if column not in columns]
        if missing:
            raise DataError(
                f"{path}: no column named {', '.join(map(repr, missing))}; the columns "
                f"are {', '.join(columns[:10])}{', ...' if len(columns) > 10 else ''}"
            )
        target_names = list(label_columns)
    elif label_prefix:
        target_names = [column for column in columns if column.startswith(label_prefix)]
    else:
        target_names = []
    if not target_names:
        raise DataError(
            f"{path}: no label columns found; name them with --label-columns a,b,c "
            f"or --label-prefix y_ (label_columns= / label_prefix= in Python)."
        )
    return target_names


def load_csv(path, *, label_columns=None, label_prefix=None, max_features=MAX_FEATURES,
             return_X_y=False):
    """Load a CSV file whose label columns are named or share a prefix.

    Parameters
    ----------
    path : str or path-like
        A CSV file with a header row.
    label_columns : sequence of str, default=None
        Names of the label columns.
    label_prefix : str, default=None
        Every column whose name starts with it is a label (e.g. ``"y_"``).
    max_features : int, default=MAX_FEATURES
        The most columns the file may have, checked on its header.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : Bunch
        ``data`` (float ndarray of the other columns), ``target``,
        ``feature_names``, ``target_names``, ``source``, ``read_options``
        (``{"format": "csv", "label_columns": [...], "max_features": int}``).

    Raises
    ------
    DataError
        An empty, non-UTF-8 or ragged file, a repeated column name, no label
        columns, no feature columns, or more columns than ``max_features``.
    """
    path, frame = _read_frame(path, max_features)
    columns = list(frame.columns)
    target_names = _target_names(columns, label_columns, label_prefix, path)
    feature_names = [column for column in columns if column not in set(target_names)]
    if not feature_names:
        raise DataError(f"{path}: every column is a label column; there are no features "
                        f"(check --label-columns / --label-prefix)")
    target = to_indicator(frame[target_names].to_numpy(), target_names, path)
    data = _numeric_features(frame[feature_names], path)
    read_options = {"format": "csv", "label_columns": list(target_names),
                    "max_features": int(max_features)}
    return make_bunch(data, target, feature_names, target_names, path, return_X_y,
                      read_options=read_options)


def read_csv_features(path, feature_names, *, max_features=MAX_FEATURES):
    """The named columns of a CSV file, in the order given.

    New data for a fitted model: other columns (labels among them) are
    ignored.

    Parameters
    ----------
    path : str or path-like
    feature_names : sequence of str
        Column names, e.g. a model's ``feature_names`` from :func:`load_csv`.
    max_features : int, default=MAX_FEATURES
        The most columns the file may have, checked on its header.

    Returns
    -------
    data : ndarray of shape (n_samples, len(feature_names))

    Raises
    ------
    DataError
        No such file, an empty, non-UTF-8 or unreadable file, a repeated
        column name, columns it lacks, or a named column that is not numeric.
    """
    path, frame = _read_frame(path, max_features)
    missing = [name for name in feature_names if name not in frame.columns]
    if missing:
        raise DataError(f"{path}: lacks feature column(s) {', '.join(missing[:5])}")
    return _numeric_features(frame[list(feature_names)], path)
