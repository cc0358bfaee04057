"""`annotator check FILE`: one document, its claims and verdicts, to stdout."""

from __future__ import annotations

import click

from annotator.cli.options import CURATED_ONLY, NOTES, load_notes


@click.command()
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
@CURATED_ONLY
def check(file, fmt, drug, notes, curated_only):
    """Check one document and print its claims with verdicts.

    Example: annotator check claims/baclofen_spun.txt --format table
    """
    from annotator.outputs.reports import REPORT_COLUMNS, report_rows, to_csv, to_json, to_table
    from annotator.pipeline import check_file

    result = check_file(
        file, reference=load_notes(notes), focus_drug=drug, curated_only=curated_only
    )
    out = {
        "table": to_table,
        "json": to_json,
        "csv": lambda r: to_csv(REPORT_COLUMNS, report_rows(r)),
    }[fmt](result)
    click.echo(out, nl=False)
