"""Models pickled before the package had wings load and predict exactly as they did.

The files in ``data/legacy_pickles`` were written by skmultinet at commit 9b7ad31, whose
modules were flat (``skmultinet._classifier`` ...); ``make_legacy_pickles.py`` beside
them is the script that wrote them. They are the project's own files, not user input.
"""

import pathlib
import pickle

import numpy as np
import pytest

FIXTURES = pathlib.Path(__file__).resolve().parent / "data" / "legacy_pickles"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.pkl"))


def test_the_fixtures_are_there():
    """Every estimator kind saved before the move is covered."""
    assert {"classifier", "threshold_optimizer", "auto"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_legacy_pickle_predicts_identically(name):
    """predict equals what was saved with the model; predict_proba to float64 rounding.

    The probabilities were saved under an older NumPy; NumPy 2.4.6 with OpenBLAS 0.3.31
    rounds some products differently in the last bit (differences up to 6e-16).
    """
    with open(FIXTURES / f"{name}.pkl", "rb") as file:
        model = pickle.load(file)
    expected = np.load(FIXTURES / f"{name}_expected.npz")
    np.testing.assert_array_equal(np.asarray(model.predict(expected["X"])), expected["predict"])
    np.testing.assert_allclose(model.predict_proba(expected["X"]), expected["predict_proba"],
                               rtol=1e-12, atol=1e-15)


def test_legacy_pickle_loads_in_a_fresh_process_without_keras(fresh_python):
    """The old module paths resolve in a new process, and loading needs no TensorFlow."""
    code = (
        "import pickle, sys, numpy as np;"
        f"model = pickle.load(open({str(FIXTURES / 'auto.pkl')!r}, 'rb'));"
        f"expected = np.load({str(FIXTURES / 'auto_expected.npz')!r});"
        "assert (model.predict(expected['X']) == expected['predict']).all();"
        "assert 'tensorflow' not in sys.modules, 'tensorflow was imported'"
    )
    result = fresh_python(["-c", code])
    assert result.returncode == 0, result.stderr[-2000:]


def test_unknown_name_in_an_old_module_says_to_refit():
    """A name no saved model ever held gives an error that says what to do."""
    import skmultinet  # noqa: F401  (installs the finder)
    import skmultinet._classifier as old

    with pytest.raises(AttributeError, match="Refit the model"):
        old.NoSuchClass  # noqa: B018


def test_old_paths_never_shadow_real_modules():
    """The finder answers only for modules that no longer exist."""
    from skmultinet._legacy import LEGACY_NAMES

    package = pathlib.Path(__file__).resolve().parent.parent / "skmultinet"
    for module in LEGACY_NAMES:
        relative = module.split(".", 1)[1].replace(".", "/")
        assert not (package / f"{relative}.py").exists()
        assert not (package / relative / "__init__.py").exists()
