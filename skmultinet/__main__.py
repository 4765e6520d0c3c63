"""``python -m skmultinet``: the ``skmultinet`` command (see :mod:`skmultinet.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
