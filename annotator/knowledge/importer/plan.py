"""Read labels and decide what an import changes: which set id speaks for each drug, its rows,
and how they differ from the rows already imported from it.

Pure computation over the labels and the current table (nothing is written here), so the
command can print the whole plan, and tests can inspect it, before any file changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.knowledge.importer import rows as rowmap
from annotator.knowledge.importer.choose import Candidate, choose, is_repackager
from annotator.knowledge.importer.conflicts import conflicts
from annotator.knowledge.importer.spec import aliases
from annotator.knowledge.importer.tablefiles import LABELS_COLUMNS, read_rows
from annotator.knowledge.importer.termmap import TermIndex
from annotator.knowledge.labels import AdrLexicon, Label, extract_facts, read_labels
from annotator.knowledge.reference import Reference

# what a row says (Fact.content() for a row read from a label): a change in any is "changed"
CONTENT = (
    "drug",
    "attribute",
    "value",
    "qualifier",
    "population",
    "product",
    "polarity",
    "statement",
    "severity",
    "must_mention",
    "set_id",
    "passage",
)


@dataclass
class SetPlan:
    """One label (set id) of the import: its rows, and what they change."""

    label: Label
    drug: str
    kind: str
    status: str  # in_use | not_preferred | superseded | older
    reason: str = ""
    rows: list[dict] = field(default_factory=list)
    needs: list = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    previous: str = ""  # version imported before, "" when new
    added: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)  # (fact id, fields)
    removed: list[str] = field(default_factory=list)
    held: list[tuple[str, list[str], str]] = field(default_factory=list)  # fact, curated, why


@dataclass
class Plan:
    sets: list[SetPlan]
    errors: list[str]
    dropped: list[dict]  # labels.csv rows of set ids that lost to a newer choice
    recorded: list[dict]  # labels.csv as it was


def plan_import(paths, root: Path, reference: Reference, lexicon: AdrLexicon | None = None) -> Plan:
    read = read_labels(paths)
    errors = [str(e) for e in read.errors]
    recorded = read_rows(root / "labels.csv", LABELS_COLUMNS)
    by_set = {r["set_id"]: r for r in recorded}
    index = TermIndex.build(reference, aliases())
    current = _imported_rows(root)
    sets: dict[str, SetPlan] = {}
    for label in read.labels:
        if label.doc_kind == "indexing":
            continue
        old = by_set.get(label.set_id)
        if old and _newer(old["version"], label.version):
            plan = SetPlan(label, label.drug, label.doc_kind, "older")
            plan.reason = f"older than the imported v{old['version']}; kept v{old['version']}"
            sets[label.set_id] = plan
            continue
        if label.set_id in sets and not _newer(label.version, sets[label.set_id].label.version):
            continue  # the same set id twice in one import: the newest version counts
        facts = extract_facts(label, read.class_index, lexicon)
        plan = SetPlan(label, label.drug, label.doc_kind, "in_use")
        plan.rows, plan.needs, plan.skipped = rowmap.map_label(label, facts, label.drug, index)
        plan.previous = old["version"] if old else ""
        sets[label.set_id] = plan
    dropped = _choose(sets, recorded)
    for plan in sets.values():
        if plan.status == "in_use":
            _diff(plan, current.get(plan.label.set_id, []), reference)
    return Plan(list(sets.values()), errors, dropped, recorded)


def _newer(a: str, b: str) -> bool:
    """Version a is later than version b (numbers; text compares as text)."""
    return (int(a), a) > (int(b), b) if a.isdigit() and b.isdigit() else a > b


def _candidate(plan: SetPlan) -> Candidate:
    lab = plan.label
    return Candidate(
        lab.set_id,
        lab.version,
        lab.effective,
        lab.labeler,
        lab.application,
        is_repackager(lab.labeler, lab.operations),
        len(plan.rows),
    )


def _recorded(row: dict) -> Candidate:
    return Candidate(
        row["set_id"],
        row["version"],
        row["effective"],
        row["labeler"],
        row["application"],
        row["repackager"] == "yes",
        int(row["facts"] or 0),
    )


def _choose(sets: dict[str, SetPlan], recorded: list[dict]) -> list[dict]:
    """One winner per (drug, kind) among this import's labels and those in use before."""
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for plan in sets.values():
        if plan.status == "in_use":
            groups.setdefault((plan.drug, plan.kind), []).append(_candidate(plan))
    kept = {r["set_id"]: r for r in recorded if r["status"] == "in_use" and r["set_id"] not in sets}
    for row in kept.values():
        if (row["drug"], row["kind"]) in groups:
            groups[(row["drug"], row["kind"])].append(_recorded(row))
    dropped = []
    for candidates in groups.values():
        winner, losers = choose(candidates)
        for loser, why in losers:
            text = f"{winner.describe()} preferred over {loser.describe()}: {why}"
            if loser.set_id in sets:
                sets[loser.set_id].status, sets[loser.set_id].reason = "not_preferred", text
            else:
                dropped.append({**kept[loser.set_id], "status": "superseded", "reason": text})
        if winner.set_id in sets and losers:
            sets[winner.set_id].reason = f"preferred over {len(losers)} other label(s)"
    return dropped


def _imported_rows(root: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    folder = root / "imported"
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        for row in read_rows(path):
            out.setdefault(row.get("set_id", ""), []).append(row)
    return out


def _diff(plan: SetPlan, old_rows: list[dict], reference: Reference) -> None:
    old = {r["fact_id"]: r for r in old_rows}
    for row in plan.rows:
        ids, why = conflicts(row, reference)
        row["conflicts"] = "|".join(ids)
        if ids:
            plan.held.append((row["fact_id"], ids, why))
        before = old.pop(row["fact_id"], None)
        if before is None:
            plan.added.append(row["fact_id"])
            continue
        what = [k for k in CONTENT if before.get(k, "") != row[k]]
        if what:
            plan.changed.append((row["fact_id"], what))
    plan.removed = sorted(old)
