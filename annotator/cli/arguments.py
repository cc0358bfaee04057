"""File arguments that look like options: `annotator batch --out report.csv *` in a folder that
holds a file named `--out=stolen.csv`.

Why: the shell expands the glob before the command runs, so the file's name arrives as an
option and would silently redirect the report (or switch on any other option). Everything after
`--` is a file argument (click's own rule, the documented way); before `--`, an argument that
starts with "-" and names an existing path is taken as a file too, with a note, because a real
option never needs to coincide with a file name.
"""

from __future__ import annotations

import os

import click


class FileArgsCommand(click.Command):
    """A click command whose option-like arguments that are existing paths count as files."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        cut = args.index("--") if "--" in args else len(args)
        head, tail = args[:cut], args[cut + 1 :]
        files = [a for a in head if len(a) > 1 and a.startswith("-") and os.path.lexists(a)]
        if files:
            for name in files:
                click.echo(
                    f"note: {name!r} is a file; read as an input (put files after --)", err=True
                )
            head = [a for a in head if a not in files]
            tail = files + tail
        return super().parse_args(ctx, head + (["--", *tail] if tail or cut < len(args) else []))
