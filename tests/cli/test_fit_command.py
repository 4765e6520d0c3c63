"""Tests of ``skmultinet fit`` (skmultinet.cli._fit)."""

import numpy as np
import pandas as pd

from skmultinet.io import load_with_metadata


def test_fit_saves_the_model_and_its_names(toy_csv, tmp_path, run_main):
    # The saved file holds the fitted rule and the training data's names and read options.
    model = tmp_path / "model.skmn"
    status, out, err = run_main(["fit", toy_csv, "--label-prefix", "y_", "--loss", "bce",
                                 "--epochs", "2", "--out", str(model)])
    assert status == 0, err
    assert out.startswith("Fitted loss='binary_crossentropy' with per_label thresholds on 90")
    fitted, metadata = load_with_metadata(model)
    assert type(fitted).__name__ == "ThresholdOptimizer"
    assert metadata["feature_names"] == [f"f{j}" for j in range(5)]
    assert metadata["label_names"] == ["y_sun", "y_rain", "y_wind"]
    assert metadata["loss"] == "binary_crossentropy" and metadata["source"] == toy_csv
    assert metadata["read_options"]["format"] == "csv"


def test_drop_constant_labels_warns(tmp_path, run_main):
    # --drop-constant-labels drops a never-positive label with a warning.
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"x": rng.normal(size=40), "y_a": np.arange(40) % 2, "y_b": 0})
    frame["y_c"] = (frame["x"] > 0).astype(int)
    path = tmp_path / "d.csv"
    frame.to_csv(path, index=False)
    status, out, err = run_main(["fit", str(path), "--label-prefix", "y_", "--epochs", "2",
                                 "--drop-constant-labels", "--out", str(tmp_path / "m.joblib")])
    assert status == 0 and "dropped 1 constant label column(s) (never positive: y_b)" in err
