"""Saving refuses what it cannot describe safely, and never leaves half a file."""

import os

import numpy as np
import pytest
from _helpers import tiny
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skmultinet import ThresholdOptimizer, load, save
from skmultinet.io import UnsupportedModelError


def _my_loss(y_true, logits):
    return (logits - y_true) ** 2


class _Strategy:
    def run(self): ...
    def scope(self): ...
    def reduce(self): ...


@pytest.mark.parametrize("model, culprit", [
    (tiny(loss=_my_loss), "_my_loss"),
    (tiny(distribute=_Strategy()), "_Strategy"),
    (tiny(random_state=np.random.RandomState(0)), "RandomState"),
    (make_pipeline(LogisticRegression()), "LogisticRegression"),
    (ThresholdOptimizer(tiny(), scoring=lambda y, p: 0.0), "lambda"),
])
def test_undescribable_models_are_refused_when_saved(model, culprit, tmp_path):
    """A user's function, strategy or unknown estimator: a clear error naming it, no file."""
    with pytest.raises(UnsupportedModelError, match=culprit) as caught:
        save(model, tmp_path / "model.skmn")
    assert "pickle" in str(caught.value) and "runs code" in str(caught.value)
    assert os.listdir(tmp_path) == []


def test_user_loss_subclass_is_refused(data, tmp_path):
    """A subclass of a catalogue loss is not the catalogue loss: refused."""
    from skmultinet.losses import BinaryCrossentropy

    class MyLoss(BinaryCrossentropy):
        pass

    with pytest.raises(UnsupportedModelError, match="MyLoss"):
        save(tiny(loss=MyLoss()), tmp_path / "model.skmn")


def test_existing_files_and_links_are_protected(saved_optimizer, tmp_path):
    """No overwrite without overwrite=True; never through a symbolic link."""
    model, _ = saved_optimizer
    path = tmp_path / "model.skmn"
    path.write_bytes(b"old")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        save(model, path)
    assert path.read_bytes() == b"old"
    save(model, path, overwrite=True)
    load(path)
    target = tmp_path / "target"
    target.write_bytes(b"target")
    link = tmp_path / "link.skmn"
    link.symlink_to(target)
    for overwrite in (False, True):
        with pytest.raises(ValueError, match="symbolic link"):
            save(model, link, overwrite=overwrite)
    assert target.read_bytes() == b"target"


def test_an_interrupted_save_leaves_the_old_file(saved_optimizer, tmp_path, monkeypatch):
    """A failure while writing leaves the old file whole and no temporary file."""
    model, _ = saved_optimizer
    path = tmp_path / "model.skmn"
    path.write_bytes(b"old")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(np.lib.format, "write_array", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save(model, path, overwrite=True)
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["model.skmn"]


def test_metadata_must_be_json(saved_optimizer, tmp_path):
    """Metadata that would not come back as saved is refused."""
    model, _ = saved_optimizer
    with pytest.raises(TypeError, match="metadata"):
        save(model, tmp_path / "a.skmn", metadata={"x": object()})
    with pytest.raises(TypeError, match="metadata"):
        save(model, tmp_path / "b.skmn", metadata={"x": (1, 2)})


def test_the_same_model_gives_the_same_bytes(saved_optimizer, tmp_path):
    """Files are reproducible: fixed timestamps, stable member order."""
    model, _ = saved_optimizer
    save(model, tmp_path / "a.skmn")
    save(model, tmp_path / "b.skmn")
    assert (tmp_path / "a.skmn").read_bytes() == (tmp_path / "b.skmn").read_bytes()


def test_the_catalogue_names_match_the_registry():
    """io's copy of the catalogue names (known without Keras) matches LOSSES."""
    from skmultinet.io._losses import CATALOGUE_NAMES
    from skmultinet.losses import LOSSES

    assert set(CATALOGUE_NAMES) == set(LOSSES)
