"""``main``: parse, run one command, and turn problems a user can fix into one line.

Problems the user can fix (missing file, unknown loss, no label columns, a
label that is never positive, an output that would replace a file, a file the
system will not let us read or write) print one line ``skmultinet: error: ...``
and exit with status 2, like argparse's own usage errors.
"""

import sys

from ._compare import run_compare
from ._fit import run_fit
from ._messages import EXIT_USAGE, UsageError
from ._parser import build_parser
from ._predict import run_predict

COMMANDS = {"compare": run_compare, "fit": run_fit, "predict": run_predict}


def main(argv=None):
    """Run the ``skmultinet`` command.

    Parameters
    ----------
    argv : list of str, default=None
        Arguments without the program name; None reads ``sys.argv[1:]``.

    Returns
    -------
    status : int
        0 on success, 2 for a problem the user can fix (the message is
        printed on stderr, without a traceback), 130 when interrupted.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    from ..datasets import DataError

    try:
        return COMMANDS[args.command](args, sys.stdout, sys.stderr)
    except (UsageError, DataError) as exc:
        print(f"skmultinet: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # permission denied, disk full, ...: the file system's say
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"skmultinet: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nskmultinet: interrupted", file=sys.stderr)
        return 130
