"""Fixtures of the command-line tests: a small CSV, the command in this process and in fresh ones."""

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


@pytest.fixture(scope="session")
def run_cli(fresh_python):
    """``python -m skmultinet ARGS`` in a fresh process: the ``CompletedProcess``."""

    def run(args, cwd=None, timeout=300):
        return fresh_python(["-m", "skmultinet", *args], cwd=cwd, timeout=timeout)

    return run
