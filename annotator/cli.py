"""Thin commands: parse, call one library function, turn user errors into one-line messages.

Exit codes: 0 when every input was read, 1 when some inputs failed (each named), 2 on usage
errors (click's own convention).
"""

from __future__ import annotations

import os
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
        raise click.ClickException(
            "reference notes are invalid (run 'annotator notes validate'):\n"
            + "\n".join(exc.problems[:20])
        ) from None


NOTES = click.option(
    "--notes",
    type=click.Path(file_okay=False),
    default=None,
    help="reference_notes directory (default: ./reference_notes or ANNOTATOR_NOTES)",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="annotator")
def main():
    """Check medical claims in drug articles against a curated, cited reference table."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
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
        raise click.ClickException(str(exc)) from None
    out = {
        "table": to_table,
        "json": to_json,
        "csv": lambda r: to_csv(REPORT_COLUMNS, report_rows(r)),
    }[fmt](result)
    click.echo(out, nl=False)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="report CSV to write")
@click.option(
    "--findings",
    type=click.Path(dir_okay=False),
    default=None,
    help="also write content-QA findings to this CSV",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="worker processes (each builds the pipeline once); Dask workers with --engine dask",
)
@click.option(
    "--resume",
    is_flag=True,
    help="continue an interrupted run: keep documents already reported (same path and "
    "content hash), check the rest",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local processes, or a Dask cluster (pip install 'annotator[dask]')",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="with --engine dask: an existing scheduler (tcp://host:8786); default: a "
    "LocalCluster of --jobs workers",
)
@NOTES
def batch(paths, out, findings, jobs, resume, engine, scheduler, notes):
    """Check files and folders of articles; write one report row per claim.

    Rows are written as documents finish, in input order (the same bytes whatever --jobs or
    --engine); the report appears atomically when the batch completes. After an interruption,
    re-run the same command with --resume.

    Example: annotator batch claims/ --out report.csv --findings findings.csv --jobs 2
    """
    from annotator.batch import run_batch

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if findings and os.path.abspath(findings) == os.path.abspath(out):
        raise click.UsageError("--findings must differ from --out")
    reference = _reference(notes)
    progress = task = None
    if sys.stderr.isatty():  # a progress bar for people; nothing but the summary for logs
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            TextColumn("checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )

    def start(total):
        nonlocal task
        if progress is not None:
            progress.start()
            task = progress.add_task("batch", total=total, rate="-")

    def advance():
        if progress is not None:
            progress.advance(task)
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:.1f}" if speed else "-")

    def error(msg):
        (
            progress.console.print
            if progress is not None
            else lambda m, **_: click.echo(m, err=True)
        )(f"error: {msg}", markup=False, highlight=False)

    try:
        summary = run_batch(
            paths,
            out,
            findings,
            reference=reference,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            resume=resume,
            on_error=error,
            on_document=advance,
            on_start=start,
        )
    except KeyboardInterrupt:
        if progress is not None:
            progress.stop()
        click.echo(
            f"interrupted: the documents done are saved; re-run with --resume to finish {out}",
            err=True,
        )
        sys.exit(130)
    except Exception as exc:
        from annotator.distributed import EngineError

        if isinstance(exc, EngineError):
            raise click.ClickException(str(exc)) from None
        raise
    finally:
        if progress is not None:
            progress.stop()
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
    click.echo(
        f"ok: {len(ref.facts)} facts about {len(ref.drugs_with_notes)} drugs, "
        f"{len(ref.terms)} terms, {len(ref.sources)} sources (version {ref.version})"
    )


@main.command("eval")
@click.option(
    "--seed",
    type=click.Path(dir_okay=False),
    default=None,
    help="the seed article to evaluate with its labels (default: ../shared/seed/...)",
)
@click.option(
    "--claims",
    "claims_csv",
    type=click.Path(dir_okay=False),
    default=None,
    help="another labelled claim file instead of the dev set, e.g. tests/devset/heldout.csv",
)
def evaluate_cmd(seed, claims_csv):
    """Print precision/recall of 'inconsistent' and the false-flag rate on the dev set.

    Example: annotator eval --claims tests/devset/heldout.csv
    """
    from annotator.evaluate import DevsetError, evaluate

    try:
        if claims_csv:
            report = evaluate(claims_csv=claims_csv, seed_labels=None)
        else:
            report = evaluate(seed_path=seed) if seed else evaluate()
    except DevsetError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.format())


from annotator.cli_users import users  # noqa: E402  (its own module; registered here)

main.add_command(users)


if __name__ == "__main__":  # pragma: no cover
    main()
