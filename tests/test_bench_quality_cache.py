"""The result cache of the quality benchmark (benchmarks/bench_quality.py).

A cached result is reused only for the seed it was made at, and its
"skmultinet defaults" rows only under the defaults they were fitted with.
The benchmark folder is not a package: the module is imported by path.
"""

import importlib.util
import json
import os
import sys

import pytest

BENCHMARKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks")


@pytest.fixture(scope="module")
def bq():
    sys.path.insert(0, BENCHMARKS)  # its own imports: rank_statistics, stored_scores
    try:
        spec = importlib.util.spec_from_file_location(
            "bench_quality", os.path.join(BENCHMARKS, "bench_quality.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(BENCHMARKS)
    return module


def _result(seed, defaults):
    return {"seed": seed, "defaults": defaults,
            "rows": [{"model": "skmultinet defaults", "rule": "tuned"},
                     {"model": "RandomForest(300)", "rule": "tuned"}],
            "defaults_seeds": {"skmultinet defaults": [[0.5, 0.4]]}}


def test_first_seed_in_the_folder_others_below(bq):
    assert bq.cached_path("c", "yeast", 0) == os.path.join("c", "yeast.json")
    assert bq.cached_path("c", "yeast", 3) == os.path.join("c", "seed3", "yeast.json")
    assert bq.cached_path("c", "yeast", 3, first_seed=3) == os.path.join("c", "yeast.json")


def test_a_cache_of_another_seed_is_refused(bq, tmp_path):
    path = tmp_path / "yeast.json"
    assert bq.read_cached(str(path), 0) is None
    path.write_text(json.dumps(_result(1, bq.defaults_stamp())))
    assert bq.read_cached(str(path), 1)["seed"] == 1
    with pytest.raises(SystemExit, match="holds seed 1, not seed 0"):
        bq.read_cached(str(path), 0)


def test_defaults_rows_of_other_defaults_are_forgotten(bq):
    """Rows stamped with today's defaults stay; other or missing stamps lose them."""
    today = _result(0, bq.defaults_stamp())
    assert not bq.forget_stale_defaults(today) and len(today["rows"]) == 2
    other = _result(0, {**bq.defaults_stamp(), "dropout": "0.2"})
    unstamped = _result(0, None)
    del unstamped["defaults"]
    for stale in (other, unstamped):
        assert bq.forget_stale_defaults(stale)
        assert [row["model"] for row in stale["rows"]] == ["RandomForest(300)"]
        assert "defaults_seeds" not in stale


def test_the_stamp_follows_the_defaults(bq, monkeypatch):
    """A change of a default of MultiLabelNetClassifier changes the stamp."""
    from skmultinet import MultiLabelNetClassifier

    before = bq.defaults_stamp()
    assert before["hidden_layer_sizes"] == repr(MultiLabelNetClassifier().hidden_layer_sizes)
    original = MultiLabelNetClassifier.get_params

    def other_defaults(self, deep=True):
        return {**original(self, deep), "dropout": 0.25}

    monkeypatch.setattr(MultiLabelNetClassifier, "get_params", other_defaults)
    assert bq.defaults_stamp() != before
