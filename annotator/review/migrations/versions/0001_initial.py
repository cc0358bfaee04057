"""Initial review store: documents, append-only decisions and sign-offs, users.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

AUDIT_TABLES = ("decisions", "signoffs")


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("first_seen", sa.Text, nullable=False),
        sa.UniqueConstraint("name", "content_hash", name="uq_documents_name_hash"),
    )
    op.create_table(
        "users",
        sa.Column("username", sa.Text, primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.CheckConstraint("role IN ('reviewer', 'editor', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("document_hash", sa.Text, nullable=False),
        sa.Column("claim_id", sa.Text, nullable=False),
        sa.Column("claim_hash", sa.Text, nullable=False),
        sa.Column("verdict_shown", sa.Text, nullable=False),
        sa.Column("decision", sa.Text, nullable=False),
        sa.Column("decided_verdict", sa.Text),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("reviewer", sa.Text, sa.ForeignKey("users.username"), nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("reference_version", sa.Text, nullable=False),
        sa.Column("fact_fingerprint", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False, unique=True),
        sa.Column("row_hash", sa.Text, nullable=False),
        sa.CheckConstraint(
            "decision IN ('agree', 'override', 'needs_edit')", name="ck_decisions_decision"
        ),
        sa.ForeignKeyConstraint(
            ["document", "document_hash"], ["documents.name", "documents.content_hash"]
        ),
    )
    op.create_table(
        "signoffs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("document_hash", sa.Text, nullable=False),
        sa.Column("reference_version", sa.Text, nullable=False),
        sa.Column("reviewer", sa.Text, sa.ForeignKey("users.username"), nullable=False),
        sa.Column("meaning", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False, unique=True),
        sa.Column("row_hash", sa.Text, nullable=False),
        sa.CheckConstraint("action IN ('sign_off', 'reopen')", name="ck_signoffs_action"),
        sa.ForeignKeyConstraint(
            ["document", "document_hash"], ["documents.name", "documents.content_hash"]
        ),
    )
    op.create_index("ix_decisions_document_claim", "decisions", ["document", "claim_id", "id"])
    op.create_index("ix_signoffs_document", "signoffs", ["document", "id"])

    # Append-only is enforced by the database too, not only by the absence of code paths.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION annotator_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql"
        )
        for table in AUDIT_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION annotator_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION annotator_append_only()"
            )
    else:
        for table in AUDIT_TABLES:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in AUDIT_TABLES:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION annotator_append_only()")
    for table in ("signoffs", "decisions", "users", "documents"):
        op.drop_table(table)
