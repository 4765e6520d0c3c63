"""Where ``skmultinet compare`` runs its fits: joblib here, or a Dask cluster."""

import contextlib
import os

from ._messages import UsageError


@contextlib.contextmanager
def restored_environ():
    """Put ``os.environ`` back as it was on entry, whatever happened inside.

    Examples
    --------
    >>> import os
    >>> with restored_environ():
    ...     os.environ["SKMULTINET_EXAMPLE"] = "1"
    >>> "SKMULTINET_EXAMPLE" in os.environ
    False
    """
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _import_dask():
    try:
        import joblib
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(
            "--dask needs Dask's distributed scheduler: pip install 'skmultinet[distributed]'"
        ) from None
    return joblib, Client, LocalCluster


@contextlib.contextmanager
def parallel_backend(n_jobs, dask=None):
    """Where the comparison's fits run; yields the ``n_jobs`` to pass on.

    Parameters
    ----------
    n_jobs : int
        ``--n-jobs``: fits at once on this machine (-1: one per core), or
        the workers of a local Dask cluster.
    dask : str, default=None
        ``--dask``: None for joblib's default (process) backend; a scheduler
        address, or ``"local"`` for a new local cluster, for joblib's Dask
        backend, every fit a task.

    Yields
    ------
    n_jobs : int
    """
    if n_jobs == 0 or n_jobs < -1:
        raise UsageError(f"--n-jobs must be a positive number or -1, got {n_jobs}")
    if not dask:
        yield n_jobs
        return
    joblib, Client, LocalCluster = _import_dask()
    with contextlib.ExitStack() as stack:
        address = dask
        if dask == "local":
            # The nannies write OMP_NUM_THREADS=1 & co. into this process's
            # environment for their workers: keep it out of ours.
            stack.enter_context(restored_environ())
            address = stack.enter_context(LocalCluster(
                n_workers=None if n_jobs in (1, -1) else n_jobs,
                threads_per_worker=1, processes=True, dashboard_address=None))
        try:
            stack.enter_context(Client(address, timeout="10s"))
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {dask}: {exc}") from None
        stack.enter_context(joblib.parallel_config(backend="dask"))
        yield -1
