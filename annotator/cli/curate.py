"""`annotator notes imported|accept|reject|edit|diff|release`: batch curation of imported
rows and signed reference releases. Thin: annotator.knowledge.curate does the work."""

from __future__ import annotations

import click

from annotator.cli.imports import notes_root, who

NOTES = click.option(
    "--notes",
    type=click.Path(file_okay=False),
    default=None,
    help="reference_notes directory (default: ./reference_notes or ANNOTATOR_NOTES)",
)
BY = click.option("--by", default=None, help="curator (default: $ANNOTATOR_USER or the OS user)")
SELECT = (
    click.argument("fact_ids", nargs=-1),
    click.option("--drug", default="", help="every imported row of this drug"),
    click.option("--attribute", default="", help="... of this attribute"),
    click.option("--state", default="", help="... in this review state (pending, held ...)"),
)


def _selected(f):
    for option in reversed(SELECT):
        f = option(f)
    return f


def _rows(notes, fact_ids, drug, attribute, state):
    from annotator.knowledge.curate import select
    from annotator.knowledge.loader import load_reference

    if not (fact_ids or drug or attribute or state):
        raise click.UsageError("name fact ids, or select rows with --drug/--attribute/--state")
    return select(load_reference(notes_root(notes)), fact_ids, drug, attribute, state)


@click.command("imported")
@click.option("--drug", default="", help="only this drug")
@click.option("--state", default="", help="pending | held | accepted | edited | rejected")
@NOTES
def imported(drug, state, notes):
    """List imported rows with their review state, value and label section.

    Example: annotator notes imported --drug metformin --state held
    """
    from annotator.knowledge.curate import select
    from annotator.knowledge.loader import load_reference

    ref = load_reference(notes_root(notes))
    rows = select(ref, (), drug, "", state)
    for r in rows:
        f = r.fact
        held = f"  conflicts: {', '.join(r.conflicts)}" if r.conflicts else ""
        click.echo(
            f"{r.state:<8} {f.fact_id}  {f.attribute} {f.value} {f.qualifier}".rstrip()
            + f"  [{f.section}]{held}"
        )
    click.echo(f"{len(rows)} imported row(s)", err=True)


def _decide(action, fact_ids, drug, attribute, state, reason, by, notes, changes=None):
    from annotator.knowledge.curate import decide

    rows = _rows(notes, fact_ids, drug, attribute, state)
    n = decide(notes_root(notes), rows, action, who(by), reason, changes)
    click.echo(f"{action}: {n} row(s) recorded in curation.csv by {who(by)}")


@click.command("accept")
@_selected
@click.option("--reason", required=True, help="why (recorded in the curation log)")
@BY
@NOTES
def accept(fact_ids, drug, attribute, state, reason, by, notes):
    """Accept imported rows as they are: they become curated.

    Example: annotator notes accept metformin-866926e2-class-biguanide --reason "as labeled"
    """
    _decide("accept", fact_ids, drug, attribute, state, reason, by, notes)


@click.command("reject")
@_selected
@click.option("--reason", required=True, help="why (recorded in the curation log)")
@BY
@NOTES
def reject(fact_ids, drug, attribute, state, reason, by, notes):
    """Reject imported rows: they are no longer checked against.

    Example: annotator notes reject naproxen-46dbdb95-warn-inflammation --reason "misread heading"
    """
    _decide("reject", fact_ids, drug, attribute, state, reason, by, notes)


@click.command("edit")
@click.argument("fact_ids", nargs=-1, required=True)
@click.option(
    "--set",
    "sets",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help="value, qualifier, polarity, statement, severity or must_mention",
)
@click.option("--reason", required=True, help="why (recorded in the curation log)")
@BY
@NOTES
def edit(fact_ids, sets, reason, by, notes):
    """Edit imported rows (the edit is recorded; the row becomes curated).

    Example: annotator notes edit naproxen-46dbdb95-max-oral --set severity=major --reason "why"
    """
    changes = {}
    for item in sets:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--set {item!r}: use FIELD=VALUE")
        changes[key.strip()] = value.strip()
    _decide("edit", fact_ids, "", "", "", reason, by, notes, changes)


@click.command("diff")
@click.option("--from", "old", default="", help="release to compare from (default: the latest)")
@click.option("--to", "new", default="", help="release to compare to (default: the table now)")
@NOTES
def diff_cmd(old, new, notes):
    """Facts added, changed and removed between two releases (or since the latest).

    Example: annotator notes diff --from 2026-11-r1
    """
    from annotator.knowledge.curate import diff

    frm, to, change = diff(notes_root(notes), old, new)
    click.echo(f"{frm} -> {to}: {change.summary()}")
    for line in change.lines():
        click.echo(line)


@click.command("release")
@click.argument("name")
@click.option("--note", default="", help="what this release is for")
@BY
@NOTES
def release_cmd(name, note, by, notes):
    """Sign the table as it is now as a named release (who, when, content hash, diff).

    Example: annotator notes release 2026-11-r1 --note "metformin label accepted" --by alice
    """
    from annotator.knowledge.curate import release

    made, change = release(notes_root(notes), name, who(by), note)
    click.echo(
        f"release {made.name} signed by {made.by} at {made.at}: content {made.content_hash}, "
        f"{made.facts} facts ({made.curated} curated, {made.imported} imported); "
        f"since {made.previous or 'nothing'}: {change.summary()}"
    )
    for line in change.lines()[:40]:
        click.echo(line)
    if len(change.lines()) > 40:
        click.echo(f"... and {len(change.lines()) - 40} more ('annotator notes diff' lists all)")


COMMANDS = (imported, accept, reject, edit, diff_cmd, release_cmd)
