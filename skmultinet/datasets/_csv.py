"""CSV files with a header row: label columns named or sharing a prefix."""

from ._bunch import DataError, check_file, make_bunch, to_indicator


def _read_frame(path):
    """The file as a DataFrame with str column names; read errors are DataErrors."""
    import pandas as pd

    path = check_file(path)
    try:
        frame = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty; expected a header row and data rows") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        # pandas names the line ("Expected 2 fields in line 3, saw 4").
        raise DataError(f"{path}: not a readable CSV file ({exc})") from None
    frame.columns = [str(column) for column in frame.columns]
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


def load_csv(path, *, label_columns=None, label_prefix=None, return_X_y=False):
    """Load a CSV file whose label columns are named or share a prefix.

    Parameters
    ----------
    path : str or path-like
        A CSV file with a header row.
    label_columns : sequence of str, default=None
        Names of the label columns.
    label_prefix : str, default=None
        Every column whose name starts with it is a label (e.g. ``"y_"``).
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : Bunch
        ``data`` (float ndarray of the other columns), ``target``,
        ``feature_names``, ``target_names``, ``source``.
    """
    path, frame = _read_frame(path)
    columns = list(frame.columns)
    target_names = _target_names(columns, label_columns, label_prefix, path)
    feature_names = [column for column in columns if column not in set(target_names)]
    target = to_indicator(frame[target_names].to_numpy(), target_names, path)
    data = _numeric_features(frame[feature_names], path)
    return make_bunch(data, target, feature_names, target_names, path, return_X_y)


def read_csv_features(path, feature_names):
    """The named columns of a CSV file, in the order given.

    New data for a fitted model: other columns (labels among them) are
    ignored.

    Parameters
    ----------
    path : str or path-like
    feature_names : sequence of str
        Column names, e.g. a model's ``feature_names`` from :func:`load_csv`.

    Returns
    -------
    data : ndarray of shape (n_samples, len(feature_names))

    Raises
    ------
    DataError
        No such file, an unreadable file, columns it lacks, or a named column
        that is not numeric.
    """
    path, frame = _read_frame(path)
    missing = [name for name in feature_names if name not in frame.columns]
    if missing:
        raise DataError(f"{path}: lacks feature column(s) {', '.join(missing[:5])}")
    return _numeric_features(frame[list(feature_names)], path)
