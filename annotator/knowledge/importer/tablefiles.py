"""Writing into reference_notes/ the way a curator would: rows appended to the files people
edit (sources.csv, drugs.csv) leave every existing line byte for byte as it was, files the
importer owns (imported/, labels.csv, needs_terms.csv) are rewritten whole and sorted, and
every write can be undone when the resulting table does not validate.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from annotator.knowledge.importer.spec import LabelImportError

LABELS_COLUMNS = (
    "set_id",
    "drug",
    "kind",
    "version",
    "effective",
    "labeler",
    "application",
    "repackager",
    "facts",
    "status",
    "reason",
    "source",
)
NEEDS_COLUMNS = (
    "drug",
    "attribute",
    "raw_value",
    "kinds",
    "reason",
    "set_id",
    "citation",
    "passage",
)


def read_rows(path: Path, columns: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    """Rows of a CSV the importer owns; its header must be `columns` when given."""
    if not path.is_file():
        return []
    reader = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    if columns and tuple(reader.fieldnames or ()) != columns:
        raise LabelImportError(f"{path}:1: header must be: {', '.join(columns)}")
    rows = [r for r in reader if any((v or "").strip() for v in r.values())]
    for n, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            raise LabelImportError(f"{path}:{n}: expected {len(reader.fieldnames)} cells")
    return rows


def render(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def appended(path: Path, rows: list[dict[str, str]]) -> str:
    """The file's text with `rows` added at the end in its own column order."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    header = next(csv.reader([text.splitlines()[0]])) if text.strip() else []
    if not header:
        raise LabelImportError(f"{path}:1: missing header")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow([row.get(col, "") for col in header])
    if text and not text.endswith("\n"):
        text += "\n"
    return text + buf.getvalue()


class Transaction:
    """Stage file contents, write them all, and put the old contents back on `rollback()`."""

    def __init__(self) -> None:
        self.staged: dict[Path, str | None] = {}  # path -> new text (None: delete)
        self.before: dict[Path, bytes | None] = {}

    def put(self, path: Path, text: str | None) -> None:
        self.staged[path] = text

    def commit(self) -> None:
        for path, text in self.staged.items():
            self.before[path] = path.read_bytes() if path.is_file() else None
            if text is None:
                path.unlink(missing_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8", newline="")
            os.replace(tmp, path)

    def rollback(self) -> None:
        for path, data in self.before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
