"""The examples run: each one, shrunk by ``SKMULTINET_EXAMPLE_QUICK=1``, exits cleanly."""

import os
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
# Examples that honour SKMULTINET_EXAMPLE_QUICK; the others take minutes.
QUICK_EXAMPLES = ["plot_own_network.py"]


@pytest.mark.parametrize("name", QUICK_EXAMPLES)
def test_example_runs_quickly(name, tmp_path):
    """The example, in quick mode, exits 0 within a minute and saves its figure."""
    env = {**os.environ, "SKMULTINET_EXAMPLE_QUICK": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
    # tmp_path is the working directory: the figure lands there, not in the checkout
    result = subprocess.run([sys.executable, str(EXAMPLES / name)], check=False, cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "micro-F1" in result.stdout
    if "saved " in result.stdout:
        assert any(tmp_path.glob("*.png"))
