"""The `annotator` command line (entry point `annotator.cli:main`)."""

from annotator.cli.main import main

__all__ = ["main"]
