"""`annotator eval`: score the checker on the labelled sets in tests/devset/."""

from __future__ import annotations

import click


@click.command("eval")
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
    from annotator.evaluation.evaluate import evaluate

    if claims_csv:
        report = evaluate(claims_csv=claims_csv, seed_labels=None)
    else:
        report = evaluate(seed_path=seed) if seed else evaluate()
    click.echo(report.format())
