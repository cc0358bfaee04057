"""Reference releases: a named, signed set of facts with a diff against the one before.

Why: a verdict is only as good as the table it was checked against, and "the table" changes
every time a label is imported or a row is accepted. A release freezes it: `releases.csv`
holds one signed row per release (name, who, when, the content hash of the table, counts, the
diff against the previous release), hash-chained like the curation log, and
`releases/<name>.csv` lists every fact of the release with a hash of what it says, so any two
releases can be compared later. While the table's content hash equals a release's, its version
reads `<name>@<hash>`, and that is what every verdict, report row and sign-off records.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.models import Fact

FILE = "releases.csv"
SNAPSHOTS = "releases"
COLUMNS = (
    "name",
    "by",
    "at",
    "content_hash",
    "facts",
    "curated",
    "imported",
    "added",
    "changed",
    "removed",
    "previous",
    "note",
    "prev_hash",
    "row_hash",
)
SNAPSHOT_COLUMNS = (
    "fact_id",
    "drug",
    "attribute",
    "value",
    "qualifier",
    "polarity",
    "status",
    "source_id",
    "content",
)
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# What a change is: what the fact says (content: Fact.content(), which for a curated row
# includes its source and for an imported row leaves out the label edition) and its status.
COMPARED = ("attribute", "value", "qualifier", "polarity", "status", "content")


class ReleaseError(AnnotatorError):
    """A refused release (bad or taken name, invalid table, nothing changed)."""


@dataclass(frozen=True)
class Release:
    name: str
    by: str
    at: str
    content_hash: str
    facts: int
    curated: int
    imported: int
    added: int
    changed: int
    removed: int
    previous: str
    note: str


@dataclass(frozen=True)
class FactDiff:
    added: tuple[dict, ...]
    changed: tuple[tuple[dict, dict], ...]  # (before, after)
    removed: tuple[dict, ...]

    def lines(self) -> list[str]:
        out = [f"+ {_show(r)}" for r in self.added]
        for old, new in self.changed:
            what = [k for k in COMPARED if old[k] != new[k] and k != "content"]
            out.append(
                f"~ {_show(new)}  ({', '.join(what) or 'statement, source or passage'} changed"
                + (f"; was {old['value']}" if "value" in what else "")
                + ")"
            )
        out += [f"- {_show(r)}" for r in self.removed]
        return out

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"


def _show(r: dict) -> str:
    q = f" [{r['qualifier']}]" if r["qualifier"] else ""
    sign = "" if r["polarity"] == "+" else "NOT "
    return f"{r['fact_id']}: {r['drug']} {r['attribute']} {sign}{r['value']}{q} ({r['status']})"


def snapshot_rows(facts: tuple[Fact, ...]) -> list[dict]:
    rows = []
    for f in sorted(facts, key=lambda f: f.fact_id):
        content = json.dumps(f.content(), sort_keys=True, ensure_ascii=False)
        rows.append(
            dict(
                fact_id=f.fact_id,
                drug=f.drug,
                attribute=f.attribute,
                value=f.value,
                qualifier=f.qualifier,
                polarity="+" if f.polarity else "-",
                status=f.status,
                source_id=f.source_id,
                content=hashlib.sha256(content.encode()).hexdigest()[:16],
            )
        )
    return rows


def diff(old: list[dict], new: list[dict]) -> FactDiff:
    before, after = {r["fact_id"]: r for r in old}, {r["fact_id"]: r for r in new}
    return FactDiff(
        tuple(after[i] for i in sorted(after.keys() - before.keys())),
        tuple(
            (before[i], after[i])
            for i in sorted(after.keys() & before.keys())
            if any(before[i][k] != after[i][k] for k in COMPARED)
        ),
        tuple(before[i] for i in sorted(before.keys() - after.keys())),
    )


def read_releases(root: Path, shown: str, problems: list[str]) -> tuple[Release, ...]:
    path = root / FILE
    if not path.is_file():
        return ()
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    if not rows or tuple(rows[0]) != COLUMNS:
        problems.append(f"{shown}:1: header must be: {', '.join(COLUMNS)}")
        return ()
    out, prev = [], ""
    for line, cells in enumerate(rows[1:], start=2):
        if len(cells) != len(COLUMNS):
            problems.append(f"{shown}:{line}: expected {len(COLUMNS)} cells, found {len(cells)}")
            continue
        row = dict(zip(COLUMNS, cells, strict=True))
        if row["prev_hash"] != prev or row["row_hash"] != _chain(prev, cells[:-2]):
            problems.append(f"{shown}:{line}: hash chain broken (releases.csv was edited)")
        prev = row["row_hash"]
        if not (root / SNAPSHOTS / f"{row['name']}.csv").is_file():
            problems.append(f"{shown}:{line}: release '{row['name']}' has no {SNAPSHOTS}/ file")
        counts = [row[k] for k in ("facts", "curated", "imported", "added", "changed", "removed")]
        if not all(c.isdigit() for c in counts):
            problems.append(f"{shown}:{line}: fact counts must be numbers")
            continue
        out.append(
            Release(
                **{k: row[k] for k in COLUMNS[:4]},
                **{
                    k: int(row[k])
                    for k in ("facts", "curated", "imported", "added", "changed", "removed")
                },
                previous=row["previous"],
                note=row["note"],
            )
        )
    return tuple(out)


def read_snapshot(root: Path, name: str) -> list[dict]:
    path = Path(root) / SNAPSHOTS / f"{name}.csv"
    if not path.is_file():
        raise ReleaseError(f"{path}: no such release")
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def _chain(prev: str, cells: list[str]) -> str:
    return hashlib.sha256("\x1f".join([prev, *cells]).encode("utf-8")).hexdigest()[:16]


def write_release(root: Path, release: Release, rows: list[dict], releases: tuple) -> None:
    """Write the snapshot, then append the signed row (chained to the last release)."""
    root = Path(root)
    (root / SNAPSHOTS).mkdir(exist_ok=True)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, SNAPSHOT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (root / SNAPSHOTS / f"{release.name}.csv").write_text(buf.getvalue(), encoding="utf-8")
    path = root / FILE
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    last = list(csv.reader(existing.splitlines()))
    prev = last[-1][-1] if len(last) > 1 else ""
    cells = [str(getattr(release, k)) for k in COLUMNS[:-2]]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    if not existing:
        w.writerow(COLUMNS)
    w.writerow([*cells, prev, _chain(prev, cells)])
    with path.open("a", encoding="utf-8", newline="") as fh:
        fh.write(out.getvalue())
