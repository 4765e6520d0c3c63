"""The ``skmultinet`` command: ``compare``, ``fit`` and ``predict``."""

from ._main import main
from ._parser import build_parser

__all__ = ["build_parser", "main"]
