"""Static checks of the whole tree: no undefined name, unused import or syntax error.

Pyflakes' rules (ruff's ``F``) catch what no test may reach: a name misspelt in
an error branch, an import left behind by a move. ``--isolated`` keeps a user's
or a parent folder's ruff configuration out of it.
"""

import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FOLDERS = ["skmultinet", "tests", "benchmarks", "examples"]


def test_pyflakes_finds_nothing():
    completed = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F,E9",
         "--output-format", "concise", *FOLDERS],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    # ruff comes with the test extra: pip install -e ".[test]"
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
