"""`annotator audit verify`, `annotator backup` and `annotator db grant`: the review store's
integrity, copies and PostgreSQL roles (thin commands over annotator.review; one-line errors)."""

from __future__ import annotations

import click

from annotator.cli.users import DB


@click.group()
def audit():
    """Check the review store's audit trail."""


@audit.command("verify")
@DB
def audit_verify(db):
    """Check every hash chain, its MACs (the server key) and the anchored heads; print one line
    per problem naming the table and rows (changed, removed, forged ...), then a summary.
    Exit code 1 when anything is wrong; unkeyed rows from before revision 0005 are listed as
    legacy and are not a problem.

    Example: annotator audit verify --db annotator-review.db
    """
    from annotator.review.db import require_existing, shown_location, store_errors
    from annotator.review.store import ReviewStore

    require_existing(db)
    with store_errors(db), ReviewStore(db) as store:
        report = store.audit_report()
        key, anchor = store.key_file, store._anchor.path
    for problem in report.problems:
        click.echo(problem)
    for table, (first, last) in report.legacy.items():
        where = f"id {first}" if first == last else f"ids {first}-{last}"
        click.echo(f"{table} {where}: unkeyed legacy rows (written before revision 0005)")
    rows = sum(h.rows for h in report.heads.values())
    summary = (
        f"{shown_location(db)}: {rows} rows in {len(report.heads)} chains, key {key}, "
        f"{report.anchored} anchored heads in {anchor}: "
    )
    if report.problems:
        raise click.ClickException(summary + f"{len(report.problems)} problems")
    click.echo(summary + "intact")


@click.command("backup")
@DB
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="file to write")
def backup_cmd(db, out):
    """Write a consistent copy of the review store while the app may be writing: SQLite's
    online backup API, or pg_dump for PostgreSQL. Back up the audit key and anchor files
    (printed by 'annotator audit verify') on their own.

    Example: annotator backup --db annotator-review.db --out review-2025-03-01.db
    """
    from annotator.review.backup import backup

    made = backup(db, out)
    for problem in made.problems:
        click.echo(problem)
    rows = "" if made.rows is None else f", {made.rows} chained rows"
    if made.problems:
        raise click.ClickException(f"wrote {made.path}{rows}: {len(made.problems)} problems")
    click.echo(f"wrote {made.path} ({made.method}{rows})")


@click.group("db")
def db_group():
    """PostgreSQL roles of the review store."""


@db_group.command("grant")
@click.option("--owner-url", required=True, metavar="URL", help="the store, as its owner role")
@click.option("--app-role", required=True, help="the role the app connects as")
@click.option("--create-role", is_flag=True, help="create the app role when it is missing")
def db_grant(owner_url, app_role, create_role):
    """Migrate the store as its owner, then let the app role only SELECT and INSERT: it cannot
    UPDATE, DELETE, TRUNCATE, ALTER or drop the append-only triggers.

    Example: annotator db grant --owner-url postgresql://owner@db/review --app-role annotator_app
    """
    from annotator.review.privileges import grant_app_role

    statements = grant_app_role(owner_url, app_role, create=create_role)
    click.echo(f"{app_role}: SELECT and INSERT only ({len(statements)} statements run)")
