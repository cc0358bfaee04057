"""The curation log (reference_notes/curation.csv): who accepted, edited or rejected which
imported row, when and why, and which label imports were made.

Why a log and not edits in place: imported rows are regenerated from the label on every
re-import, so a curator's decision must live beside them, keyed by the row's content hash. A
decision applies while the row still says what the curator saw; when a newer label version
changes the row, the decision no longer applies and the row is back to `imported`, waiting for
review. The log is append-only and hash-chained like the review store: each row carries the
hash of the one before it, so an edit or deletion shows in `annotator notes validate`, and git
diffs it line by line.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.models import Fact

FILE = "curation.csv"
COLUMNS = (
    "at",
    "by",
    "action",
    "fact_id",
    "reason",
    "changes",
    "fact_hash",
    "prev_hash",
    "row_hash",
)
ACTIONS = ("import", "accept", "reject", "edit")
EDITABLE = ("value", "qualifier", "polarity", "statement", "severity", "must_mention")
STATES = ("pending", "held", "accepted", "edited", "rejected")


class CurationError(AnnotatorError):
    """A refused curation action (unknown fact, no reason, a field that cannot be edited)."""


@dataclass(frozen=True)
class LogEntry:
    line: int
    at: str
    by: str
    action: str
    fact_id: str
    reason: str
    changes: tuple[tuple[str, str], ...]
    fact_hash: str


@dataclass(frozen=True)
class ImportedRow:
    """An imported row as the curation page shows it: the row as imported, the fact it is
    after curation, its review state and the curated facts it disagrees with."""

    raw: Fact  # as read from imported/<drug>.csv
    fact: Fact  # with the curator's edits; status "curated" once accepted or edited
    state: str  # pending | held (disagrees with curated facts) | accepted | edited | rejected
    conflicts: tuple[str, ...] = ()
    decision: LogEntry | None = None  # the log row that decided it, if any

    @property
    def active(self) -> bool:
        """Checked against: accepted or edited rows, and pending rows without a conflict."""
        return self.state in ("pending", "accepted", "edited")


def fact_hash(fact: Fact) -> str:
    """What a curator's decision is tied to: the imported row's content (Fact.content())."""
    text = json.dumps(fact.content(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _row_hash(prev: str, cells: list[str]) -> str:
    return hashlib.sha256("\x1f".join([prev, *cells]).encode("utf-8")).hexdigest()[:16]


def read_log(path: Path, shown: str, problems: list[str]) -> list[LogEntry]:
    """Every entry of the log; a bad row, a broken chain or an unknown action is a problem."""
    if not path.is_file():
        return []
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    if not rows or tuple(rows[0]) != COLUMNS:
        problems.append(f"{shown}:1: header must be: {', '.join(COLUMNS)}")
        return []
    out, prev = [], ""
    for line, cells in enumerate(rows[1:], start=2):
        where = f"{shown}:{line}"
        if len(cells) != len(COLUMNS):
            problems.append(f"{where}: expected {len(COLUMNS)} cells, found {len(cells)}")
            continue
        row = dict(zip(COLUMNS, cells, strict=True))
        if row["prev_hash"] != prev or row["row_hash"] != _row_hash(prev, cells[:-2]):
            problems.append(f"{where}: hash chain broken (the log was edited outside annotator)")
        prev = row["row_hash"]
        if row["action"] not in ACTIONS:
            problems.append(f"{where}: action must be one of: {', '.join(ACTIONS)}")
            continue
        if not row["by"] or not row["reason"] or not row["fact_id"]:
            problems.append(f"{where}: by, fact_id and reason are required")
            continue
        changes = _parse_changes(row["changes"], where, problems)
        out.append(
            LogEntry(
                line,
                row["at"],
                row["by"],
                row["action"],
                row["fact_id"],
                row["reason"],
                changes,
                row["fact_hash"],
            )
        )
    return out


def _parse_changes(cell: str, where: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for part in (p for p in cell.split("|") if p):
        key, sep, value = part.partition("=")
        if not sep or key not in EDITABLE:
            problems.append(
                f"{where}: bad change '{part}'; use field=value with field one of: "
                f"{', '.join(EDITABLE)}"
            )
        else:
            pairs.append((key, value))
    return tuple(pairs)


def apply_log(
    raw: Fact, conflicts: tuple[str, ...], log: list[LogEntry]
) -> tuple[dict, str, LogEntry | None]:
    """(edited row cells, state, deciding entry) for one imported row: the entries about this
    row *as it is now* (same content hash), in order; an edit implies acceptance."""
    digest, edits, state, decided = fact_hash(raw), {}, "held" if conflicts else "pending", None
    for entry in log:
        if entry.fact_id != raw.fact_id or entry.fact_hash != digest or entry.action == "import":
            continue
        decided = entry
        if entry.action == "edit":
            edits.update(entry.changes)
            state = "edited"
        elif entry.action == "accept":
            state = "edited" if edits else "accepted"
        else:
            state = "rejected"
    return edits, state, decided


def curated_fact(raw: Fact, edits: dict, state: str) -> Fact:
    if state not in ("accepted", "edited"):
        return raw
    changed = {k: v for k, v in edits.items() if k not in ("polarity", "must_mention")}
    if "polarity" in edits:
        changed["polarity"] = edits["polarity"] == "+"
    if "must_mention" in edits:
        changed["must_mention"] = edits["must_mention"] == "yes"
    return replace(raw, status="curated", **changed)


def append(root: Path, entries: list[dict[str, str]]) -> None:
    """Append log rows (dicts with at/by/action/fact_id/reason/changes/fact_hash), chaining
    each to the last; an exclusive lock keeps two curators' appends in one chain."""
    path = Path(root) / FILE
    path.touch()
    with path.open("r+", encoding="utf-8", newline="") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        rows = list(csv.reader(fh.read().splitlines()))
        if not rows:
            fh.write(",".join(COLUMNS) + "\n")
        prev = rows[-1][-1] if len(rows) > 1 else ""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        for entry in entries:
            cells = [entry.get(c, "") for c in COLUMNS[:-2]]
            cells[0] = cells[0] or now()
            digest = _row_hash(prev, cells)
            writer.writerow([*cells, prev, digest])
            prev = digest
        fh.seek(0, 2)
        fh.write(buf.getvalue())


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
