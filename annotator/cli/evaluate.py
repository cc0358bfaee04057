"""`annotator eval`: score the checker on the labelled sets in tests/devset/."""

from __future__ import annotations

import click


@click.command("eval")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NAME",
    help="score only this set (repeatable): blind-claims, blind-articles, corpus, articles, "
    "seed, dev-claims, heldout2",
)
@click.option(
    "--claims",
    "claims_csv",
    type=click.Path(dir_okay=False),
    default=None,
    help="score another labelled claim file (columns id, drug, text, expected, attribute, note)",
)
@click.option(
    "--mistakes",
    type=int,
    default=0,
    show_default=True,
    help="list up to N mistakes per tuning set (never for blind sets)",
)
def evaluate_cmd(sets, claims_csv, mistakes):
    """Score the checker per labelled set: precision and recall of 'inconsistent' (and on clear
    contradictions), false assurance (wrong claims called consistent), false flags, the share
    of decidable claims it decided, and support of accurate claims.

    Example: annotator eval --set corpus --set articles --mistakes 20
    """
    from annotator.evaluation.evaluate import evaluate
    from annotator.evaluation.sets import evaluate_sets, format_mistakes, format_table

    if claims_csv:
        click.echo(evaluate(claims_csv=claims_csv, seed_labels=None).format())
        return
    results = evaluate_sets(sets or None, on_skip=lambda m: click.echo(m, err=True))
    click.echo(format_table(results))
    for r in results if mistakes else ():
        click.echo("\n" + format_mistakes(r, mistakes))
