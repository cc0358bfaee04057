"""The `annotator` command: a thin layer over the library, one module per command group.

Every user-facing error is an `AnnotatorError` (a bad input file, an invalid reference table,
malformed rule data, an unreachable cluster, a refused review action); it is caught once, here,
and shown as a one-line message (the reference table's as its list of problems). Anything else
is a bug and keeps its traceback.

Exit codes: 0 when every input was read, 1 when some inputs failed (each named), 2 on usage
errors (click's own convention).
"""

from __future__ import annotations

import warnings

import click

from annotator.cli.batch import batch
from annotator.cli.check import check
from annotator.cli.evaluate import evaluate_cmd
from annotator.cli.notes import notes
from annotator.cli.report import report
from annotator.cli.store import audit, backup_cmd, db_group
from annotator.cli.users import users
from annotator.errors import AnnotatorError

warnings.filterwarnings("ignore", message=r".*\[W036\].*")


class AnnotatorGroup(click.Group):
    """Turns an AnnotatorError raised by any command into click's one-line error (exit 1)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AnnotatorError as exc:
            raise click.ClickException(exc.message()) from None


@click.group(cls=AnnotatorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="annotator")
def main():
    """Check medical claims in drug articles against a curated, cited reference table."""


for command in (check, batch, notes, evaluate_cmd, report, users, audit, backup_cmd, db_group):
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    main()
