"""Tests of ``main`` (skmultinet.cli._main): exit statuses, one-line errors, ``python -m``."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("args, message", [
    (["compare", "missing.arff"], "missing.arff: no such file"),
    (["compare", "{csv}"], "no label columns found"),
    (["compare", "{csv}", "--label-prefix", "y_", "--losses", "nope"], "unknown loss 'nope'"),
    (["compare", "{never}", "--label-prefix", "y_"], "never positive: y_b"),
    (["compare", "{bad_arff}"], "line 4"),
    (["predict", "nope.joblib", "{csv}"], "nope.joblib: no such file"),
    (["compare", "{csv}", "--label-prefix", "y_", "--n-jobs", "0"], "--n-jobs must be"),
])
def test_errors_exit_2_with_one_line(args, message, toy_csv, tmp_path, run_main):
    # Problems a user can fix: exit status 2, one line on stderr, no traceback.
    never = tmp_path / "never.csv"
    never.write_text("x,y_a,y_b\n1,1,0\n2,0,0\n")
    bad_arff = tmp_path / "bad.arff"
    bad_arff.write_text("@relation r\n@attribute x numeric\n@data\n1,2\n")
    args = [a.format(csv=toy_csv, never=never, bad_arff=bad_arff) for a in args]
    status, out, err = run_main(args)
    assert status == 2
    assert err.startswith("skmultinet: error: ") and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_subprocess_help_and_error(tmp_path):
    # python -m skmultinet runs; --help is fast and an error exits 2 without traceback.
    help_run = subprocess.run([sys.executable, "-m", "skmultinet", "--help"],
                              capture_output=True, text=True, timeout=60)
    assert help_run.returncode == 0 and "compare" in help_run.stdout
    error = subprocess.run([sys.executable, "-m", "skmultinet", "compare",
                            str(tmp_path / "nothing.csv")], capture_output=True, text=True,
                           timeout=60)
    assert error.returncode == 2
    assert error.stderr.strip() == f"skmultinet: error: {tmp_path / 'nothing.csv'}: no such file"


def test_parsing_does_not_import_tensorflow():
    # Parsing (and --help) loads neither TensorFlow nor Keras: they come with a command.
    code = ("import sys; from skmultinet.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_file_system_errors_are_one_line(toy_csv, tmp_path, run_main, monkeypatch):
    # An OSError (permission denied, disk full) is the user's to fix: one line, exit 2.
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", toy_csv)

    monkeypatch.setattr("skmultinet.cli._fit.load", denied)
    status, _, err = run_main(["fit", toy_csv, "--out", str(tmp_path / "m.joblib")])
    assert status == 2 and err == f"skmultinet: error: {toy_csv}: Permission denied\n"
