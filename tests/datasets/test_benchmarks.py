"""Tests of the benchmark catalogue (skmultinet.datasets._benchmarks)."""

import os

import numpy as np
import pytest
from sklearn.utils import Bunch

from skmultinet import datasets
from skmultinet.datasets import DataError, load_dataset

from _paths import SHARED_DATA as DATA  # noqa: E402
MULAN = os.path.join(DATA, "mulan")
needs_data = pytest.mark.skipif(not os.path.isdir(MULAN), reason="MULAN data not available")


@needs_data
def test_load_dataset_local_splits():
    # Benchmark names read the official split from data_home, or both stacked.
    train = load_dataset("emotions", DATA, subset="train")
    everything = load_dataset("emotions", DATA)
    assert train.data.shape == (391, 72)
    assert everything.target.shape == (593, 6)


def test_load_dataset_openml_fallback(tmp_path, monkeypatch):
    # Without local files the name is fetched from OpenML and checked by shape.
    calls = {}

    def fake_fetch_openml(**kwargs):
        calls.update(kwargs)
        rng = np.random.default_rng(0)
        return Bunch(data=rng.normal(size=(10, 72)),
                     target=np.where(rng.random((10, 6)) < 0.5, "TRUE", "FALSE"),
                     feature_names=[f"f{j}" for j in range(72)],
                     target_names=[f"l{j}" for j in range(6)])

    monkeypatch.setattr("sklearn.datasets.fetch_openml", fake_fetch_openml)
    bunch = load_dataset("emotions", tmp_path)
    assert calls["data_id"] == datasets.MULAN_DATASETS["emotions"]["openml_id"]
    assert bunch.target.shape == (10, 6) and set(np.unique(bunch.target)) <= {0, 1}
    with pytest.raises(DataError, match="official train split"):
        load_dataset("emotions", tmp_path, subset="train")


def test_load_dataset_offline_message(tmp_path, monkeypatch):
    # Offline with no local files: a DataError that names both places tried.
    def offline(**kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr("sklearn.datasets.fetch_openml", offline)
    with pytest.raises(DataError, match="offline"):
        load_dataset("yeast", tmp_path)
    with pytest.raises(DataError, match="unknown dataset"):
        load_dataset("nope", tmp_path)
