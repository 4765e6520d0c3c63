"""Fixtures of the command-line tests: a small CSV, the command in and out of process."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest


@pytest.fixture(scope="session")
def toy_csv(tmp_path_factory):
    """90 rows: features f0..f4, labels y_sun, y_rain, y_wind (noisy signs of f0..f2)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 5))
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(5)])
    for j, name in enumerate(["y_sun", "y_rain", "y_wind"]):
        frame[name] = (X[:, j] + 0.5 * rng.normal(size=90) > 0).astype(int)
    path = tmp_path_factory.mktemp("cli") / "toy.csv"
    frame.to_csv(path, index=False)
    return str(path)


@pytest.fixture
def run_main(capsys):
    """``main(args)`` in this process: ``(status, stdout, stderr)``."""
    from skmultinet.cli import main

    def run(args):
        status = main(args)
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


@pytest.fixture
def run_cli():
    """``python -m skmultinet ARGS`` in a new process: the ``CompletedProcess``."""

    def run(args, timeout=300):
        return subprocess.run([sys.executable, "-m", "skmultinet", *map(str, args)],
                              capture_output=True, text=True, timeout=timeout, check=False)

    return run
