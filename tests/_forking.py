"""Fresh processes forked from one interpreter that preloaded the third-party libraries.

Starting Python and importing NumPy, pandas and scikit-learn costs about 1.5 s of
CPU, most of a test that runs a short script or a command that stops with an
error. A :class:`ForkedPython` pays that once: one interpreter loads the
third-party libraries, then forks one child per run. Each child starts with no
module of the package (and no TensorFlow) loaded and runs ``-c CODE ARGS`` or
``-m MODULE ARGS`` (``-W ACTION`` first if given) as a new interpreter does: in
its own working folder and environment, with its own standard streams (file
descriptors 0, 1 and 2: C++ logging included) and exit status, running the exit
handlers before it ends. TensorFlow is never loaded in the forking interpreter: a
child that needs it imports it itself, so logical devices can still be set up
before it starts. Environment variables that the preloaded libraries read as they
load (``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``) need a new interpreter instead.
``tests/cli/test_cli.py`` still runs the command in a new interpreter of its own.
"""

import json
import os
import subprocess
import sys
import tempfile

#: The start of a forking interpreter's script: the third-party libraries, loaded once
#: before the forks; never the package, and never TensorFlow (not safe to fork once started).
PRELOAD = r"""
import importlib, sys
for library in ("numpy", "scipy.sparse", "scipy.special", "scipy.stats", "pandas",
                "sklearn.base", "sklearn.metrics", "sklearn.model_selection",
                "sklearn.utils.validation", "joblib", "matplotlib"):
    importlib.import_module(library)
assert not any(name.split(".")[0] in ("skmultinet", "keras", "tensorflow")
               for name in sys.modules)
"""

_SERVER = PRELOAD + r"""
import atexit, json, os, runpy, signal, time, types, warnings
replies = os.fdopen(os.dup(1), "w")
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def run(request):
    os.chdir(request["cwd"])
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY),
                            (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                            (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        opened = os.open(path, flags, 0o600)
        os.dup2(opened, fd)
        os.close(opened)
    os.environ.clear()
    os.environ.update(request["env"])
    argv = request["argv"]
    while argv[0] == "-W":
        sys.warnoptions.append(argv[1])
        warnings._setoption(argv[1])
        argv = argv[2:]
    sys.argv = [argv[0], *argv[2:]]
    code = 0
    try:
        if argv[0] == "-m":
            runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        else:
            main = sys.modules["__main__"] = types.ModuleType("__main__")
            exec(compile(argv[1], "<string>", "exec"), main.__dict__)
    except SystemExit as stop:  # what the interpreter does with sys.exit's argument
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    return code


for line in sys.stdin:
    request = json.loads(line)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = run(request)
        finally:
            os._exit(code)
    deadline = time.monotonic() + request["timeout"]
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            status = -1
            break
        time.sleep(0.01)
    code = os.waitstatus_to_exitcode(status) if status != -1 else None
    replies.write(json.dumps(code) + "\n")
    replies.flush()
"""


class ForkedPython:
    """``python ARGV`` (``[-W ACTION] -c CODE ...`` or ``-m MODULE ...``) in a forked child.

    Called like ``subprocess.run`` with ``capture_output=True, text=True``: returns the
    ``CompletedProcess``, raises ``TimeoutExpired`` past ``timeout``.
    """

    def __init__(self):
        self._server = subprocess.Popen([sys.executable, "-c", _SERVER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self._streams = tempfile.TemporaryDirectory(prefix="skmultinet-forked-")

    def __call__(self, argv, cwd=None, timeout=300, env=None):
        argv = [str(arg) for arg in argv]
        stdout = os.path.join(self._streams.name, "stdout")
        stderr = os.path.join(self._streams.name, "stderr")
        request = {"argv": argv, "cwd": str(cwd or os.getcwd()), "stdout": stdout,
                   "stderr": stderr, "timeout": timeout,
                   "env": dict(os.environ if env is None else env)}
        self._server.stdin.write(json.dumps(request) + "\n")
        self._server.stdin.flush()
        reply = self._server.stdout.readline()
        if not reply:
            raise RuntimeError(f"the forking interpreter ended (status {self._server.wait()})")
        code = json.loads(reply)
        if code is None:
            raise subprocess.TimeoutExpired(argv, timeout)
        with open(stdout, encoding="utf-8") as out, open(stderr, encoding="utf-8") as err:
            return subprocess.CompletedProcess(argv, code, out.read(), err.read())

    def close(self):
        self._server.stdin.close()
        self._server.wait(timeout=60)
        self._streams.cleanup()
