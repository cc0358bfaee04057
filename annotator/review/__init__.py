"""Layer 8, the review store: reviewers' decisions and sign-offs, persistent and auditable.

`store` (ReviewStore: decisions, sign-offs), `db` (engines, SQLite WAL / PostgreSQL locking,
Alembic migrations in `migrations/`), `accounts`, `audit` (hash chain, exports), `documents`
(stored document versions), `staleness`, `records` (the store's frozen records), `report`
(claims report with the reviewers' decisions merged).
May import: outputs, the pipeline and every layer below it; never app or cli.
"""

from annotator.review.store import ReviewStore

__all__ = ["ReviewStore"]
