"""Where the commands write: checked before any work, replaced atomically, never destructive.

Rules, the same for ``fit``, ``predict`` and ``compare``:

- an existing file is replaced only with ``--force``;
- a symbolic link is never written through: without ``--force`` it is refused,
  with ``--force`` the link itself is replaced, never its target;
- an output may never be one of the command's inputs (its data, its model),
  even with ``--force``;
- ``compare --out DIR`` writes into a new or empty folder, or one it wrote
  before (it leaves :data:`MARKER` there); any other folder needs ``--force``,
  and then only the report's own file names are replaced;
- every file is written under a temporary name in its folder and renamed into
  place, so an interrupted run leaves the old file or the whole new one.

All checks run before training, so a bad ``--out`` costs nothing.
"""

import os
import tempfile
from contextlib import contextmanager

from ._messages import UsageError

#: Left by ``compare`` in its report folder: "this folder holds my report".
MARKER = ".skmultinet-report"

_FORCE_HINT = "pass --force to replace it, or choose another --out"


def _same_file(path, other):
    """Whether ``path`` and ``other`` name one file (after links; hard links too)."""
    if os.path.realpath(path) == os.path.realpath(other):
        return True
    try:
        return os.path.samefile(path, other)
    except OSError:  # one of them does not exist
        return False


def _link_error(path):
    return UsageError(f"{path}: is a symbolic link, which is never written through; pass "
                      f"--force to replace the link itself, or choose another --out")


def _check_folder(folder, path):
    """The folder that will hold ``path`` exists and can be written."""
    if not os.path.isdir(folder):
        raise UsageError(f"{path}: folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{path}: cannot write into folder {folder} (permission denied)")


def check_output_file(path, *, force, inputs=()):
    """Check that the command may write ``path``; a :class:`UsageError` if not.

    Parameters
    ----------
    path : str
        The ``--out`` file.
    force : bool
        ``--force``: replace an existing file (or symbolic link).
    inputs : sequence of str, default=()
        The command's input files (data, model); ``path`` may never be one of
        them. Names that are not files (a benchmark name) are ignored.
    """
    for source in inputs:
        if os.path.exists(source) and _same_file(path, source):
            raise UsageError(f"{path}: would replace the input file {source}; choose another "
                             f"--out (--force does not allow this)")
    if os.path.isdir(path) and not os.path.islink(path):
        raise UsageError(f"{path}: is a folder; --out needs a file name")
    if os.path.islink(path) and not force:
        raise _link_error(path)
    if os.path.lexists(path) and not force:
        raise UsageError(f"{path}: already exists; {_FORCE_HINT}")
    _check_folder(os.path.dirname(path) or os.curdir, path)


def _nearest_folder(path):
    """The deepest existing ancestor of ``path`` (the folder ``makedirs`` writes into)."""
    folder = os.path.abspath(path)
    while not os.path.lexists(folder):
        folder = os.path.dirname(folder)
    return folder


def check_output_folder(folder, names, *, force, inputs=()):
    """Check that ``compare`` may write the files ``names`` into ``folder``.

    Parameters
    ----------
    folder : str
        The ``--out`` folder: new, empty, or holding :data:`MARKER`; any other
        needs ``force``.
    names : sequence of str
        The file names the report writes (with ``force``, only those are replaced).
    force : bool
        ``--force``.
    inputs : sequence of str, default=()
        Input files the report may never replace.
    """
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise UsageError(f"{folder}: is a file, not a folder; --out needs a folder "
                         f"(new, empty, or an earlier report)")
    if not os.path.isdir(folder):
        _check_folder(_nearest_folder(folder), folder)
        return
    _check_folder(folder, folder)
    ours = os.path.isfile(os.path.join(folder, MARKER))
    if os.listdir(folder) and not ours and not force:
        raise UsageError(f"{folder}: folder is not empty and holds no earlier report; choose "
                         f"a new or empty folder, or pass --force to replace only "
                         f"{', '.join(names)} there")
    for name in names:
        path = os.path.join(folder, name)
        if os.path.islink(path) and not force:  # the report never writes links: the user's
            raise _link_error(path)
        check_output_file(path, force=force or ours, inputs=inputs)


def _new_file_mode():
    """Permissions of a file created now (0o666 less the umask), not mkstemp's 0o600."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(path):
    """A temporary path next to ``path``, renamed onto ``path`` when the block succeeds.

    The rename replaces a symbolic link itself, never its target. When the
    block fails (or is interrupted) the temporary file is removed and
    ``path`` is left as it was.

    Parameters
    ----------
    path : str

    Yields
    ------
    temporary : str
        Where the block writes.
    """
    folder, name = os.path.split(os.path.abspath(path))
    # The same extension: writers that pick compression by it (joblib, pandas) still do.
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.",
                                         suffix=".tmp" + os.path.splitext(name)[1], dir=folder)
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, _new_file_mode())
        os.replace(temporary, path)
    except BaseException:
        if os.path.lexists(temporary):
            os.remove(temporary)
        raise


def write_bytes(path, data):
    """Write ``data`` to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_path(path) as temporary, open(temporary, "wb") as stream:
        stream.write(data)


def write_folder(folder, files):
    """Write ``files`` (name -> bytes) and :data:`MARKER` into ``folder``, each atomically.

    Parameters
    ----------
    folder : str
        Created if needed.
    files : dict of str to bytes

    Returns
    -------
    written : list of str
        Paths of the files written (the marker not included).
    """
    os.makedirs(folder, exist_ok=True)
    write_bytes(os.path.join(folder, MARKER), b"written by skmultinet compare\n")
    written = []
    for name, data in files.items():
        written.append(os.path.join(folder, name))
        write_bytes(written[-1], data)
    return written
