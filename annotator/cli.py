"""Thin commands: parse, call one library function, turn user errors into one-line messages.

Exit codes: 0 when every input was read, 1 when some inputs failed (each named), 2 on usage
errors (click's own convention).
"""

from __future__ import annotations

import sys
import warnings

import click

from annotator.documents import DocumentError
from annotator.reference import ReferenceError

warnings.filterwarnings("ignore", message=r".*\[W036\].*")


def _reference(notes):
    from annotator.reference import load_reference

    try:
        return load_reference(notes) if notes else None
    except ReferenceError as exc:
        raise click.ClickException(f"reference notes are invalid (run 'annotator notes validate'):\n"
                                   + "\n".join(exc.problems[:20]))


NOTES = click.option("--notes", type=click.Path(file_okay=False), default=None,
                     help="reference_notes directory (default: ./reference_notes or ANNOTATOR_NOTES)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="annotator")
def main():
    """Check medical claims in drug articles against a curated, cited reference table."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--drug", default=None, help="the article's focus drug (default: most mentioned)")
@NOTES
def check(file, fmt, drug, notes):
    """Check one document and print its claims with verdicts.

    Example: annotator check claims/baclofen_spun.txt --format table
    """
    from annotator.pipeline import check_file
    from annotator.reports import REPORT_COLUMNS, report_rows, to_csv, to_json, to_table

    reference = _reference(notes)
    try:
        result = check_file(file, reference=reference, focus_drug=drug)
    except DocumentError as exc:
        raise click.ClickException(str(exc))
    out = {"table": to_table, "json": to_json,
           "csv": lambda r: to_csv(REPORT_COLUMNS, report_rows(r))}[fmt](result)
    click.echo(out, nl=False)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="report CSV to write")
@click.option("--findings", type=click.Path(dir_okay=False), default=None,
              help="also write content-QA findings to this CSV")
@NOTES
def batch(paths, out, findings, notes):
    """Check files and folders of articles; write one report row per claim.

    Example: annotator batch claims/ --out report.csv --findings findings.csv
    """
    from annotator.batch import run_batch

    reference = _reference(notes)
    summary = run_batch(paths, out, findings, reference=reference,
                        on_error=lambda msg: click.echo(f"error: {msg}", err=True))
    click.echo(summary.line(), err=True)
    sys.exit(1 if summary.failures else 0)


@main.group()
def notes():
    """Work with the reference table (reference_notes/)."""


@notes.command("validate")
@click.argument("directory", required=False, type=click.Path())
def notes_validate(directory):
    """List every problem of the table at once, as file:line: message.

    Example: annotator notes validate reference_notes/
    """
    from annotator.reference import load_reference, validate

    problems = validate(directory)
    for p in problems:
        click.echo(p)
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    ref = load_reference(directory)
    click.echo(f"ok: {len(ref.facts)} facts about {len(ref.drugs_with_notes)} drugs, "
               f"{len(ref.terms)} terms, {len(ref.sources)} sources (version {ref.version})")


@main.command("eval")
@click.option("--seed", type=click.Path(dir_okay=False), default=None,
              help="the seed article to evaluate with its labels (default: ../shared/seed/...)")
def evaluate_cmd(seed):
    """Print precision/recall of 'inconsistent' and the false-flag rate on the dev set.

    Example: annotator eval
    """
    from annotator.evaluate import evaluate

    report = evaluate(seed_path=seed) if seed else evaluate()
    click.echo(report.format())


if __name__ == "__main__":  # pragma: no cover
    main()
