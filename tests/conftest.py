"""Shared by the test wings: this folder is on ``sys.path``, so ``_helpers`` imports everywhere."""
