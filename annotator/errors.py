"""One base for every error a user can cause: bad input files, a broken reference table,
malformed rule data, an unreachable cluster, a refused review action.

Why one base: the CLI and the app each catch `AnnotatorError` once and show its message as one
line (no traceback); anything else is a bug and keeps its traceback. Each layer defines its own
subclass next to the code that raises it, so the message can name the file and the problem.
"""

from __future__ import annotations


class AnnotatorError(Exception):
    """A problem with the user's input, data or set-up."""

    def message(self) -> str:
        """What the CLI and the app show: one line naming the file (or thing) and the problem."""
        return str(self)
