"""The ``skmultinet`` command: ``compare``, ``fit`` and ``predict``."""

from ._main import build_parser, main

__all__ = ["build_parser", "main"]
