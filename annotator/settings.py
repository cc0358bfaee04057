"""Deployment settings: where the reference table, the review store and the articles live.

Every setting comes from the environment (set by whoever runs the server or the batch), never
from a page of the app; the defaults suit a checkout of the repository.

| variable | default |
|---|---|
| `ANNOTATOR_NOTES` | `./reference_notes`, else the table shipped beside the package |
| `ANNOTATOR_DB` | `annotator-review.db` (a SQLite path, or a database URL) |
| `ANNOTATOR_CLAIMS_DIR` | `./claims` |
| `ANNOTATOR_MAX_BYTES` | 5 MiB (larger input files are refused) |
"""

from __future__ import annotations

import os
from pathlib import Path

NOTES_ENV = "ANNOTATOR_NOTES"
DB_ENV = "ANNOTATOR_DB"
CLAIMS_DIR_ENV = "ANNOTATOR_CLAIMS_DIR"
MAX_BYTES_ENV = "ANNOTATOR_MAX_BYTES"
DEFAULT_DB = "annotator-review.db"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def notes_dir() -> Path:
    """ANNOTATOR_NOTES, else ./reference_notes, else the table shipped beside the package."""
    env = os.environ.get(NOTES_ENV)
    if env:
        return Path(env)
    cwd = Path.cwd() / "reference_notes"
    if cwd.is_dir():
        return cwd
    return Path(__file__).resolve().parents[1] / "reference_notes"


def db_location() -> str:
    """ANNOTATOR_DB, else annotator-review.db in the working directory."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def claims_dir() -> Path:
    """ANNOTATOR_CLAIMS_DIR, else ./claims: the folder the app offers articles from."""
    env = os.environ.get(CLAIMS_DIR_ENV)
    return Path(env) if env else Path.cwd() / "claims"


def max_bytes() -> int:
    """The input size limit in force: ANNOTATOR_MAX_BYTES when set to a positive integer."""
    value = os.environ.get(MAX_BYTES_ENV, "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return DEFAULT_MAX_BYTES
