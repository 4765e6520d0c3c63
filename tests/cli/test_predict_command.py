"""Tests of ``skmultinet predict`` (skmultinet.cli._predict)."""

import joblib
import numpy as np
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def model(toy_csv, tmp_path_factory):
    """A model saved by ``skmultinet fit`` on the toy CSV (zlpr, 3 epochs)."""
    from skmultinet.cli import main

    path = str(tmp_path_factory.mktemp("predict") / "model.joblib")
    assert main(["fit", toy_csv, "--label-prefix", "y_", "--loss", "zlpr", "--epochs", "3",
                 "--out", path]) == 0
    return path


def test_fit_then_predict(model, toy_csv, tmp_path, run_main):
    # predict writes one column per label, named, ignoring label columns.
    predictions = str(tmp_path / "predictions.csv")
    status, out, err = run_main(["predict", model, toy_csv, "--out", predictions])
    assert status == 0, err
    frame = pd.read_csv(predictions)
    assert list(frame.columns) == ["y_sun", "y_rain", "y_wind"]
    assert len(frame) == 90 and set(np.unique(frame.to_numpy())) <= {0, 1}
    status, out, err = run_main(["predict", model, toy_csv, "--out", "-", "--proba"])
    assert out.splitlines()[0] == "y_sun,y_rain,y_wind"


def test_predict_matches_features_by_name(model, toy_csv, tmp_path, run_main):
    # Columns in another order, without labels, give the same predictions.
    shuffled = tmp_path / "shuffled.csv"
    pd.read_csv(toy_csv)[["f3", "f1", "f4", "f0", "f2"]].to_csv(shuffled, index=False)
    outputs = []
    for data in (toy_csv, str(shuffled)):
        status, out, err = run_main(["predict", model, data, "--out", "-", "--proba"])
        assert status == 0, err
        outputs.append(out)
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("content, message", [
    ("f0,f1,f2\n1,2,3\n", "lacks feature column(s) f3, f4"),
    ("f0,f1,f2,f3,f4\n1,2,3,4,\n", "1 missing feature value(s)"),
])
def test_unusable_new_data_is_one_line(model, tmp_path, content, message, run_main):
    # New data the model cannot take (a missing column, a missing value) exit 2, one line.
    path = tmp_path / "new.csv"
    path.write_text(content)
    status, out, err = run_main(["predict", model, str(path)])
    assert status == 2 and err.startswith(f"skmultinet: error: {path}: {message}")
    assert len(err.strip().splitlines()) == 1


def test_not_a_model_file(tmp_path, toy_csv, run_main):
    # A file that is not a saved model says so; a pickle is not even opened without
    # --allow-pickle, and with it a pickle of something else is refused too.
    path = tmp_path / "junk.joblib"
    joblib.dump([1, 2], path)
    status, out, err = run_main(["predict", str(path), toy_csv])
    assert status == 2 and "--allow-pickle if you trust the file" in err
    status, out, err = run_main(["predict", str(path), toy_csv, "--allow-pickle"])
    assert status == 2 and "not a model saved by 'skmultinet fit'" in err
    path.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty ZIP archive
    status, out, err = run_main(["predict", str(path), toy_csv])
    assert status == 2 and "not a readable model file" in err and len(err.splitlines()) == 1


def test_finding_1_a_pickle_model_runs_no_code_without_the_flag(tmp_path, toy_csv, run_main):
    # Finding 1: a crafted pickle whose loading would create a file is refused unread.
    import pickle

    marker = tmp_path / "payload-ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    path = tmp_path / "model.joblib"
    path.write_bytes(pickle.dumps({"model": Payload()}))
    status, out, err = run_main(["predict", str(path), toy_csv])
    assert status == 2 and "runs code" in err
    assert not marker.exists()


def test_old_joblib_bundle_predicts_with_allow_pickle(tmp_path, toy_csv, run_main):
    # A bundle written by skmultinet 0.1.0's fit still predicts when the user allows it.
    from skmultinet import load

    safe = tmp_path / "model.skmn"
    assert run_main(["fit", toy_csv, "--label-prefix", "y_", "--epochs", "2",
                     "--out", str(safe)])[0] == 0
    from skmultinet.io import load_with_metadata

    model, metadata = load_with_metadata(safe)
    old = tmp_path / "old.joblib"
    joblib.dump({"model": load(safe), **metadata}, old)
    status, new_out, err = run_main(["predict", str(old), toy_csv, "--allow-pickle",
                                     "--out", "-"])
    assert status == 0, err
    status, safe_out, err = run_main(["predict", str(safe), toy_csv, "--out", "-"])
    assert status == 0 and new_out == safe_out
