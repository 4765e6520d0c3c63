"""Where the classes of models pickled before the package had wings live now.

Pickles name a class by module and name. Up to version 0.1.0 the package was
flat (``skmultinet._classifier.MultiLabelNetClassifier`` and the like); those
modules moved into the wings. A finder at the end of ``sys.meta_path``
answers an import of an old module (only when no real module of that name
exists) with a stand-in whose attributes are the classes at their new homes,
so that ``pickle.load`` and ``joblib.load`` of an old model need nothing from
the user. Only names that a fitted model can hold are listed: a pickle names
nothing else.
"""

import importlib
import importlib.abc
import importlib.machinery
import sys
import types

#: Old module -> {class name: "new.module:Name"}.
LEGACY_NAMES = {
    "skmultinet._classifier": {
        "MultiLabelNetClassifier": "skmultinet.neural._estimator:MultiLabelNetClassifier",
        # Rebuilt from the weights on load (MultiLabelNetClassifier.__setstate__).
        "_ForwardWeights": "skmultinet.neural.networks._base:PredictionWeights",
    },
    "skmultinet._targets": {"TargetEncoder": "skmultinet.neural._targets:TargetEncoder"},
    "skmultinet._decision": {
        "ThresholdRule": "skmultinet.decision._rules:ThresholdRule",
        "TopCountRule": "skmultinet.decision._rules:TopCountRule",
    },
    "skmultinet._thresholds": {
        "ThresholdOptimizer": "skmultinet.thresholds._optimizer:ThresholdOptimizer",
    },
    "skmultinet._auto": {
        "AutoMultiLabelNet": "skmultinet.auto._estimator:AutoMultiLabelNet",
        "SeedAveragedClassifier": "skmultinet.auto._ensemble:SeedAveragedClassifier",
        "_FixedScores": "skmultinet.auto._cross_fitting:_FixedScores",
    },
}


def resolve_legacy_name(module, name):
    """The object that ``module.name`` of an old pickle refers to now.

    Raises
    ------
    AttributeError
        When ``name`` was never a class of a saved model in ``module``.
    """
    target = LEGACY_NAMES.get(module, {}).get(name)
    if target is None:
        raise AttributeError(
            f"module {module!r} has no attribute {name!r}: this pickle names a class that "
            f"skmultinet never saved in models. Refit the model with this version."
        )
    new_module, new_name = target.split(":")
    return getattr(importlib.import_module(new_module), new_name)


class _LegacyModuleLoader(importlib.abc.Loader):
    def create_module(self, spec):
        module = types.ModuleType(spec.name, f"Moved: see {__name__}.LEGACY_NAMES.")
        module.__getattr__ = lambda name: resolve_legacy_name(spec.name, name)
        return module

    def exec_module(self, module):
        pass


class _LegacyModuleFinder(importlib.abc.MetaPathFinder):
    """Answers imports of the old module paths listed in :data:`LEGACY_NAMES`."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in LEGACY_NAMES:
            return None
        return importlib.machinery.ModuleSpec(fullname, _LegacyModuleLoader())


def install_legacy_module_finder():
    """Put the finder at the end of ``sys.meta_path`` (once per process)."""
    if not any(isinstance(finder, _LegacyModuleFinder) for finder in sys.meta_path):
        sys.meta_path.append(_LegacyModuleFinder())
