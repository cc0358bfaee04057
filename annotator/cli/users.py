"""`annotator users ...`: reviewer accounts of the review store (thin commands over
annotator.review.store / annotator.review.accounts; one-line errors, passwords never as
arguments)."""

from __future__ import annotations

import sys

import click


class _Role(click.ParamType):
    """A role of annotator.review.store.ROLES; the store (SQLAlchemy, 0.6 s) loads only when
    used."""

    name = "role"

    def convert(self, value, param, ctx):
        from annotator.review.records import ROLES

        if value not in ROLES:
            self.fail(f"{value!r} is not one of {', '.join(ROLES)}", param, ctx)
        return value


DB = click.option(
    "--db",
    default=None,
    metavar="URL_OR_PATH",
    help="review store: SQLite file or database URL "
    "(default: $ANNOTATOR_DB or ./annotator-review.db)",
)


def _accounts(action: str, *args, db=None):
    """Run one account function of annotator.review.accounts; a refusal or an unusable store is a
    ReviewError, shown by the CLI as one line."""
    from annotator.review import accounts
    from annotator.review.db import store_errors

    with store_errors(db):
        return getattr(accounts, action)(*args, db=db)


def _password(from_stdin: bool) -> str:
    """Never an argument (it would sit in shell history and `ps`): stdin or a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


PASSWORD_STDIN = click.option(
    "--password-stdin",
    is_flag=True,
    help="read the password from the first line of stdin (for scripts)",
)


@click.group()
def users():
    """Manage reviewer accounts (local, argon2-hashed passwords) in the review store."""


@users.command("add")
@click.argument("username")
@click.option(
    "--role", type=_Role(), default="reviewer", show_default=True, help="reviewer, editor or admin"
)
@PASSWORD_STDIN
@DB
def users_add(username, role, password_stdin, db):
    """Add an account; the password is prompted for (hidden, twice), never an argument.

    Example: annotator users add rita --role reviewer --db review.db
    """
    user = _accounts("add_user", username, _password(password_stdin), role, db=db)
    click.echo(f"added {user.username} ({user.role})")


@users.command("list")
@DB
def users_list(db):
    """List accounts: username, role, active, created.

    Example: annotator users list --db review.db
    """
    for u in _accounts("list_users", db=db):
        click.echo(
            f"{u.username}\t{u.role}\t{'active' if u.active else 'inactive'}\t{u.created_at}"
        )


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=_Role())
@DB
def users_set_role(username, role, db):
    """Give an account another role (reviewer, editor or admin).

    Example: annotator users set-role rita editor --db review.db
    """
    user = _accounts("set_role", username, role, db=db)
    click.echo(f"{user.username} is now {user.role}")


@users.command("deactivate")
@click.argument("username")
@DB
def users_deactivate(username, db):
    """Stop an account from signing in; its decisions stay in the audit trail.

    Example: annotator users deactivate rita --db review.db
    """
    user = _accounts("deactivate_user", username, db=db)
    click.echo(f"deactivated {user.username}")


@users.command("reactivate")
@click.argument("username")
@DB
def users_reactivate(username, db):
    """Let a deactivated account sign in again.

    Example: annotator users reactivate rita --db review.db
    """
    user = _accounts("reactivate_user", username, db=db)
    click.echo(f"reactivated {user.username}")


@users.command("reset-password")
@click.argument("username")
@PASSWORD_STDIN
@DB
def users_reset_password(username, password_stdin, db):
    """Set a new password (prompted for, hidden, twice; or --password-stdin).

    Example: annotator users reset-password rita --db review.db
    """
    user = _accounts("reset_password", username, _password(password_stdin), db=db)
    click.echo(f"new password set for {user.username}")
