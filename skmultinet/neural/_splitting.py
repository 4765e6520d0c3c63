"""The held-out split used for early stopping and calibration."""

import numpy as np
from sklearn.model_selection import StratifiedShuffleSplit

from ..model_selection._split import multilabel_train_test_split


def validation_split(target_type, Y, fraction, rng):
    """Split row indices into training and validation parts.

    Binary and multiclass targets are stratified by class; multi-label targets
    by iterative stratification, so rare labels reach both parts. Unknown
    (``NaN``) entries count neither as positives nor as negatives there: each
    label's known positives are spread.

    Parameters
    ----------
    target_type : str
        Kind of the targets (see :class:`._targets.TargetEncoder`).
    Y : ndarray of shape (n_samples, n_outputs)
        Encoded targets, ``NaN`` at unknown entries.
    fraction : float
        Share of rows to hold out.
    rng : numpy.random.Generator

    Returns
    -------
    (train_rows, validation_rows) or None
        ``None`` when the data are too small to hold out a row and keep one.
    """
    n_samples = Y.shape[0]
    n_validation = int(round(fraction * n_samples))
    if n_validation < 1 or n_samples - n_validation < 1:
        return None
    seed = int(rng.integers(np.iinfo(np.int32).max))
    if target_type in ("binary", "multiclass"):
        classes = Y.argmax(axis=1) if Y.shape[1] > 1 else Y[:, 0].astype(int)
        counts = np.bincount(classes)
        counts = counts[counts > 0]
        if counts.min() >= 2 and n_validation >= len(counts) and n_samples - n_validation >= len(counts):
            splitter = StratifiedShuffleSplit(1, test_size=n_validation, random_state=seed)
            return next(splitter.split(np.zeros((n_samples, 1)), classes))
    else:
        train_rows, validation_rows = multilabel_train_test_split(
            np.arange(n_samples), Y, test_size=n_validation, random_state=seed
        )[:2]
        return np.sort(train_rows), np.sort(validation_rows)
    # Classes too rare to stratify: a plain random split.
    order = np.random.default_rng(seed).permutation(n_samples)
    return np.sort(order[n_validation:]), np.sort(order[:n_validation])
