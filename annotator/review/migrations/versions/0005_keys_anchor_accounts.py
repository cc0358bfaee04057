"""Tamper evidence against the database's owner; account state as appended rows; REPLACE refused.

Why:
- Every chained table gets a `mac` column: HMAC(server key, table + row_hash), the key kept
  outside the database (audit_keys.py). Rows written before this revision keep mac NULL and
  are reported as unkeyed legacy rows, never MAC'd now: a MAC added today would vouch for rows
  nobody can vouch for (any edit made before the upgrade would be laundered), and writing it
  would mean updating append-only rows. The first anchor, written right after this revision,
  records how many unkeyed rows each table has, so none can be added later unnoticed.
- Sign-offs record the chain heads they were signed on (`heads`).
- users rows were updated in place (role, active, password): now each account's state is an
  appended, chained, MAC'd account_states row, and users rows only reserve a name. Every
  user's current state is copied once, MAC'd with the key (the store runs this migration).
- SQLite's INSERT OR REPLACE (and REPLACE INTO) deletes the conflicting row without firing
  delete triggers; a BEFORE INSERT trigger now refuses any insert that would meet an existing
  key, on every append-only table. users, documents and login_attempts become append-only.
- login_attempts records the client (a session key from the app) for per-client throttling.

Revision ID: 0005
Revises: 0004
"""

import hashlib
import hmac
import json

import sqlalchemy as sa
from alembic import context, op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
OLD_CHAINED = (
    "decisions",
    "finding_decisions",
    "signoffs",
    "document_texts",
    "account_events",
    "document_versions",
    "assignments",
)
UNIQUE_KEYS = {  # every key an INSERT OR REPLACE could meet (and so delete)
    **{t: (("id",), ("prev_hash",)) for t in (*OLD_CHAINED, "account_states")},
    "document_texts": (("id",), ("prev_hash",), ("name", "content_hash")),
    "document_versions": (
        ("id",),
        ("prev_hash",),
        ("doc_id", "version"),
        ("doc_id", "content_hash"),
    ),
    "documents": (("id",), ("name", "content_hash")),
    "users": (("username",),),
    "login_attempts": (("id",),),
}
NEWLY_APPEND_ONLY = ("account_states", "users", "documents", "login_attempts")


def _row_hash(table: str, prev_hash: str, values: dict) -> str:
    """The chain hash as annotator/review/chain.py computes it when this revision was written."""
    canonical = json.dumps([table, values], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def upgrade() -> None:
    key = context.config.attributes.get("audit_key")
    if key is None:  # pragma: no cover - the store always passes it
        raise RuntimeError("revision 0005 runs through ReviewStore.upgrade(), which has the key")
    for table in OLD_CHAINED:
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.add_column(sa.Column("mac", sa.Text))
    with op.batch_alter_table("signoffs", recreate="never") as batch:
        batch.add_column(sa.Column("heads", sa.Text))
    with op.batch_alter_table("login_attempts", recreate="never") as batch:
        batch.add_column(sa.Column("client", sa.Text))
    op.create_index("ix_login_attempts_client_at", "login_attempts", ["client", "at"])
    op.create_table(
        "account_states",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text, sa.ForeignKey("users.username"), nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),  # the account event that set it
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False, unique=True),
        sa.Column("row_hash", sa.Text, nullable=False),
        sa.Column("mac", sa.Text),
        sa.CheckConstraint("role IN ('reviewer', 'editor', 'admin')", name="ck_states_role"),
    )
    op.create_index("ix_account_states_username", "account_states", ["username", "id"])
    _copy_users(key)
    _guards()


def _copy_users(key: bytes) -> None:
    conn = op.get_bind()
    users = conn.execute(
        sa.text("SELECT username, password_hash, role, active, created_at FROM users")
    ).fetchall()
    prev = GENESIS
    now = conn.execute(sa.text("SELECT max(created_at) FROM account_events")).scalar() or ""
    for u in sorted(users, key=lambda r: (r.created_at, r.username)):
        values = dict(
            username=u.username,
            role=u.role,
            active=bool(u.active),
            password_hash=u.password_hash,
            reason="migrated",
            actor="system:migration-0005",
            created_at=max(now, u.created_at),
        )
        digest = _row_hash("account_states", prev, values)
        mac = hmac.new(key, f"account_states\n{digest}".encode(), hashlib.sha256).hexdigest()
        conn.execute(
            sa.text(
                "INSERT INTO account_states (username, role, active, password_hash, reason, "
                "actor, created_at, prev_hash, row_hash, mac) VALUES (:username, :role, "
                ":active, :password_hash, :reason, :actor, :created_at, :prev, :digest, :mac)"
            ),
            {**values, "prev": prev, "digest": digest, "mac": mac},
        )
        prev = digest


def _guards() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in NEWLY_APPEND_ONLY:  # PostgreSQL has no REPLACE; ON CONFLICT updates
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION annotator_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION annotator_append_only()"
            )
        return
    for table in NEWLY_APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    for table, keys in UNIQUE_KEYS.items():
        met = " OR ".join(
            "EXISTS (SELECT 1 FROM {t} WHERE {w})".format(
                t=table, w=" AND ".join(f"{c} = NEW.{c}" for c in columns)
            )
            for columns in keys
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} WHEN {met} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: the row exists'); END"
        )


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for table in NEWLY_APPEND_ONLY:
        if pg:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
        elif table != "account_states":
            op.execute(f"DROP TRIGGER {table}_no_update")
            op.execute(f"DROP TRIGGER {table}_no_delete")
    if not pg:
        for table in UNIQUE_KEYS:
            if table != "account_states":
                op.execute(f"DROP TRIGGER {table}_no_replace")
    op.drop_table("account_states")
    op.drop_index("ix_login_attempts_client_at", "login_attempts")
    with op.batch_alter_table("login_attempts", recreate="never") as batch:
        batch.drop_column("client")
    with op.batch_alter_table("signoffs", recreate="never") as batch:
        batch.drop_column("heads")
    for table in OLD_CHAINED:
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.drop_column("mac")
