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


#: Most fits ``compare`` runs at once by default. Each worker process starts
#: its own TensorFlow (about 0.8 GB resident), so the default stays bounded on
#: machines with many cores; ``--n-jobs -1`` takes them all.
MAX_DEFAULT_JOBS = 4


#: Fewer network fits than this run one at a time by default: starting a worker
#: process (and its TensorFlow) costs seconds, more than a few small fits.
MIN_PARALLEL_FITS = 20


def default_n_jobs(n_fits=None):
    """Fits at once when ``--n-jobs`` is not given.

    One per core, at most :data:`MAX_DEFAULT_JOBS`, for :data:`MIN_PARALLEL_FITS`
    network fits or more (or an unknown number); one otherwise. The networks that
    ``compare`` fits are small: one fit does not keep two cores busy, and
    single-threaded worker processes (joblib limits their thread pools) run
    them faster than one process with more threads (measured on 2 cores: the
    default comparison, 65 network fits, 61 s with one job and 20 s with two,
    with the same table; a test that runs ``compare`` with 2 network fits three
    times in subprocesses, 19 s with one job and 47 s with two, most of it the
    workers' start).

    Parameters
    ----------
    n_fits : int, default=None
        Network fits the command will run.
    """
    if n_fits is not None and n_fits < MIN_PARALLEL_FITS:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_JOBS))


@contextlib.contextmanager
def parallel_backend(n_jobs, dask=None, n_fits=None):
    """Where the comparison's fits run; yields the ``n_jobs`` to pass on.

    Parameters
    ----------
    n_jobs : int or None
        ``--n-jobs``: fits at once on this machine (-1: one per core; None:
        :func:`default_n_jobs`), or the workers of a local Dask cluster
        (None: one per core).
    dask : str, default=None
        ``--dask``: None for joblib's default (process) backend; a scheduler
        address, or ``"local"`` for a new local cluster, for joblib's Dask
        backend, every fit a task.
    n_fits : int, default=None
        Network fits to run, which sets the default ``n_jobs`` (see
        :func:`default_n_jobs`).

    Yields
    ------
    n_jobs : int
    """
    if n_jobs is not None and (n_jobs == 0 or n_jobs < -1):
        raise UsageError(f"--n-jobs must be a positive number or -1, got {n_jobs}")
    if not dask:
        yield default_n_jobs(n_fits) if n_jobs is None else n_jobs
        return
    joblib, Client, LocalCluster = _import_dask()
    with contextlib.ExitStack() as stack:
        address = dask
        if dask == "local":
            # The nannies write OMP_NUM_THREADS=1 & co. into this process's
            # environment for their workers: keep it out of ours.
            stack.enter_context(restored_environ())
            address = stack.enter_context(LocalCluster(
                n_workers=None if n_jobs in (None, 1, -1) else n_jobs,
                threads_per_worker=1, processes=True, dashboard_address=None))
        try:
            stack.enter_context(Client(address, timeout="10s"))
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {dask}: {exc}") from None
        stack.enter_context(joblib.parallel_config(backend="dask"))
        yield -1
