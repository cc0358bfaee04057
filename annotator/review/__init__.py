"""Layer 8, the review store: reviewers' decisions and sign-offs, persistent and auditable.

`store` (ReviewStore, the e-signature), `db` (engines, SQLite WAL / PostgreSQL locking,
Alembic migrations in `migrations/`), `accounts`, `documents` (stable ids, versions, texts),
`assignments` (who holds a document), `decisions` (decisions, confirmations, bulk actions,
conflicts), `queries` (shared reads), `audit` (hash chains, exports), and pure rules:
`items` (review items, carry-over between versions), `staleness`, `signing` (what a signature
may attest, its meaning), `adjudication` (agreements between reviewers); `records` (the
store's frozen records); outputs: `report` (claims report with decisions merged) and
`author_report` (the reviewed document for its writer, HTML and CSV).
May import: outputs, the pipeline and every layer below it; never app or cli.
"""

from annotator.review.store import ReviewStore

__all__ = ["ReviewStore"]
