"""Alembic migrations of the review store, shipped inside the package.

They run programmatically (`ReviewStore.upgrade()`), never through an alembic.ini: the store
hands env.py an open connection whose transaction already holds the write lock, so two
processes opening a new database at once cannot both create the tables.
To add a revision, copy the newest file in versions/, bump `revision`/`down_revision`, and
never edit a revision that has shipped: stores created by older versions replay them.
"""
