"""The package's plan: every module imports on its own, and no imports go round in a loop.

The graph is read from the source (``ast``), lazy imports inside functions included,
so a loop that only a rarely-run function would close is caught too.
"""

import ast
import json
import os
import pathlib
import subprocess
import sys

import pytest

from _forking import PRELOAD

PACKAGE_DIR = pathlib.Path(__file__).resolve().parent.parent / "skmultinet"


def _module_name(path):
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def _is_package(name):
    return MODULES[name].name == "__init__.py"


def _imports(name):
    """Modules of the package that ``name`` imports (resolved, any depth in the file)."""
    tree = ast.parse(MODULES[name].read_text(), filename=str(MODULES[name]))
    package = name if _is_package(name) else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            # ``from pkg import mod`` runs and reads the package ``pkg`` too: an
            # edge to both, so a module reaching its own package through it is a loop.
            targets.add(source)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in MODULES:
                    targets.add(submodule)
    return {target for target in targets if target in MODULES and target != name}


GRAPH = {name: _imports(name) for name in MODULES}


def _cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_two_modules_import_each_other_in_a_loop():
    """The import graph of the package, lazy imports included, has no cycle."""
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_loop():
    """The check above can fail: a three-module loop and a two-module loop are found."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"e"}, "e": {"d"}, "f": {"a"}}
    assert sorted(_cycles(graph)) == [["a", "b", "c"], ["d", "e"]]


def test_nothing_inside_imports_the_package_face():
    """Only the outside world imports ``skmultinet`` itself; modules import their wing."""
    offenders = [name for name, targets in GRAPH.items() if "skmultinet" in targets]
    assert offenders == []


@pytest.mark.parametrize(
    "wing, forbidden",
    [
        # Estimators and engines never depend on the command line.
        ("skmultinet.neural", "skmultinet.cli"),
        ("skmultinet.thresholds", "skmultinet.cli"),
        ("skmultinet.auto", "skmultinet.cli"),
        ("skmultinet.losses", "skmultinet.cli"),
        ("skmultinet.decision", "skmultinet.cli"),
        ("skmultinet.datasets", "skmultinet.cli"),
        ("skmultinet.io", "skmultinet.cli"),
        # The training engine and the networks never reach back to an estimator.
        ("skmultinet.neural.training", "skmultinet.neural._estimator"),
        ("skmultinet.neural.networks", "skmultinet.neural._estimator"),
        ("skmultinet.neural", "skmultinet.auto"),
        ("skmultinet.neural", "skmultinet.thresholds"),
        ("skmultinet.thresholds", "skmultinet.auto"),
        # Decision rules stay NumPy: a saved model predicts without Keras.
        ("skmultinet.decision", "skmultinet.losses"),
        ("skmultinet.decision", "skmultinet.neural"),
    ],
)
def test_data_flows_one_way_between_wings(wing, forbidden):
    """No module of ``wing`` imports anything under ``forbidden``."""
    offenders = sorted(
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if name == wing or name.startswith(wing + ".")
        for target in targets
        if target == forbidden or target.startswith(forbidden + ".")
    )
    assert offenders == []


# A fresh interpreter that loads the third-party libraries once, then forks one
# child per module to import it alone (two at a time): each child starts with no
# module of the package loaded, as a new process would, without paying Python's
# and scikit-learn's start-up for each of the hundred-odd modules (that took
# several minutes of the suite). TensorFlow is not preloaded: it must not be
# forked once started, and modules that need it import it themselves.
_IMPORT_EACH_ALONE = PRELOAD + r"""
import json, os, traceback
running, failures = {}, {}

def reap():
    pid, status = os.wait()
    name, reader = running.pop(pid)
    with os.fdopen(reader) as stream:
        message = stream.read()
    if os.waitstatus_to_exitcode(status) != 0:
        failures[name] = message or f"exit status {os.waitstatus_to_exitcode(status)}"

for name in json.loads(sys.stdin.read()):
    while len(running) >= 2:
        reap()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        code = 0
        try:
            importlib.import_module(name)
        except BaseException:
            os.write(writer, traceback.format_exc()[-2000:].encode())
            code = 1
        os._exit(code)
    os.close(writer)
    running[pid] = (name, reader)
while running:
    reap()
print(json.dumps(failures))
"""


def test_every_module_imports_on_its_own_in_a_fresh_interpreter():
    """Each module is importable first, alone, in a new process: no order dependence."""
    result = subprocess.run([sys.executable, "-c", _IMPORT_EACH_ALONE],
                            input=json.dumps(sorted(MODULES)), capture_output=True, text=True,
                            timeout=900, check=False, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    failures = json.loads(result.stdout.strip().splitlines()[-1])
    assert failures == {}
