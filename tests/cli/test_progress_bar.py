"""Tests of the progress bar (skmultinet.cli._progress)."""

import io

from skmultinet.cli._progress import ProgressBar


def test_progress_bar_draws_only_when_enabled():
    # The bar is one \r-redrawn line when enabled and silent otherwise.
    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True, width=10)
    bar(5, 10, "focal, fold 1/5")
    assert stream.getvalue().startswith("\r[#####.....] 5/10") and "\n" not in stream.getvalue()
    quiet = io.StringIO()
    ProgressBar(quiet, enabled=False)(1, 2, "x")
    assert quiet.getvalue() == ""


def test_progress_bar_close_erases_the_line():
    # close() blanks the longest line drawn and returns the cursor to its start.
    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True, width=4)
    bar(1, 2, "a long description")
    drawn = len(stream.getvalue()) - 1
    bar.close()
    assert stream.getvalue().endswith("\r" + " " * drawn + "\r")
