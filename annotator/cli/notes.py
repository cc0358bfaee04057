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
    """List every problem of the table (and of the rule data the checker ships with) at once,
    as file:line: message, then the facts that rest only on a secondary summary (warnings:
    the table is still valid).

    Example: annotator notes validate reference_notes/
    """
    from annotator.knowledge.loader import load_reference, validate
    from annotator.pipeline import rule_data_problems

    problems = validate(directory) + rule_data_problems()
    for p in problems:
        click.echo(p)
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    ref = load_reference(directory)
    weak = ref.secondary_only()
    click.echo(
        f"ok: {len(ref.facts)} facts about {len(ref.drugs_with_notes)} drugs, "
        f"{len(ref.terms)} terms, {len(ref.sources)} sources (version {ref.version}); "
        f"{len(weak)} fact(s) rest only on a secondary summary"
    )
    for f in weak:
        source = ref.sources[f.source_id]
        click.echo(
            f"{'imported' if f.set_id else 'facts'}/{f.file}:{f.line}: warning: {f.fact_id} "
            f"({f.severity}) rests only on a secondary summary: "
            f"{source.publisher or source.title} [{f.source_id}]"
        )


def _register() -> None:
    from annotator.cli.curate import COMMANDS
    from annotator.cli.imports import import_label, import_vocabulary

    for command in (import_label, import_vocabulary, *COMMANDS):
        notes.add_command(command)


_register()
