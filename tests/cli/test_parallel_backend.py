"""Tests of where compare's fits run (skmultinet.cli._parallel); clusters in
test_distributed_search.py."""

import os

import pytest

from skmultinet.cli._messages import UsageError
from skmultinet.cli._parallel import parallel_backend, restored_environ


def test_restored_environ_undoes_sets_and_deletes():
    # Variables set, changed or removed inside come back as they were, even on an error.
    os.environ["SKMULTINET_TEST_KEEP"] = "before"
    try:
        with pytest.raises(RuntimeError), restored_environ():
            os.environ["SKMULTINET_TEST_NEW"] = "1"
            os.environ["SKMULTINET_TEST_KEEP"] = "after"
            raise RuntimeError
        assert "SKMULTINET_TEST_NEW" not in os.environ
        assert os.environ["SKMULTINET_TEST_KEEP"] == "before"
        with restored_environ():
            del os.environ["SKMULTINET_TEST_KEEP"]
        assert os.environ["SKMULTINET_TEST_KEEP"] == "before"
    finally:
        os.environ.pop("SKMULTINET_TEST_KEEP", None)


def test_without_dask_n_jobs_passes_through():
    # Without --dask the fits run through joblib with --n-jobs as given.
    for n_jobs in (1, 3, -1):
        with parallel_backend(n_jobs) as passed:
            assert passed == n_jobs


@pytest.mark.parametrize("n_jobs", [0, -2])
def test_bad_n_jobs_is_a_usage_error(n_jobs):
    # --n-jobs 0 or below -1 is a usage error that says what is allowed.
    with pytest.raises(UsageError, match="--n-jobs must be a positive number or -1"):
        with parallel_backend(n_jobs):
            pass


def test_default_runs_one_job_per_core_up_to_four(monkeypatch):
    # Without --n-jobs: one worker per core, never more than MAX_DEFAULT_JOBS, once
    # there are enough fits to pay for the workers' start; one job below that.
    from skmultinet.cli import _parallel

    many, few = _parallel.MIN_PARALLEL_FITS, _parallel.MIN_PARALLEL_FITS - 1
    for cores, expected in ((1, 1), (2, 2), (4, 4), (64, _parallel.MAX_DEFAULT_JOBS), (None, 1)):
        monkeypatch.setattr(_parallel.os, "cpu_count", lambda cores=cores: cores)
        with parallel_backend(None, n_fits=many) as passed:
            assert passed == expected
        with parallel_backend(None) as passed:
            assert passed == expected
        with parallel_backend(None, n_fits=few) as passed:
            assert passed == 1
