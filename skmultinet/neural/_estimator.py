"""MultiLabelNetClassifier: the scikit-learn face of the network.

This module holds the parameters, their documentation and the public ``fit``
and ``partial_fit``; the fit's steps are :mod:`._fitting` (what training
watches: :mod:`._fit_monitoring`), prediction :mod:`._prediction`, pickling
:mod:`._saved_state`, the checks of fit's inputs :mod:`._fit_inputs`, and the
work is done elsewhere: targets (:mod:`._targets`), input scaling
(:mod:`._scaling`), the early-stopping split (:mod:`._splitting`), the loss
and its calibration (:mod:`._loss_choice`), the optimizer (:mod:`._optimizers`),
the network (:mod:`.networks`), training (:mod:`.training`) and the logits ->
labels decoder (:mod:`skmultinet.decision`).
"""

from numbers import Integral, Real
from typing import ClassVar

from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
)

from .._persistence import DeferredUnpicklingMixin
from ._fit_inputs import needs_classes
from ._fitting import NetFitMixin
from ._optimizers import OPTIMIZERS
from ._prediction import NetPredictionMixin
from ._saved_state import SavedStateMixin
from .networks import KERAS_ACTIVATIONS
from .training._distribute import STRATEGY_NAMES


class MultiLabelNetClassifier(NetFitMixin, NetPredictionMixin, SavedStateMixin,
                              DeferredUnpicklingMixin, ClassifierMixin, BaseEstimator):
    """Neural network classifier for multi-label (and binary, multiclass) data.

    A multi-layer perceptron built with Keras 3 (TensorFlow backend) that
    outputs one logit per label and trains with a loss chosen by name from
    :mod:`skmultinet.losses`, so that ``GridSearchCV`` can compare losses like
    any other hyperparameter. Training runs whole epochs inside one compiled
    TensorFlow function; prediction runs in NumPy on the learned weights.

    Parameters
    ----------
    hidden_layer_sizes : array-like of int, default=(512,)
        Width of each hidden layer; ``()`` gives a linear model. ``fit``
        refuses a network of more than about 716 million parameters (see
        :meth:`fit`). Ignored with ``model``.
    activation : {"relu", "tanh", "logistic", "identity", "elu", "selu", "gelu", \
"silu", "leaky_relu"}, default="relu"
        Activation of the hidden layers. Ignored with ``model``.
    dropout : float in [0, 1), default=0.5
        Dropout rate applied after each hidden layer during training.
        Ignored with ``model`` (its own dropout layers apply).
    model : callable or keras.Model, default=None
        Your own network in place of the multi-layer perceptron. A **build
        function** is called at each fit as ``model(meta, **model_params)``
        with ``meta`` a dict of what the data decide: ``"input_shape"`` (a
        row of ``X``, without the batch axis), ``"input_dtype"`` (``"float32"``
        for floats, the integer dtype of integer ``X``), ``"n_outputs"`` (the
        logits the loss needs, ``partition``'s extra output included),
        ``"n_labels"`` and ``"sparse"`` (whether ``X`` is sparse); it returns
        an uncompiled functional or Sequential ``keras.Model`` with one input
        and one output of ``n_outputs`` **logits** (no final sigmoid or
        softmax). A ``keras.Model`` instance is never modified: each fit
        copies it and re-initialises the copy from ``random_state``. ``X`` may
        then be of any rank (images ``(n, H, W, C)``, integer token ids
        ``(n, T)``, kept as integers). The model trains in this estimator's
        loop: its dropout and batch-norm layers run in training mode and its
        own regularization losses are added; ``alpha`` does not apply to it.
        Prediction calls it in compiled batches. ``None`` trains the
        multi-layer perceptron of ``hidden_layer_sizes``.
    model_params : dict, default=None
        Keyword arguments of the build function (``GridSearchCV`` can search
        over a list of them).
    loss : str, keras.losses.Loss or callable, default="binary_crossentropy"
        A name from ``skmultinet.losses.LOSSES`` (or an alias), a loss
        instance (e.g. ``FocalLoss(gamma=3)``; it is copied, never modified),
        or a callable ``loss(y_true, logits)`` returning one value per row or
        per entry. For multiclass targets the default becomes softmax
        cross-entropy.
    optimizer : str or keras.optimizers.Optimizer, default="adam"
        A name among ``"adam"``, ``"adamw"``, ``"nadam"``, ``"adamax"``,
        ``"rmsprop"``, ``"sgd"``, ``"adagrad"``, ``"lion"``, or an optimizer
        instance (copied through its config at each fit). An optimizer
        that averages the weights (``keras.optimizers.Adam(use_ema=True)``)
        is judged and kept by its averaged weights: early stopping and the
        epoch metrics score them, and the fit ends with the best epoch's
        average (as ``Model.fit`` with ``keras.callbacks.SwapEMAWeights``).
    learning_rate : float, default=None
        Step size. ``None`` keeps the optimizer's own (1e-3 for named Adam).
    learning_rate_schedule : {"constant", "cosine"}, default="constant"
        ``"cosine"`` lowers the step size from ``learning_rate`` towards 0
        along half a cosine over ``epochs``, one value per epoch (cosine
        annealing); it suits a fixed number of epochs
        (``early_stopping=False``), since with early stopping the fit may end
        long before the rate is low. Each ``fit`` starts the schedule afresh
        (``warm_start`` too); ``partial_fit`` always uses ``learning_rate``.
        An optimizer instance with its own Keras schedule needs
        ``"constant"``.
    alpha : float, default=1e-4
        L2 penalty on the kernels, scaled like ``MLPClassifier``'s:
        ``alpha / 2 * sum ||W||^2 / batch_weight`` is added to each batch loss
        (``batch_weight`` is the batch size when no ``sample_weight`` is given).
        Not applied to a ``model`` of your own: give its layers a
        ``kernel_regularizer``.
    batch_size : int or "auto", default="auto"
        Rows per gradient step; ``"auto"`` is ``n_train // 100`` clipped to
        [32, 200] (``n_train``: the rows trained on, without the
        early-stopping rows), which gives small data enough steps per epoch
        for early stopping to judge. Never more than ``n_train``.
    epochs : int, default=200
        Maximum number of passes over the training data.
    early_stopping : bool, default=True
        Hold out ``validation_fraction`` of the training data (stratified),
        stop when its loss stops improving and restore the best weights.
        Ignored when the data are too small to hold out a row.
    validation_fraction : float in (0, 1), default=0.1
        Share of the training data held out for early stopping.
    n_iter_no_change : int, default=10
        Epochs without an improvement of at least ``tol`` before stopping.
    tol : float, default=1e-4
        Minimal improvement of the monitored value.
    metrics : list of str or callable, default=None
        Multi-label metrics computed after each epoch, on the early-stopping
        rows (``history_["val_<name>"]``) or, for a fit that holds none out
        (``early_stopping=False``, too few rows, ``partial_fit``), on the
        training rows (``"train_<name>"``). Names: ``"f1_micro"``,
        ``"f1_macro"``, ``"f1_samples"`` (at the current decision rule:
        ``threshold``, or the top-count rule of ``partition``),
        ``"average_precision"`` (mean over labels), ``"roc_auc"`` (mean over
        labels), ``"label_ranking_loss"``, ``"hamming_loss"``, or any
        scikit-learn scorer name (``sklearn.metrics.get_scorer_names()``); or
        a named function ``metric(Y_true, proba)`` of the 0/1 target matrix
        and the probabilities (greater is better unless its name ends with
        ``loss`` or ``error``, or it has a ``greater_is_better`` attribute).
        Metrics are unweighted and use uncalibrated probabilities. A ``NaN``
        in the targets is an unknown entry, left out: per label over its
        known rows, per row over its known entries, micro over the known
        entries; scorers and functions see only rows with no unknown entry.
        ``average_precision`` and ``roc_auc`` skip the labels they are
        undefined for (no positive, or no negative, among the rows). Each
        metric costs one inference pass over its rows per epoch.
    metrics_on_train : bool, default=False
        Also compute ``metrics`` on the training rows (``"train_<name>"``),
        in inference mode after each epoch: one more pass over them.
    monitor : str, default="val_loss"
        What early stopping watches and which epoch's weights are kept:
        ``"val_loss"``, ``"loss"`` (the training loss), ``"val_<name>"`` or
        ``"train_<name>"`` for a ``<name>`` of ``metrics`` (e.g.
        ``metrics=["f1_micro"], monitor="val_f1_micro"``), in the metric's
        direction (greater is better for F1, average precision, AUC and
        scorers). Without early-stopping rows, ``"val_..."`` watches the same
        value on the training rows. ``fit`` refuses a ``monitor`` that the
        fit does not compute before training starts.
    standardize : bool or "auto", default="auto"
        Learn per-feature centring and scaling at fit time, so unscaled
        features need no scaler in front. Sparse inputs are only scaled, never
        centred, so they stay sparse. ``"auto"``: standardise the features of
        a dense ``X`` that take other values than 0 and 1, and leave 0/1
        features and a sparse ``X`` (words, counts, TF-IDF weights) as they
        are: dividing a rare word's column by its small spread turns it into
        one of the largest inputs. With ``model``, applies to 2-D float (or
        sparse) features only: images and integer ``X`` reach the model as
        they are.
    threshold : float or array-like of shape (n_labels,), default=0.5
        Probability at or above which a label is predicted (multi-label and
        binary targets). Losses with the ``"top_count"`` decision rule
        (``partition``) and multiclass targets (argmax) do not use it. Tune it
        with :class:`~skmultinet.ThresholdOptimizer`.
    calibration : {"auto", "platt", "isotonic"} or None, default="auto"
        How the decision scores become probabilities (multi-label and binary
        targets). ``"platt"``: per-label Platt scaling
        ``sigmoid(a_j * score_j + b_j)``, on Platt's smoothed targets, each
        label's map shrunk towards one pair fitted on all labels (so that
        rare labels stay close to it), its slope kept positive.
        ``"isotonic"``: per-label isotonic regression (a non-decreasing
        piecewise-linear map; a label whose fit is constant uses its Platt
        map). ``None``: the loss's own probabilities. ``"auto"``: ``"platt"``
        for the losses whose scores are not probabilities
        (``needs_calibration``: softmax-type, ranking and regression losses),
        ``None`` for the others. The map is fitted on the early-stopping rows,
        which training never saw; without them (``early_stopping=False`` or
        too few rows) on the training rows, with a warning, since a network's
        scores look better there than on new data. ``partial_fit`` refits it
        on each batch it trains on. Labels whose calibration rows cannot fit a
        map of their own (no positive, no negative, constant scores, scores
        that barely rank the rows) are named in one warning per fit; their
        probabilities still vary with the scores. Multiclass targets are never
        calibrated. (Measured in ``benchmarks/bench_calibration.py``.)
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation, dropout, shuffling and the validation
        split. An int makes fits reproducible; the global NumPy, Python and
        TensorFlow random states are never used or changed.
    verbose : int, default=0
        When positive, print one line per epoch: ``Epoch 3/200 - 0.4s
        elapsed, ~12s left - loss 0.31 - val_loss 0.29 - val_f1_micro 0.61``
        (time left at most: early stopping may end sooner), flushed at once.
    callbacks : list of keras.callbacks.Callback, default=None
        Keras callbacks called during ``fit`` and ``partial_fit``. Each fit
        works on deep copies (your objects are never modified, so ``clone``
        and grid searches are safe; read what they write to files, or
        ``history_``). An epoch runs as one compiled call, so only
        ``on_train_begin/end`` and ``on_epoch_begin/end`` are called
        (``partial_fit``: each once); per-batch hooks never are, with a
        warning. ``logs`` hold ``loss``, ``val_loss`` and the metrics.
        ``callback.model`` is the Keras model being trained:
        ``stop_training = True`` ends the fit after the epoch,
        ``get_weights``/``set_weights``, ``save``/``save_weights`` work, and
        setting ``model.optimizer.learning_rate`` changes the next steps
        (``ReduceLROnPlateau``, ``LearningRateScheduler``; it then overrides
        ``learning_rate_schedule``). Early stopping by ``monitor`` still
        applies; weights a callback loads in ``on_train_end`` (``EarlyStopping
        (restore_best_weights=True)``) are kept, with ``best_epoch_`` the epoch
        they come from. Keras's ``EarlyStopping`` and ``ModelCheckpoint`` need
        ``mode="max"`` or ``"min"`` for a metric of ``metrics``. With
        ``TerminateOnNaN`` a NaN loss ends the fit without an error, keeping
        the best finite weights. An error raised by a callback propagates as
        it is, and the estimator keeps its previous state. The safe format
        (:func:`skmultinet.save`) stores no callbacks: set ``callbacks=None``
        before saving (pickle keeps them).
    warm_start : bool, default=False
        Continue training the previous weights (and optimizer state) at the
        next ``fit`` instead of starting afresh. The optimizer state carries on
        only while ``optimizer`` and ``learning_rate`` are unchanged; after a
        change the optimizer restarts from the previous weights.
    distribute : {"auto", "mirrored", "multi_worker_mirrored"}, \
tf.distribute.Strategy or None, default=None
        Data-parallel training: every batch is split between the replicas of
        a ``tf.distribute`` strategy, whose summed gradients make the same
        step as one device on the whole batch. ``"mirrored"`` uses
        ``MirroredStrategy()`` over all visible GPUs, ``"multi_worker_mirrored"``
        ``MultiWorkerMirroredStrategy()`` (one process per machine, configured by
        ``TF_CONFIG``, each fitting the same data with the same ``random_state``;
        TensorFlow allows it only as the process's first TensorFlow work),
        ``"auto"`` mirrors when more than one GPU is visible and
        trains on one device otherwise. A strategy instance is used as given
        but cannot be pickled; names keep the estimator picklable. A strategy
        with a single replica trains on one device. Prediction never needs
        the strategy.
    jit_compile : bool or "auto", default="auto"
        Compile each training epoch with XLA, which fuses the many small
        operations of a step; it pays where TensorFlow runs on several threads
        (measured on 2 cores: yeast, batch 32, 50 epochs, 1.7x faster), and
        costs about a second of compilation per network and batch size (kept
        for later fits in the process). ``"auto"`` compiles when the fit may
        run at least 2 000 steps (``epochs`` times batches per epoch): a rule
        of the data and parameters only, so that a grid search gives the same
        results in one process or on workers with fewer threads; it never
        compiles a user's ``model`` (on CPU, XLA made a small CNN's epochs
        25 to 45 times slower: pass ``jit_compile=True`` to try it on your
        hardware). Sparse inputs and ``distribute`` always run uncompiled. Without dropout, results
        agree with the uncompiled run to float32 rounding; with dropout, XLA
        draws other (equally reproducible) masks, so the two differ like two
        seeds.

    Attributes
    ----------
    classes_ : ndarray
        Class labels (binary, multiclass), label names (label sets, DataFrame
        columns) or ``arange(n_labels)`` (indicator matrices).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names, when ``X`` was a DataFrame with string column names.
    loss_ : keras.losses.Loss or callable
        The loss used for training (a private copy, adapted to the data).
        After unpickling, a Keras loss object is restored (importing Keras)
        only when this attribute is first read; prediction needs it only for a
        loss subclass with its own decision methods. Loss and optimizer objects
        passed as parameters are restored the same way.
    coefs_ : list of ndarray
        Kernel of each layer, as learned on the standardised inputs. With
        ``model``: the trained model's variables, ``model.variables`` order
        (batch-norm statistics and dropout seed states included).
    intercepts_ : list of ndarray
        Bias of each layer (empty with ``model``).
    input_mean_ : ndarray of shape (n_features_in_,) or None
        Centring learned by ``standardize`` (``None`` for sparse X; 0 for
        the 0/1 features that ``"auto"`` leaves as they are).
    input_scale_ : ndarray of shape (n_features_in_,) or None
        Scaling learned by ``standardize`` (1 for the features left as they
        are; ``None`` when nothing is scaled).
    calibration_ : dict or None
        The fitted map of ``calibration`` from decision scores to calibrated
        logits (``expit`` of them is :meth:`predict_proba`), ``None`` when
        uncalibrated. Per-label Platt: ``{"method": "platt", "slope": ndarray
        of shape (n_labels,), "intercept": ndarray of shape (n_labels,)}``,
        label ``j``'s logit being ``slope[j] * score_j + intercept[j]``.
        Isotonic: ``{"method": "isotonic", "knots": list, "values": list,
        "slope": ..., "intercept": ...}``: label ``j``'s probability is
        ``np.interp(score_j, knots[j], values[j])`` (increasing knots,
        non-decreasing values, constant beyond the ends), or its Platt map
        when ``knots[j]`` is empty. Models fitted before skmultinet had
        per-label calibration hold one global pair ``(slope, intercept)``,
        and keep predicting with it.
    history_ : dict of list of float
        Per-epoch ``"loss"`` and, with early stopping, ``"val_loss"``; the
        ``metrics`` as ``"val_<name>"`` and ``"train_<name>"``.
    n_iter_ : int
        Epochs run by the last call of ``fit`` (cumulated by ``partial_fit``).
    best_epoch_ : int
        Epoch whose weights were kept (1-based).
    best_score_ : float
        The value of ``monitor_`` at ``best_epoch_`` (a loss when monitoring
        one); NaN when a callback loaded weights of no epoch of the fit.
    monitor_ : str
        The ``history_`` key early stopping watched (``monitor``, or its
        training-rows counterpart when no rows were held out).
    model_ : keras.Model
        The trained network as a Keras model taking *unscaled* features (the
        input scaling is folded into its first layer) and returning logits.
        Built on first access. With ``model``: the trained copy of your model,
        which takes ``(X - input_mean_) / input_scale_`` when ``standardize``
        scaled ``X``.

    See Also
    --------
    skmultinet.ThresholdOptimizer : Tune the decision thresholds.
    sklearn.neural_network.MLPClassifier : One loss, fixed 0.5 cut.

    Examples
    --------
    >>> from sklearn.datasets import make_multilabel_classification
    >>> from skmultinet import MultiLabelNetClassifier
    >>> X, Y = make_multilabel_classification(n_samples=200, n_classes=4, random_state=0)
    >>> clf = MultiLabelNetClassifier((32,), epochs=20, random_state=0).fit(X, Y)
    >>> clf.predict_proba(X[:2]).shape
    (2, 4)
    """

    _parameter_constraints: ClassVar[dict] = {
        "hidden_layer_sizes": ["array-like"],
        "activation": [StrOptions(set(KERAS_ACTIVATIONS))],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "model": [callable, None],
        "model_params": [dict, None],
        "loss": [str, callable],
        "optimizer": [StrOptions(set(OPTIMIZERS)), HasMethods(["apply_gradients", "get_config"])],
        "learning_rate": [Interval(Real, 0, None, closed="neither"), None],
        "learning_rate_schedule": [StrOptions({"constant", "cosine"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "metrics": [list, None],
        "metrics_on_train": ["boolean"],
        "monitor": [str],
        "standardize": ["boolean", StrOptions({"auto"})],
        "threshold": [Interval(Real, 0, 1, closed="both"), "array-like"],
        "calibration": [StrOptions({"auto", "platt", "isotonic"}), None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "callbacks": [list, None],
        "warm_start": ["boolean"],
        "jit_compile": ["boolean", StrOptions({"auto"})],
        "distribute": [
            StrOptions(set(STRATEGY_NAMES)), HasMethods(["run", "scope", "reduce"]), None
        ],
    }

    def __init__(
        self,
        hidden_layer_sizes=(512,),
        *,
        activation="relu",
        dropout=0.5,
        model=None,
        model_params=None,
        loss="binary_crossentropy",
        optimizer="adam",
        learning_rate=None,
        learning_rate_schedule="constant",
        alpha=1e-4,
        batch_size="auto",
        epochs=200,
        early_stopping=True,
        validation_fraction=0.1,
        n_iter_no_change=10,
        tol=1e-4,
        metrics=None,
        metrics_on_train=False,
        monitor="val_loss",
        standardize="auto",
        threshold=0.5,
        calibration="auto",
        random_state=None,
        verbose=0,
        callbacks=None,
        warm_start=False,
        distribute=None,
        jit_compile="auto",
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.dropout = dropout
        self.model = model
        self.model_params = model_params
        self.loss = loss
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.learning_rate_schedule = learning_rate_schedule
        self.alpha = alpha
        self.batch_size = batch_size
        self.epochs = epochs
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.metrics = metrics
        self.metrics_on_train = metrics_on_train
        self.monitor = monitor
        self.standardize = standardize
        self.threshold = threshold
        self.calibration = calibration
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks
        self.warm_start = warm_start
        self.distribute = distribute
        self.jit_compile = jit_compile

    # ------------------------------------------------------------------ fit

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train the network on ``X`` and ``y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse matrices are never densified as a whole.
            With ``model``, also an array of any rank ``(n_samples, ...)``.
        y : array-like, sparse matrix, DataFrame or sequence of label sets
            A 0/1 indicator matrix of shape (n_samples, n_labels), a sequence
            of label collections (``[["a", "b"], [], ["c"]]``) or 1-D class
            labels (binary or multiclass). An indicator matrix may mark
            unknown entries (partially labelled data): ``NaN`` in a float
            array or DataFrame (``pd.NA`` in nullable dtypes), ``-1`` in an
            integer array, a stored ``NaN`` or ``-1`` in a sparse matrix. The
            loss (every loss of ``skmultinet.losses``), the early-stopping
            split and the validation loss leave them out; ``predict`` still
            fills every label.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative row weights.

        Returns
        -------
        self : MultiLabelNetClassifier
            The fitted estimator.

        Notes
        -----
        A fit either completes or changes nothing: the learned state is
        replaced only once training has finished. If training diverges (the
        loss becomes NaN or infinite) a ``ValueError`` is raised; if it is
        interrupted (``KeyboardInterrupt``, Ctrl-C) the interrupt propagates.
        In both cases the estimator keeps its previous fitted state, or stays
        unfitted if it was unfitted. The same holds for :meth:`partial_fit`.

        A network too large to train is refused with a ``ValueError`` before
        anything of its size is allocated: its weights and biases, counted
        three times (the weights and the optimizer's two copies, as Adam
        keeps), may hold at most ``2**31`` values (8 GiB of float32), e.g.
        about 2.8 million features under a first layer of 256 units. Only a
        mistake reaches it (such as one huge feature index in a LIBSVM file);
        hash or select the features, or narrow the first layer.
        """
        return self._fit(X, y, sample_weight, incremental=False, classes=None)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Run one epoch over ``X``, ``y`` without early stopping.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : targets, as for :meth:`fit`
        classes : array-like, default=None
            Every class (1-D targets) or every label (label sets). Required
            at the first call for those targets, since one batch may not show
            them all; ignored afterwards.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : MultiLabelNetClassifier
        """
        if not self.__sklearn_is_fitted__() and classes is None and needs_classes(y):
            raise ValueError(
                "classes must be passed on the first call to partial_fit for 1-D class "
                "labels or label sets, naming every class/label that can appear."
            )
        return self._fit(X, y, sample_weight, incremental=True, classes=classes)

    def __sklearn_is_fitted__(self):
        return hasattr(self, "coefs_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        tags.classifier_tags.multi_label = True
        tags.non_deterministic = self.random_state is None
        return tags
