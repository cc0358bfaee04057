"""Alembic environment: runs inside the transaction that ReviewStore.upgrade() opened."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by running the alembic CLI directly
    raise RuntimeError("annotator migrations run through ReviewStore.upgrade(), not alembic")

# render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead.
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
