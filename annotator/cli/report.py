"""`annotator report --db ... --out ...`: the claims report with reviewers' decisions merged."""

from __future__ import annotations

import click

from annotator.cli.options import NOTES, load_notes


@click.command()
@click.option(
    "--db",
    default=None,
    metavar="URL_OR_PATH",
    help="review store: SQLite file or database URL "
    "(default: $ANNOTATOR_DB or ./annotator-review.db)",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="report CSV to write")
@click.option(
    "--findings",
    type=click.Path(dir_okay=False),
    default=None,
    help="also write the documents' content-QA findings to this CSV",
)
@NOTES
def report(db, out, findings, notes):
    """Write the claims report of every document in the review store, with each claim's
    latest decision (decision, decided verdict, reviewer, time, comment, current or stale).

    Documents are checked again against the reference table in force, so a decision that
    rested on facts that changed since shows as stale.

    Example: annotator report --db annotator-review.db --out reviewed.csv
    """
    from annotator.outputs.reports import write_text_atomic
    from annotator.pipeline import default_reference
    from annotator.review.db import require_existing, store_errors
    from annotator.review.report import reviewed_report
    from annotator.review.store import ReviewStore

    reference = load_notes(notes) or default_reference()
    require_existing(db)
    with store_errors(db), ReviewStore(db) as store:
        merged = reviewed_report(store, reference)
    write_text_atomic(out, merged.claims_csv())
    if findings:
        write_text_atomic(findings, merged.findings_csv())
    click.echo(
        f"{merged.documents} documents, {len(merged.rows)} claims, "
        f"{sum(1 for r in merged.rows if r['decision'])} decided",
        err=True,
    )
