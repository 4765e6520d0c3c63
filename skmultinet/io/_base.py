"""What a describer is: the one place that knows how to write and rebuild a class.

Each class of the closed set has a describer. :class:`EstimatorDescriber`
covers scikit-learn style estimators: the constructor's parameters
(``get_params(deep=False)``), checked on loading by the estimator's own
``_validate_params``, and the fitted attributes, each checked by the
describer before it is set.
"""

from ._checks import check_mapping, fail
from ._errors import unsupported
from ._losses import defer_or_build, holds_recipe

# Parameters that only act during fit and hold arbitrary Python objects.
TRAINING_TIME_PARAMS = ("callbacks",)


class Describer:
    """Writes objects of ``cls`` as plain values and rebuilds them.

    Attributes
    ----------
    name : str
        The class name written in the file.
    cls : type
        The class described (exactly: subclasses are not).
    """

    name = None
    cls = None

    def describe(self, obj, encoder, where):
        """A dict of JSON-ready values describing ``obj``."""
        raise NotImplementedError

    def restore(self, body, decoder, where):
        """The object that ``body`` (what :meth:`describe` wrote) describes."""
        raise NotImplementedError


class EstimatorDescriber(Describer):
    """Parameters, and the fitted attributes when the estimator is fitted.

    Attributes
    ----------
    marker : str
        An attribute that exists once the estimator is fitted.
    fitted : tuple of str
        Attributes every fitted estimator has.
    optional : tuple of str
        Attributes that some fits set (``feature_names_in_``).
    """

    marker = None
    fitted = ()
    optional = ("feature_names_in_",)

    def describe(self, obj, encoder, where):
        params = obj.get_params(deep=False)
        self.check_params(obj, params, where)
        body = {"params": {name: encoder.encode(value, f"{where}.{name}")
                           for name, value in params.items()}}
        if self.marker in vars(obj):
            body["fitted"] = {name: encoder.encode(value, f"{where}.{name}")
                              for name, value in self.fitted_state(obj).items()}
        return body

    def check_params(self, obj, params, where):
        """Refuse parameters the format cannot rebuild (the encoder refuses unknown types).

        Training-time objects (``callbacks``) are refused with the way out:
        they act during ``fit`` only, and a loaded model predicts without them.
        """
        for name in TRAINING_TIME_PARAMS:
            if params.get(name) is not None:
                raise unsupported(
                    f"{where}.{name}", params[name],
                    f"holds training-time objects, which the safe format does not store: "
                    f"set {name}=None before saving (estimator.set_params({name}=None)); "
                    "the fitted model predicts without them")

    def fitted_state(self, obj):
        """``{name: value}`` of the fitted attributes."""
        state = {name: getattr(obj, name) for name in self.fitted}
        state.update((name, getattr(obj, name)) for name in self.optional if hasattr(obj, name))
        return state

    def restore(self, body, decoder, where):
        check_mapping(body, where, required=("params",), optional=("fitted",))
        params = check_mapping(body["params"], f"{where}.params",
                         optional=self.cls._get_param_names())
        values = {name: decoder.decode(node, f"{where}.{name}") for name, node in params.items()}
        estimator = self.build(values, where)
        if "fitted" in body:
            fitted = check_mapping(body["fitted"], f"{where}.fitted", required=self.fitted_names(),
                             optional=self.optional)
            state = {name: decoder.decode(node, f"{where}.{name}")
                     for name, node in fitted.items()}
            self.restore_fitted(estimator, state, where)
        return estimator

    def fitted_names(self):
        return self.fitted

    def build(self, params, where):
        """The unfitted estimator of ``params``, checked by its own ``_validate_params``.

        Parameters holding catalogue losses stay deferred (built at first
        read, which imports Keras) when the class defers them.
        """
        deferred = getattr(self.cls, "_deferred", ())
        later = {name: value for name, value in params.items()
                 if name in deferred and holds_recipe(value)}
        estimator = self.cls(**{name: defer_or_build(value) for name, value in params.items()
                                if name not in later})
        try:
            estimator._validate_params()
        except (TypeError, ValueError) as error:
            raise fail(where, f"invalid parameters: {error}") from None
        for name, value in later.items():
            set_value(estimator, name, value)
        return estimator

    def restore_fitted(self, estimator, state, where):
        """Check the decoded fitted attributes and set them on ``estimator``."""
        self.check_fitted(state, where)
        for name, value in state.items():
            set_value(estimator, name, value)

    def check_fitted(self, state, where):
        """Raise ModelFileError when the fitted attributes do not fit together."""


def set_value(obj, name, value):
    """Set ``obj.name``; catalogue losses in an attribute the class defers stay deferred."""
    if name in getattr(type(obj), "_deferred", ()) and holds_recipe(value):
        vars(obj).pop(name, None)
        vars(obj).setdefault("_pickled", {})[name] = defer_or_build(value, defer=True)
    else:
        setattr(obj, name, defer_or_build(value))
