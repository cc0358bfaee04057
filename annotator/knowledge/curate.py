"""Curation actions on the table: accept, edit or reject imported rows; sign a release; diff
releases. One function each, shared by `annotator notes ...` and the app's Curation page.

Why every action is checked before it is written: the curation log and the release record are
append-only, so a refused action (an unknown fact, no reason, an edit to a term the vocabulary
does not have, a release of an unchanged or invalid table) must fail before a line is added.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.knowledge import curation, releases
from annotator.knowledge.curation import EDITABLE, CurationError, ImportedRow, fact_hash
from annotator.knowledge.factrows import RowContext, check_fact
from annotator.knowledge.loader import load_reference
from annotator.knowledge.reference import Reference
from annotator.knowledge.releases import FactDiff, Release, ReleaseError


def select(
    reference: Reference,
    fact_ids: Iterable[str] = (),
    drug: str = "",
    attribute: str = "",
    state: str = "",
) -> list[ImportedRow]:
    """Imported rows by id, or by drug / attribute / review state; unknown ids are an error."""
    rows = {r.raw.fact_id: r for r in reference.imported_rows}
    fact_ids = list(fact_ids)
    unknown = [f for f in fact_ids if f not in rows]
    if unknown:
        hint = (
            " (curated rows are edited in facts/<drug>.csv)"
            if any(f in reference.by_id for f in unknown)
            else ""
        )
        raise CurationError(f"not an imported fact: {', '.join(unknown)}{hint}")
    chosen = [rows[f] for f in fact_ids] if fact_ids else list(rows.values())
    return [
        r
        for r in chosen
        if (not drug or r.raw.drug == drug)
        and (not attribute or r.raw.attribute == attribute)
        and (not state or r.state == state)
    ]


def decide(
    root: str | Path,
    rows: list[ImportedRow],
    action: str,
    by: str,
    reason: str,
    changes: dict[str, str] | None = None,
) -> int:
    """Record `action` (accept | reject | edit) on `rows`; returns how many were recorded."""
    if action not in ("accept", "reject", "edit"):
        raise CurationError(f"unknown action {action!r}; use accept, reject or edit")
    if not reason.strip():
        raise CurationError(f"{action} needs a reason (it goes into the curation log)")
    if not by.strip():
        raise CurationError(f"{action} needs the curator's name")
    if not rows:
        raise CurationError("no imported rows match")
    changes = changes or {}
    if action == "edit":
        _check_edit(load_reference(root), rows, changes)
    entries = [
        {
            "by": by,
            "action": action,
            "fact_id": r.raw.fact_id,
            "reason": " ".join(reason.split()),
            "changes": "|".join(f"{k}={v}" for k, v in changes.items()),
            "fact_hash": fact_hash(r.raw),
        }
        for r in rows
    ]
    curation.append(Path(root), entries)
    return len(entries)


def _check_edit(reference: Reference, rows: list[ImportedRow], changes: dict[str, str]) -> None:
    if not changes:
        raise CurationError("edit needs at least one field=value")
    bad = [k for k in changes if k not in EDITABLE]
    if bad:
        raise CurationError(f"cannot edit {', '.join(bad)}; editable: {', '.join(EDITABLE)}")
    if any("|" in v for v in changes.values()):
        raise CurationError("an edited value cannot contain '|'")
    ctx = RowContext(
        reference.sources,
        reference.terms,
        reference.drug_generic,
        set(reference.drug_generic) | set(reference.drug_names.values()),
    )
    for r in rows:
        f = r.raw
        row = {
            "fact_id": f.fact_id,
            "drug": f.drug,
            "attribute": f.attribute,
            "value": f.value,
            "qualifier": f.qualifier,
            "polarity": "+" if f.polarity else "-",
            "statement": f.statement,
            "severity": f.severity,
            "source_id": f.source_id,
            "locator": f.locator,
            "must_mention": "yes" if f.must_mention else "",
            **changes,
        }
        problems: list[str] = []
        check_fact(row, f.fact_id, ctx, problems)
        if problems:
            raise CurationError("; ".join(problems))


def release(root: str | Path, name: str, by: str, note: str = "") -> tuple[Release, FactDiff]:
    """Sign the table as it is now as release `name`, with its diff against the last one."""
    root = Path(root)
    reference = load_reference(root)
    if not releases.NAME.match(name):
        raise ReleaseError(f"bad release name {name!r}: letters, digits, '.', '_', '-' (max 64)")
    if any(r.name == name for r in reference.releases):
        raise ReleaseError(f"release {name!r} exists already; choose a new name")
    if not by.strip():
        raise ReleaseError("a release needs the name of who signs it")
    if reference.release is not None:
        raise ReleaseError(f"nothing changed since release {reference.release.name}")
    rows = releases.snapshot_rows(reference.facts)
    last = reference.releases[-1] if reference.releases else None
    change = releases.diff(releases.read_snapshot(root, last.name) if last else [], rows)
    made = Release(
        name,
        by,
        curation.now(),
        reference.content_hash,
        len(rows),
        sum(f.status == "curated" for f in reference.facts),
        sum(f.status == "imported" for f in reference.facts),
        len(change.added),
        len(change.changed),
        len(change.removed),
        last.name if last else "",
        " ".join(note.split()),
    )
    releases.write_release(root, made, rows, reference.releases)
    return made, change


def diff(root: str | Path, old: str = "", new: str = "") -> tuple[str, str, FactDiff]:
    """(from, to, diff): release `old` (default: the latest) against release `new` (default:
    the table as it is now)."""
    root = Path(root)
    reference = load_reference(root)
    names = [r.name for r in reference.releases]
    old = old or (names[-1] if names else "")
    before = releases.read_snapshot(root, old) if old else []
    after = releases.read_snapshot(root, new) if new else releases.snapshot_rows(reference.facts)
    return (
        old or "(nothing)",
        new or f"working table {reference.version}",
        releases.diff(before, after),
    )
