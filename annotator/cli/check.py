"""`annotator check FILE`: one document, its claims and verdicts, to stdout."""

from __future__ import annotations

import sys

import click

from annotator.cli.arguments import FileArgsCommand
from annotator.cli.options import CURATED_ONLY, NOTES, load_notes


@click.command(cls=FileArgsCommand)
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
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
    """Check one document and print its claims with verdicts; FILE "-" reads standard input
    (under the same size limit as a file).

    Example: annotator check claims/baclofen_spun.txt --format table
    """
    from annotator.extraction.documents import document_from_bytes, max_bytes_limit
    from annotator.outputs.reports import REPORT_COLUMNS, report_rows, to_csv, to_json, to_table
    from annotator.pipeline import check_document, check_file

    if file == "-":  # read at most one byte over the limit, whatever is piped in
        data = sys.stdin.buffer.read(max_bytes_limit() + 1)
        document = document_from_bytes(data, "<stdin>")
        result = check_document(
            document, reference=load_notes(notes), focus_drug=drug, curated_only=curated_only
        )
    else:
        result = check_file(
            file, reference=load_notes(notes), focus_drug=drug, curated_only=curated_only
        )
    out = {
        "table": to_table,
        "json": to_json,
        "csv": lambda r: to_csv(REPORT_COLUMNS, report_rows(r)),
    }[fmt](result)
    click.echo(out, nl=False)
