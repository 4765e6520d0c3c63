"""Fit of :class:`~skmultinet.MultiLabelNetClassifier` as a few named steps.

``fit`` and ``partial_fit`` hand over to :meth:`NetFitMixin._fit`, which checks
what it can before any TensorFlow work, then runs the steps: the training data
(validated, encoded, zero-weight rows dropped), the starting point (a new loss,
network and input scaling, or the previous fit's to continue), the
early-stopping split, training (:func:`~.training.train_network`, watching what
:mod:`._fit_monitoring` resolved), the calibration (:mod:`._loss_choice`) and,
last, the fitted state, replaced all at once.
"""

import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_consistent_length, validate_data

from ._fit_inputs import (
    check_hidden_layer_sizes,
    check_threshold,
    check_unknown_targets,
    check_weights,
    standardizable,
)
from ._fit_monitoring import check_monitoring, training_watch
from ._loss_choice import calibrate_fit, prediction_rule, resolve_loss
from ._network_size import check_network_size
from ._optimizers import (
    auto_batch_size,
    epoch_learning_rates,
    optimizer_recipe,
    use_jit_compile,
)
from ._scaling import fit_input_scaling, scale_inputs
from ._splitting import validation_split
from ._targets import TargetEncoder
from ._user_model import user_network, validate_features
from .networks import KerasModelNetwork, MLPNetwork, PredictionWeights
from .training import TrainingDiverged, merged_history, train_network
from .training._distribute import resolve_strategy


class NetFitMixin:
    """``_fit`` (what ``fit`` and ``partial_fit`` run) and its steps."""

    def _fit(self, X, y, sample_weight, *, incremental, classes):
        """Check, train and calibrate; the fitted state changes only at the end.

        Parameters
        ----------
        X, y, sample_weight
            As for ``fit``.
        incremental : bool
            Whether this is ``partial_fit``: one epoch, no early-stopping rows.
        classes : array-like or None
            As for ``partial_fit``.

        Returns
        -------
        self
        """
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y is None."
            )
        hidden_layer_sizes = check_hidden_layer_sizes(self.hidden_layer_sizes)
        # A monitor that names nothing the fit computes is refused before any work.
        metrics = check_monitoring(self.metrics, self.monitor)
        if self.model is None and self.model_params:
            raise ValueError(
                "model_params are the arguments of a build function passed as model, but "
                "model is None: pass model=your_build_function, or model_params=None."
            )
        # Before any TensorFlow work: a multi-worker strategy can only be
        # created while TensorFlow's runtime is still unconfigured.
        strategy = resolve_strategy(self.distribute)
        continuing = (incremental or self.warm_start) and self.__sklearn_is_fitted__()
        X, Y, sample_weight, encoder = self._training_data(X, y, sample_weight, classes,
                                                           continuing)
        thresholds = check_threshold(self.threshold, encoder)
        custom = self.model is not None
        if continuing:
            loss = self.loss_
            if custom:
                network = self._network
            else:
                network = self._mlp((X.shape[1], *(c.shape[1] for c in self.coefs_)))
            input_mean, input_scale = self.input_mean_, self.input_scale_
        else:
            loss = resolve_loss(self.loss, encoder, Y, sample_weight, type(self).__name__)
            n_outputs = encoder.n_outputs + getattr(loss, "n_extra_outputs", 0)
            if custom:
                network = user_network(self.model, self.model_params, X, encoder, n_outputs)
                input_mean, input_scale = self._fit_input_scaling(
                    X, sample_weight, enabled=standardizable(X))
            else:
                network = self._mlp((X.shape[1], *hidden_layer_sizes, n_outputs))
                # Before the first array of the network's (or the features') size.
                check_network_size(network.layer_sizes)
                input_mean, input_scale = self._fit_input_scaling(X, sample_weight)
        check_unknown_targets(loss, Y, encoder.classes, type(self).__name__,
                              warn_empty_labels=not continuing)
        if custom and input_scale is None and not sp.issparse(X):
            X_scaled = X  # images and token ids reach the model as they are: no copy
        else:
            X_scaled = scale_inputs(X, input_mean, input_scale)
        rng = self._fit_rng()
        train_rows, validation_rows = np.arange(X.shape[0]), None
        if self.early_stopping and not incremental:
            split = validation_split(encoder.target_type, Y, self.validation_fraction, rng)
            if split is not None:
                train_rows, validation_rows = split
        if continuing:
            weights = list(self.coefs_) if custom else (self.coefs_, self.intercepts_)
        else:
            weights = network.initial_weights(rng)
        watch = training_watch(metrics, monitor=self.monitor,
                               metrics_on_train=self.metrics_on_train, callbacks=self.callbacks,
                               has_validation=validation_rows is not None, encoder=encoder,
                               loss=loss, thresholds=thresholds)
        trained = self._train(network, weights, loss, X_scaled, Y, sample_weight, train_rows,
                              validation_rows, rng, incremental, strategy, continuing, watch)
        calibration = calibrate_fit(
            self.calibration, network, trained.weights, loss, X_scaled, Y, sample_weight,
            encoder, train_rows=train_rows, validation_rows=validation_rows,
            incremental=incremental, estimator_name=type(self).__name__)
        self._set_fitted_state(encoder, thresholds, loss, input_mean, input_scale, network,
                               trained, calibration, keep_history=incremental and continuing)
        if not incremental and not trained.result.converged and self.epochs > 1:
            warnings.warn(
                f"{type(self).__name__} ran the maximum of {self.epochs} epochs without "
                "converging; raise epochs or learning_rate.",
                ConvergenceWarning,
            )
        return self

    def _training_data(self, X, y, sample_weight, classes, continuing):
        """Validated ``X``, encoded targets ``Y`` and weights, zero-weight rows dropped."""
        if self.model is not None:
            X = validate_features(self, X, reset=not continuing)
            if continuing:
                self._check_row_shape(X)
        else:
            # Arrays only: np.ndim would convert a list (validate_data's message covers it).
            ndim = getattr(X, "ndim", 2)
            if not sp.issparse(X) and isinstance(ndim, int) and ndim > 2:
                raise ValueError(
                    f"Found array with dim {ndim}, but the built-in network takes a "
                    "2-D array of features: pass model= (a build function or a keras.Model) "
                    "to train your own network on images or sequences, or reshape X to 2-D."
                )
            X = validate_data(
                self,
                X,
                accept_sparse=("csr", "csc"),
                dtype=(np.float64, np.float32),
                reset=not continuing,
            )
        encoder = self._target_encoder if continuing else TargetEncoder().fit(y, classes)
        Y = encoder.transform(y)
        check_consistent_length(X, Y)
        sample_weight = check_weights(sample_weight, X)
        if not np.any(sample_weight > 0):
            raise ValueError(
                "sample_weight is zero for every row: give at least one row a positive weight."
            )
        # Zero-weight rows change nothing but the batch composition: dropping
        # them makes a zero weight exactly equivalent to removing the row.
        keep = sample_weight > 0
        if not keep.all():
            X, Y, sample_weight = X[keep], Y[keep], sample_weight[keep]
        return X, Y, sample_weight, encoder

    def _fit_input_scaling(self, X, sample_weight, enabled=True):
        """``(input_mean, input_scale)`` for ``standardize``, or ``(None, None)``."""
        auto = self.standardize == "auto"
        # Sparse inputs are words, counts or TF-IDF weights: scaling each
        # column by its spread magnifies the rarest ones (see the README).
        if not (self.standardize and enabled) or (auto and sp.issparse(X)):
            return None, None
        with np.errstate(over="ignore"):
            input_mean, input_scale = fit_input_scaling(X, sample_weight, keep_binary=auto)
        if not np.all(np.isfinite(input_scale)):
            raise ValueError(
                "Some features of X are too large to standardize (their variance "
                "overflows float64). Divide them by a constant before fitting."
            )
        return input_mean, input_scale

    def _fit_rng(self):
        """The fit's one source of randomness, drawn from ``random_state``."""
        return np.random.default_rng(
            check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
            if self.random_state is not None
            else None
        )

    def _mlp(self, layer_sizes):
        """The network of this estimator's parameters, ``(n_features, hidden..., n_outputs)`` wide."""
        return MLPNetwork(layer_sizes[0], layer_sizes[-1], hidden_layer_sizes=layer_sizes[1:-1],
                          activation=self.activation, dropout=self.dropout)

    def _train(self, network, weights, loss, X, Y, sample_weight, train_rows, validation_rows,
               rng, incremental, strategy, continuing, watch):
        """Train ``network`` from ``weights`` (see :func:`~.training.train_network`).

        ``watch`` holds what is watched during training: ``monitor`` and its
        direction, the ``callbacks``, the ``metrics`` and their ``decoder``
        (see :func:`._fit_monitoring.training_watch`).

        A previous fit's optimizer state carries on only under the same
        optimizer configuration; otherwise the optimizer restarts.
        """
        recipe = optimizer_recipe(self.optimizer, self.learning_rate)
        epochs = 1 if incremental else self.epochs
        # Checked before training starts: a refused schedule touches nothing.
        learning_rates = epoch_learning_rates(self.learning_rate_schedule, self.optimizer,
                                              recipe[1], self.epochs, incremental=incremental)
        n_train = len(train_rows)
        batch_size = auto_batch_size(self.batch_size, n_train)
        try:
            return train_network(
                network, loss, recipe, X, Y, sample_weight,
                train_rows=train_rows, validation_rows=validation_rows, weights=weights,
                optimizer_state=self._optimizer_state if continuing else None,
                optimizer_state_key=getattr(self, "_optimizer_state_key", None),
                # A user's model carries its own regularizers.
                alpha=0.0 if isinstance(network, KerasModelNetwork) else self.alpha,
                strategy=strategy,
                learning_rates=learning_rates, epochs=epochs,
                batch_size=min(batch_size, n_train), n_iter_no_change=self.n_iter_no_change,
                tol=float(self.tol), rng=rng, verbose=self.verbose,
                stop_on_plateau=not incremental, **watch,
                jit_compile=(False if self.jit_compile == "auto"
                             and isinstance(network, KerasModelNetwork)
                             else use_jit_compile(self.jit_compile, epochs, n_train,
                                                  batch_size)),
            )
        except TrainingDiverged as error:
            # The weights live in the trainer, not in this estimator: its
            # previous fitted state is untouched.
            raise ValueError(str(error)) from None

    def _set_fitted_state(self, encoder, thresholds, loss, input_mean, input_scale, network,
                          trained, calibration, keep_history):
        """Replace the fitted state at once, so that a failed fit never leaves half of one."""
        result = trained.result
        self._target_encoder = encoder
        self._thresholds = thresholds
        self.classes_ = encoder.classes
        self.loss_ = loss
        self._prediction_rule = prediction_rule(loss)
        self.input_mean_, self.input_scale_ = input_mean, input_scale
        self._network = network
        if isinstance(network, KerasModelNetwork):
            self.coefs_, self.intercepts_ = list(trained.weights), []
        else:
            self.coefs_, self.intercepts_ = trained.weights
        self.calibration_ = calibration
        self.history_ = merged_history(self.history_ if keep_history else None, result.history)
        self.n_iter_ = (self.n_iter_ if keep_history else 0) + result.n_epochs
        self.best_epoch_ = result.best_epoch
        self.best_score_ = result.best_score
        self.monitor_ = result.monitor
        self._optimizer_state = trained.optimizer_state
        self._optimizer_state_key = trained.optimizer_key
        self._export_model = None
        self._decoder = self._build_decoder()
        self._forward_weights = PredictionWeights(network, trained.weights, input_mean,
                                                  input_scale)
