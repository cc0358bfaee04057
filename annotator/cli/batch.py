"""`annotator batch PATH... --out report.csv`: folders of articles to CSV reports."""

from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager

import click

from annotator.cli.arguments import FileArgsCommand
from annotator.cli.options import CURATED_ONLY, NOTES, load_notes


@contextmanager
def _stop_signals_interrupt():
    """SIGTERM and SIGHUP (a service stopping, a closed terminal) stop the batch the way Ctrl-C
    does: the workers are ended, the work done is saved for --resume. Yields the signal seen."""
    seen: list[int] = []

    def interrupt(signum, frame):
        seen.append(signum)
        raise KeyboardInterrupt

    kept = {s: signal.signal(s, interrupt) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield seen
    finally:
        for s, handler in kept.items():
            signal.signal(s, handler)


@click.command(cls=FileArgsCommand)
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
@CURATED_ONLY
def batch(paths, out, findings, jobs, resume, engine, scheduler, notes, curated_only):
    """Check files and folders of articles; write one report row per claim.

    Rows are written as documents finish, in input order (the same bytes whatever --jobs or
    --engine); the report appears atomically when the batch completes. After an interruption,
    re-run the same command with --resume. Put globs after -- so no file name can be taken for
    an option.

    Example: annotator batch --out report.csv --findings findings.csv --jobs 2 -- claims/*
    """
    from annotator.outputs.batch import run_batch

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if findings and os.path.abspath(findings) == os.path.abspath(out):
        raise click.UsageError("--findings must differ from --out")
    reference = load_notes(notes)
    if curated_only:
        from annotator.pipeline import default_reference

        reference = (reference or default_reference()).curated_only()
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

    stop = _stop_signals_interrupt()
    signals = stop.__enter__()
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
        sys.exit(128 + (signals[0] if signals else signal.SIGINT))
    finally:
        stop.__exit__(None, None, None)
        if progress is not None:
            progress.stop()
    click.echo(summary.line(), err=True)
    sys.exit(1 if summary.failures else 0)
