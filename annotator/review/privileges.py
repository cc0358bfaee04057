"""Least privilege on PostgreSQL: the app's role may read and append, nothing else.

Why: the append-only triggers only hold against a role that cannot drop or disable them, and
a table's owner always can (ALTER TABLE ... DISABLE TRIGGER, DROP TRIGGER, TRUNCATE). So the
schema is created and migrated by an owner role, and the app connects as another role that
is granted exactly SELECT and INSERT on the store's tables and USAGE on their sequences:
UPDATE, DELETE, TRUNCATE, ALTER and DROP are refused by PostgreSQL itself, whatever the app
(or someone holding its password) sends. Default privileges make tables of later migrations
follow the same rule. The app role needs no ownership of anything; advisory locks need no
grant.

Use: `annotator db grant --owner-url postgresql://owner@host/db --app-role annotator_app`,
then run the app with ANNOTATOR_DB=postgresql://annotator_app@host/db. Run it again after
an upgrade (migrations run as the owner: the app role cannot migrate).
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from annotator.review.db import shown_location, store_errors
from annotator.review.records import ReviewError
from annotator.review.store import ReviewStore

ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_app_role(owner_url: str, app_role: str, *, create: bool = False) -> list[str]:
    """Migrate the store as its owner, then let `app_role` only SELECT and INSERT (and use the
    sequences) in its schema; returns the statements run. `create`: create the role (NOLOGIN
    unless given a password elsewhere) when it does not exist."""
    if "://" not in owner_url or not owner_url.split("://")[0].startswith("postgres"):
        raise ReviewError(f"{owner_url}: least-privilege roles are for PostgreSQL stores only")
    if not ROLE.fullmatch(app_role):
        raise ReviewError(f"invalid role name {app_role!r}: use a-z, 0-9 and _ (lower case)")
    with store_errors(owner_url), ReviewStore(owner_url) as store:  # migrates as the owner
        engine = store._engine
        with engine.begin() as conn:
            schema = conn.execute(sa.text("SELECT current_schema()")).scalar()
            owner = conn.execute(sa.text("SELECT current_user")).scalar()
            if app_role == owner:
                raise ReviewError(
                    f"{shown_location(owner_url)}: the app role must not be the owner "
                    f"({owner}); it could drop the append-only triggers"
                )
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": app_role}
            ).first()
            statements = [] if exists or not create else [f"CREATE ROLE {app_role} LOGIN"]
            if not exists and not create:
                raise ReviewError(
                    f"{shown_location(owner_url)}: role {app_role!r} does not exist "
                    "(create it, or pass --create-role)"
                )
            statements += [
                f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app_role}",
                f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app_role}",
                f"GRANT USAGE ON SCHEMA {schema} TO {app_role}",
                f"GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA {schema} TO {app_role}",
                f"REVOKE INSERT ON {schema}.alembic_version FROM {app_role}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app_role}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT ON "
                f"TABLES TO {app_role}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON "
                f"SEQUENCES TO {app_role}",
            ]
            for statement in statements:
                conn.execute(sa.text(statement))
    return statements
