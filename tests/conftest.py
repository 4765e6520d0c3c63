"""Shared by the test wings: this folder is on ``sys.path``, so ``_helpers`` imports everywhere."""

import pytest

from _forking import ForkedPython


@pytest.fixture(scope="session")
def fresh_python():
    """``python ARGV`` in a fresh process forked from a preloaded interpreter (_forking.py)."""
    forked = ForkedPython()
    yield forked
    forked.close()
