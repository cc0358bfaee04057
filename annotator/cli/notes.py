"""`annotator notes ...`: work with the reference table (reference_notes/)."""

from __future__ import annotations

import sys

import click


@click.group()
def notes():
    """Work with the reference table (reference_notes/)."""


@notes.command("validate")
@click.argument("directory", required=False, type=click.Path())
def notes_validate(directory):
    """List every problem of the table at once, as file:line: message.

    Example: annotator notes validate reference_notes/
    """
    from annotator.knowledge.loader import load_reference, validate

    problems = validate(directory)
    for p in problems:
        click.echo(p)
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    ref = load_reference(directory)
    click.echo(
        f"ok: {len(ref.facts)} facts about {len(ref.drugs_with_notes)} drugs, "
        f"{len(ref.terms)} terms, {len(ref.sources)} sources (version {ref.version})"
    )


def _register() -> None:
    from annotator.cli.curate import COMMANDS
    from annotator.cli.imports import import_label

    for command in (import_label, *COMMANDS):
        notes.add_command(command)


_register()
