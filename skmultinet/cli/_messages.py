"""How the command talks about problems: one-line errors (exit 2) and warnings."""

#: Exit status of a problem the user can fix, as for argparse's own usage errors.
EXIT_USAGE = 2


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def warner(err):
    """A function that prints ``skmultinet: warning: MESSAGE`` lines on ``err``.

    Parameters
    ----------
    err : file object
        Where warnings go (stderr).

    Returns
    -------
    warn : callable
        ``warn(message)``.
    """

    def warn(message):
        print(f"skmultinet: warning: {message}", file=err)

    return warn
