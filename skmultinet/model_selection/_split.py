"""Cross-validation splitters that keep every label's frequency in every fold.

Plain ``KFold`` on multi-label data easily leaves a rare label out of a
validation fold, which makes per-label metrics and per-label thresholds
meaningless there. The splitters below use iterative stratification
(Sechidis et al., 2011) to spread each label over the folds in proportion.
"""

from numbers import Integral

import numpy as np
import scipy.sparse as sp
from sklearn.model_selection import (
    BaseCrossValidator,
    StratifiedKFold,
    StratifiedShuffleSplit,
)
from sklearn.model_selection._split import _validate_shuffle_split
from sklearn.utils import _safe_indexing, check_random_state, indexable
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import _num_samples

from ._stratification import iterative_stratification
from ._unknown_labels import split_unknown

__all__ = [
    "MultilabelStratifiedKFold",
    "MultilabelStratifiedShuffleSplit",
    "multilabel_train_test_split",
]


def _check_indicator(y):
    """Return ``y`` as a dense or sparse indicator matrix, or None for 1-D targets.

    Unknown entries (``NaN``, or ``-1`` in 2-D targets; see
    :mod:`._unknown_labels`) come back as 0: stratification spreads each
    label's *known positives* over the parts, and an unknown entry counts
    neither as a positive nor as a negative.
    """
    if y is None:
        raise ValueError(
            "Multi-label stratification needs the targets: call split(X, y) with "
            "y an indicator matrix of shape (n_samples, n_labels)."
        )
    values, unknown = split_unknown(y)
    if hasattr(y, "iloc"):
        y = y.to_numpy()
    if unknown is not None:
        if np.ndim(values) != 2 or np.shape(values)[1] < 2:
            raise ValueError(
                "y has unknown (NaN) entries, which only a multi-label indicator matrix "
                "of shape (n_samples, n_labels) may hold; drop the rows whose class is "
                "unknown."
            )
        y = values
    y_type = type_of_target(y, input_name="y")
    if y_type == "multilabel-indicator":
        return y if sp.issparse(y) else np.asarray(y)
    if y_type in ("binary", "multiclass"):
        return None
    raise ValueError(
        f"Multi-label stratification needs a 0/1 indicator matrix or 1-D class "
        f"labels, got y of type {y_type!r}. Binarize label sets with "
        f"sklearn.preprocessing.MultiLabelBinarizer first."
    )


def _generator(shuffle, random_state):
    """Turn ``random_state`` into a NumPy Generator, or None when not shuffling."""
    if not shuffle:
        return None
    seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
    return np.random.default_rng(seed)


class MultilabelStratifiedKFold(BaseCrossValidator):
    """K-fold splitter that stratifies multi-label targets label by label.

    Every fold receives about ``1 / n_splits`` of the positives of every
    label, so a label with at least ``n_splits`` positives normally appears in
    every validation fold. The assignment is the iterative stratification of
    Sechidis et al. (2011), vectorised per label: 100 000 samples with 100
    labels split in about a second. For 1-D targets the splitter behaves as
    :class:`~sklearn.model_selection.StratifiedKFold`.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds. Must be at least 2.
    shuffle : bool, default=False
        Whether to visit samples in random order and break ties at random.
        When False the split is a deterministic function of ``y``.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffling when ``shuffle=True``; must be None otherwise.

    See Also
    --------
    MultilabelStratifiedShuffleSplit : Random stratified train/test splits.
    multilabel_train_test_split : One stratified split of arrays.

    References
    ----------
    .. [1] K. Sechidis, G. Tsoumakas and I. Vlahavas, "On the stratification of
       multi-label data", ECML PKDD 2011, pp. 145-158.

    Examples
    --------
    >>> import numpy as np
    >>> from skmultinet.model_selection import MultilabelStratifiedKFold
    >>> y = np.tile([[1, 0], [0, 1], [1, 1], [0, 0]], (2, 1))
    >>> cv = MultilabelStratifiedKFold(n_splits=2)
    >>> [y[test].sum(axis=0).tolist() for _, test in cv.split(np.zeros(8), y)]
    [[2, 2], [2, 2]]
    """

    def __init__(self, n_splits=5, *, shuffle=False, random_state=None):
        if not isinstance(n_splits, Integral) or n_splits < 2:
            raise ValueError(
                f"n_splits must be an integer of at least 2, got {n_splits!r}."
            )
        if not isinstance(shuffle, (bool, np.bool_)):
            raise TypeError(f"shuffle must be True or False, got {shuffle!r}.")
        if not shuffle and random_state is not None:
            raise ValueError(
                "Setting a random_state has no effect since shuffle is False. "
                "Leave random_state=None or set shuffle=True."
            )
        self.n_splits = n_splits
        self.shuffle = shuffle
        self.random_state = random_state

    def split(self, X, y, groups=None):
        """Generate indices to split data into training and test sets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data; only its length is used.
        y : {array-like, sparse matrix} of shape (n_samples, n_labels) or (n_samples,)
            Indicator matrix, or 1-D class labels.
        groups : None
            Ignored, present for API consistency.

        Yields
        ------
        train : ndarray
            Training indices of that split.
        test : ndarray
            Test indices of that split.
        """
        X, y = indexable(X, y)
        indicator = _check_indicator(y)
        if indicator is None:
            yield from StratifiedKFold(
                self.n_splits, shuffle=self.shuffle, random_state=self.random_state
            ).split(X, y)
            return
        n_samples = _num_samples(X)
        if self.n_splits > n_samples:
            raise ValueError(
                f"Cannot have n_splits={self.n_splits} greater than the number "
                f"of samples: n_samples={n_samples}. Lower n_splits."
            )
        folds = iterative_stratification(
            indicator,
            np.full(self.n_splits, 1.0 / self.n_splits),
            rng=_generator(self.shuffle, self.random_state),
        )
        indices = np.arange(n_samples)
        for fold in range(self.n_splits):
            yield indices[folds != fold], indices[folds == fold]

    def get_n_splits(self, X=None, y=None, groups=None):
        """Return the number of splitting iterations, ``n_splits``.

        Parameters
        ----------
        X, y, groups : object
            Ignored, present for API consistency.

        Returns
        -------
        n_splits : int
            Number of splits.
        """
        return self.n_splits


class MultilabelStratifiedShuffleSplit(BaseCrossValidator):
    """Random train/test splits that stratify multi-label targets.

    Each split runs iterative stratification with two parts sized
    ``test_size`` and ``train_size`` (plus a left-out part when they do not
    add up to the whole data) after shuffling the samples. For 1-D targets it
    behaves as :class:`~sklearn.model_selection.StratifiedShuffleSplit`.

    Parameters
    ----------
    n_splits : int, default=10
        Number of re-shuffling and splitting iterations.
    test_size : float or int, default=None
        Fraction (float) or number (int) of test samples. None: the complement
        of ``train_size``, or 0.1 when both are None.
    train_size : float or int, default=None
        Fraction or number of training samples. None: the complement of
        ``test_size``.
    random_state : int, RandomState instance or None, default=None
        Controls the shuffling.

    References
    ----------
    .. [1] K. Sechidis, G. Tsoumakas and I. Vlahavas, "On the stratification of
       multi-label data", ECML PKDD 2011, pp. 145-158.

    Examples
    --------
    >>> import numpy as np
    >>> from skmultinet.model_selection import MultilabelStratifiedShuffleSplit
    >>> y = np.tile([[1, 0], [0, 1], [1, 1], [0, 0]], (5, 1))
    >>> cv = MultilabelStratifiedShuffleSplit(n_splits=1, test_size=0.5, random_state=0)
    >>> train, test = next(cv.split(np.zeros(20), y))
    >>> y[test].sum(axis=0).tolist()
    [5, 5]
    """

    def __init__(self, n_splits=10, *, test_size=None, train_size=None, random_state=None):
        self.n_splits = n_splits
        self.test_size = test_size
        self.train_size = train_size
        self.random_state = random_state

    def split(self, X, y, groups=None):
        """Generate indices to split data into training and test sets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data; only its length is used.
        y : {array-like, sparse matrix} of shape (n_samples, n_labels) or (n_samples,)
            Indicator matrix, or 1-D class labels.
        groups : None
            Ignored, present for API consistency.

        Yields
        ------
        train : ndarray
            Training indices of that split.
        test : ndarray
            Test indices of that split.
        """
        X, y = indexable(X, y)
        indicator = _check_indicator(y)
        if indicator is None:
            yield from StratifiedShuffleSplit(
                self.n_splits,
                test_size=self.test_size,
                train_size=self.train_size,
                random_state=self.random_state,
            ).split(X, y)
            return
        n_samples = _num_samples(X)
        n_train, n_test = _validate_shuffle_split(
            n_samples, self.test_size, self.train_size, default_test_size=0.1
        )
        proportions = np.array([n_test, n_train, n_samples - n_train - n_test])
        proportions = proportions / n_samples
        rng = _generator(True, self.random_state)
        indices = np.arange(n_samples)
        for _ in range(self.n_splits):
            parts = iterative_stratification(indicator, proportions, rng=rng)
            yield indices[parts == 1], indices[parts == 0]

    def get_n_splits(self, X=None, y=None, groups=None):
        """Return the number of splitting iterations, ``n_splits``.

        Parameters
        ----------
        X, y, groups : object
            Ignored, present for API consistency.

        Returns
        -------
        n_splits : int
            Number of splits.
        """
        return self.n_splits


def multilabel_train_test_split(
    *arrays,
    test_size=None,
    train_size=None,
    random_state=None,
    shuffle=True,
    stratify=None,
):
    """Split arrays into train and test subsets stratified on multi-label targets.

    Works like :func:`sklearn.model_selection.train_test_split`, but the
    split is stratified with iterative stratification so that every label
    keeps its frequency in both subsets.

    Parameters
    ----------
    *arrays : sequence of indexables with same length / shape[0]
        Lists, NumPy arrays, SciPy sparse matrices or pandas objects.
    test_size : float or int, default=None
        Fraction (float) or number (int) of test samples. None: the complement
        of ``train_size``, or 0.25 when both are None.
    train_size : float or int, default=None
        Fraction or number of training samples. None: the complement of
        ``test_size``.
    random_state : int, RandomState instance or None, default=None
        Controls the shuffling applied before splitting.
    shuffle : bool, default=True
        When False, samples are visited in index order and the split is a
        deterministic function of the targets (still stratified).
    stratify : {array-like, sparse matrix} of shape (n_samples, n_labels), default=None
        Targets to stratify on. None: the last of ``arrays`` (the usual
        ``X, y`` order).

    Returns
    -------
    splitting : list of length 2 * len(arrays)
        Train and test part of each input, in the order
        ``X_train, X_test, y_train, y_test, ...``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmultinet.model_selection import multilabel_train_test_split
    >>> X = np.arange(16).reshape(8, 2)
    >>> y = np.tile([[1, 0], [0, 1], [1, 1], [0, 0]], (2, 1))
    >>> X_train, X_test, y_train, y_test = multilabel_train_test_split(
    ...     X, y, test_size=0.5, random_state=0)
    >>> y_test.sum(axis=0).tolist()
    [2, 2]
    """
    if not arrays:
        raise ValueError("At least one array required as input.")
    arrays = indexable(*arrays)
    y = arrays[-1] if stratify is None else stratify
    indicator = _check_indicator(y)
    n_samples = _num_samples(arrays[0])
    n_train, n_test = _validate_shuffle_split(
        n_samples, test_size, train_size, default_test_size=0.25
    )
    if indicator is None:
        indicator = np.asarray(y).reshape(-1, 1) == np.unique(y)
    proportions = np.array([n_test, n_train, n_samples - n_train - n_test]) / n_samples
    rng = _generator(shuffle, random_state)
    parts = iterative_stratification(indicator, proportions, rng=rng)
    train, test = np.flatnonzero(parts == 1), np.flatnonzero(parts == 0)
    if rng is not None:
        train, test = rng.permutation(train), rng.permutation(test)
    return [
        piece
        for array in arrays
        for piece in (_safe_indexing(array, train), _safe_indexing(array, test))
    ]


def multilabel_folds(Y, cv, seed):
    """``cv`` shuffled multi-label stratified (train, test) index pairs of ``Y``.

    The folds of ``skmultinet compare`` and of the search of
    :class:`~skmultinet.AutoMultiLabelNet`.

    Parameters
    ----------
    Y : ndarray of shape (n_samples, n_labels)
    cv : int
    seed : int

    Returns
    -------
    folds : list of (ndarray, ndarray)
    """
    splitter = MultilabelStratifiedKFold(cv, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros((Y.shape[0], 1)), Y))
