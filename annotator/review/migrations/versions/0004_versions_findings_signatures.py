"""Document versions with stable ids, decisions on findings, assignments, e-signatures.

Why: documents were known by file name, so a same-name upload took over the decisions of
another text; now each text is a version (doc_id, version) found by its content hash, and
decisions carry over only to claims whose text is unchanged. Findings become reviewable items
(their own decision table: agree / dismiss / needs_edit). A decision records the state it was
made on (`seen`: the decision the reviewer saw; `via`: decide, confirm, bulk) so a later one
made on an out-of-date page is a conflict, not a silent overwrite. A sign-off records its
outcome, how the signer re-authenticated, the version and a note. Documents can be assigned.

Existing rows are kept as they are (append-only, hash-chained): their new columns stay NULL,
which the chain check reads as absent, and each document known so far becomes a document
whose stable id is its old name, with its versions in the order they were first seen.

Revision ID: 0004
Revises: 0003
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NEW_AUDIT_TABLES = ("finding_decisions", "document_versions", "assignments")
GENESIS = "0" * 64


def _row_hash(table: str, prev_hash: str, values: dict) -> str:
    """The chain hash as annotator/review/audit.py computed it when this revision was written."""
    canonical = json.dumps([table, values], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("decisions", recreate="never") as batch:
        for column in ("seen", "via", "confirms"):
            batch.add_column(sa.Column(column, sa.Text))
    with op.batch_alter_table("signoffs", recreate="never") as batch:
        for column in ("outcome", "auth_method", "version", "note"):
            batch.add_column(sa.Column(column, sa.Text))
    op.create_table(
        "finding_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("document_hash", sa.Text, nullable=False),
        sa.Column("claim_id", sa.Text, nullable=False),  # the finding's key
        sa.Column("claim_hash", sa.Text, nullable=False),  # the finding's text hash
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
        sa.Column("seen", sa.Text),
        sa.Column("via", sa.Text),
        sa.Column("confirms", sa.Text),
        sa.CheckConstraint(
            "decision IN ('agree', 'dismiss', 'needs_edit')", name="ck_finding_decisions_decision"
        ),
        sa.ForeignKeyConstraint(
            ["document", "document_hash"], ["documents.name", "documents.content_hash"]
        ),
    )
    op.create_index(
        "ix_finding_decisions_document", "finding_decisions", ["document", "claim_id", "id"]
    )
    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("added_by", sa.Text, nullable=False),
        sa.Column("added_at", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False, unique=True),
        sa.Column("row_hash", sa.Text, nullable=False),
        sa.UniqueConstraint("doc_id", "version", name="uq_document_versions_number"),
        sa.UniqueConstraint("doc_id", "content_hash", name="uq_document_versions_hash"),
        sa.ForeignKeyConstraint(
            ["doc_id", "content_hash"], ["documents.name", "documents.content_hash"]
        ),
    )
    op.create_index("ix_document_versions_hash", "document_versions", ["content_hash"])
    op.create_index("ix_document_versions_name", "document_versions", ["name", "id"])
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("assignee", sa.Text, nullable=False),  # "" = released
        sa.Column("assigned_by", sa.Text, sa.ForeignKey("users.username"), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False, unique=True),
        sa.Column("row_hash", sa.Text, nullable=False),
    )
    op.create_index("ix_assignments_document", "assignments", ["document", "id"])
    _backfill_versions()

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


def _backfill_versions() -> None:
    """Every (name, content hash) seen so far becomes a version of the document `name`."""
    conn = op.get_bind()
    texts = {
        (r.name, r.content_hash): r
        for r in conn.execute(
            sa.text("SELECT name, content_hash, origin, added_by FROM document_texts")
        )
    }
    rows = conn.execute(sa.text("SELECT name, content_hash, first_seen FROM documents ORDER BY id"))
    numbers: dict[str, int] = {}
    prev = GENESIS
    for name, content_hash, first_seen in rows.fetchall():
        numbers[name] = numbers.get(name, 0) + 1
        text = texts.get((name, content_hash))
        values = dict(
            doc_id=name,
            version=numbers[name],
            name=name,
            content_hash=content_hash,
            origin=text.origin if text else "api",
            added_by=text.added_by if text else "",
            added_at=first_seen,
        )
        row_hash = _row_hash("document_versions", prev, values)
        conn.execute(
            sa.text(
                "INSERT INTO document_versions (doc_id, version, name, content_hash, origin, "
                "added_by, added_at, prev_hash, row_hash) VALUES (:doc_id, :version, :name, "
                ":content_hash, :origin, :added_by, :added_at, :prev_hash, :row_hash)"
            ),
            {**values, "prev_hash": prev, "row_hash": row_hash},
        )
        prev = row_hash


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in NEW_AUDIT_TABLES:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
    for table in NEW_AUDIT_TABLES:
        op.drop_table(table)
    with op.batch_alter_table("signoffs", recreate="never") as batch:
        for column in ("outcome", "auth_method", "version", "note"):
            batch.drop_column(column)
    with op.batch_alter_table("decisions", recreate="never") as batch:
        for column in ("seen", "via", "confirms"):
            batch.drop_column(column)
