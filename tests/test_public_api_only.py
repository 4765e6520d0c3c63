"""Benchmarks and examples use the public API only: what users can copy keeps working.

A private name is any module path or imported name with a component that starts
with ``_`` (``skmultinet.thresholds._search``, ``from skmultinet.auto import _x``).
The files are read with ``ast``, imports inside functions included.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "benchmarks").rglob("*.py")) + sorted((ROOT / "examples").rglob("*.py"))


def _private(dotted):
    return any(part.startswith("_") for part in dotted.split("."))


def private_imports(source):
    """``module`` or ``module:name`` of each skmultinet import in ``source`` that is private."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names
                      if alias.name.split(".")[0] == "skmultinet" and _private(alias.name)]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "skmultinet":
            if _private(node.module):
                found.append(node.module)
            found += [f"{node.module}:{alias.name}" for alias in node.names
                      if _private(alias.name) and not _private(node.module)]
    return found


def test_the_checker_finds_private_imports():
    """Private modules and private names are both caught; public ones and other packages are not."""
    source = (
        "import skmultinet\n"
        "import skmultinet._backend\n"
        "from skmultinet.thresholds import _search as search\n"
        "from skmultinet.auto._estimator import AutoMultiLabelNet\n"
        "from skmultinet.model_selection import MultilabelStratifiedKFold\n"
        "from sklearn.utils._param_validation import Interval\n"
        "def f():\n    from skmultinet import _legacy\n"
    )
    assert sorted(private_imports(source)) == sorted([
        "skmultinet._backend", "skmultinet.thresholds:_search", "skmultinet.auto._estimator",
        "skmultinet:_legacy",
    ])


def test_there_are_files_to_check():
    """The folders exist and hold scripts: an empty glob would make the test below vacuous."""
    names = {path.parent.name for path in FILES}
    assert names == {"benchmarks", "examples"}


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_script_imports_only_public_names(path):
    """The script imports no private skmultinet module or name."""
    assert private_imports(path.read_text()) == []
