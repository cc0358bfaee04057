"""Keep the text of every document version reviewed, and an append-only log of account changes.

Why: uploads and pasted articles lived only in the browser session, so after a restart the
queue knew their decisions but could not open them; now each version's text is stored once
per (name, content hash). Users rows are updated in place (role, active, password), so each
change is also appended to account_events, which like decisions is hash-chained and guarded
by triggers against UPDATE/DELETE.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NEW_AUDIT_TABLES = ("document_texts", "account_events")
ACTIONS = (
    "created",
    "role_changed",
    "deactivated",
    "reactivated",
    "password_reset",
    "password_rehashed",
)


def upgrade() -> None:
    op.create_table(
        "document_texts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source_text", sa.Text),  # original markup (HTML), when it differs
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("added_by", sa.Text, sa.ForeignKey("users.username"), nullable=False),
        sa.Column("added_at", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False, unique=True),
        sa.Column("row_hash", sa.Text, nullable=False),
        sa.UniqueConstraint("name", "content_hash", name="uq_document_texts_name_hash"),
        sa.CheckConstraint("format IN ('txt', 'md', 'html')", name="ck_document_texts_format"),
        sa.CheckConstraint(
            "origin IN ('folder', 'upload', 'paste', 'api')", name="ck_document_texts_origin"
        ),
        sa.ForeignKeyConstraint(
            ["name", "content_hash"], ["documents.name", "documents.content_hash"]
        ),
    )
    op.create_index("ix_document_texts_name", "document_texts", ["name", "id"])
    op.create_table(
        "account_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text, sa.ForeignKey("users.username"), nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),  # an admin's username or system:<os user>
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False, unique=True),
        sa.Column("row_hash", sa.Text, nullable=False),
        sa.CheckConstraint(
            "action IN (" + ", ".join(f"'{a}'" for a in ACTIONS) + ")",
            name="ck_account_events_action",
        ),
    )
    op.create_index("ix_account_events_username", "account_events", ["username", "id"])

    # The same guards as 0001 (annotator_append_only() exists on PostgreSQL since then).
    if op.get_bind().dialect.name == "postgresql":
        for table in NEW_AUDIT_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION annotator_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION annotator_append_only()"
            )
    else:
        for table in NEW_AUDIT_TABLES:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in NEW_AUDIT_TABLES:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
    for table in NEW_AUDIT_TABLES:
        op.drop_table(table)  # SQLite drops a table's triggers with it
