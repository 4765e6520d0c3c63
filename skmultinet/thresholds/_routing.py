"""Metadata routing of :class:`~skmultinet.ThresholdOptimizer`'s ``fit``.

``fit``'s metadata (``sample_weight``, ``groups``, and whatever the user's
objects request) go to three consumers: ``estimator.fit``, ``cv.split`` and
the ``scoring`` scorer that weights the search's metric. This module says
which gets what, with scikit-learn's metadata routing enabled or not.
"""

from sklearn.metrics import get_scorer, get_scorer_names, hamming_loss, make_scorer
from sklearn.utils import Bunch
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    _routing_enabled,
    process_routing,
)
from sklearn.utils.validation import has_fit_parameter


class ThresholdRoutingMixin:
    """``get_metadata_routing`` and the routing of ``fit``'s metadata, for ThresholdOptimizer."""

    def _route_metadata(self, sample_weight, fit_params):
        """Where each metadata goes: ``estimator.fit``, ``cv.split``, the scorer.

        With routing enabled, as the consumers request; otherwise today's
        behaviour: ``groups`` to the splitter, ``sample_weight`` to the metric
        and (when it accepts it) to ``estimator.fit``, the rest to
        ``estimator.fit``.
        """
        if _routing_enabled():
            routed = process_routing(self, "fit", sample_weight=sample_weight, **fit_params)
            unsupported = set(routed.scorer.score) - {"sample_weight"}
            if unsupported:
                raise ValueError(
                    f"ThresholdOptimizer passes only sample_weight to its scorer, but the "
                    f"scorer requests {sorted(unsupported)}; set those requests to False "
                    f"(set_score_request) or fix them in the metric (make_scorer kwargs)."
                )
            return routed
        fit_params = dict(fit_params)
        groups = fit_params.pop("groups", None)
        if sample_weight is not None and has_fit_parameter(self.estimator, "sample_weight"):
            fit_params["sample_weight"] = sample_weight
        return Bunch(
            estimator=Bunch(fit=fit_params),
            # a splitter of the user's may not take groups at all: pass them only if given
            splitter=Bunch(split={} if groups is None else {"groups": groups}),
            scorer=Bunch(score={} if sample_weight is None else {"sample_weight": sample_weight}),
        )

    def get_metadata_routing(self):
        """Get the metadata routing of this object.

        ``fit``'s metadata go to ``estimator.fit``, ``cv.split`` and the
        ``scoring`` scorer, each as it requests. See the scikit-learn User
        Guide on metadata routing.

        Returns
        -------
        routing : MetadataRouter
            The routing information.
        """
        return (
            MetadataRouter(owner=self)
            .add(
                estimator=self.estimator,
                method_mapping=MethodMapping().add(caller="fit", callee="fit"),
            )
            .add(
                splitter=self.cv,
                method_mapping=MethodMapping().add(caller="fit", callee="split"),
            )
            .add(
                scorer=self._routing_scorer(),
                method_mapping=MethodMapping().add(caller="fit", callee="score"),
            )
        )

    def _routing_scorer(self):
        """``scoring`` as a scikit-learn scorer: its requests say what the search's metric gets.

        A scorer of the user's keeps its ``set_score_request``; a name or a
        plain function gets a scorer that requests nothing, as in
        ``TunedThresholdClassifierCV``.
        """
        if hasattr(self.scoring, "get_metadata_routing"):
            return self.scoring
        if callable(self.scoring):
            return make_scorer(self.scoring)
        if self.scoring in get_scorer_names():
            return get_scorer(self.scoring)
        # the names scikit-learn has no scorer for: "hamming_loss", "neg_hamming_loss"
        return make_scorer(hamming_loss, greater_is_better=False)
