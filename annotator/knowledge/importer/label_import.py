"""`import_labels()`: downloaded FDA labels -> imported rows, sources, drug names, to-do list.

What one import writes into reference_notes/ (and nothing else):
- `imported/<drug>.csv`: the winning label's rows per drug, status `imported`, each citing set
  id, version, date, LOINC section, table and the verbatim passage;
- `sources.csv`: one row per label version (tier `fda_label`); `drugs.csv`: the drug, its
  salts and brand names when they are new;
- `labels.csv`: every label seen, in use or not, and why; `needs_terms.csv`: label values the
  vocabulary lacks (never invented as terms);
- `curation.csv`: an `import` entry per label, with who and what changed.
The result must validate as a table, or every file is put back as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from annotator.knowledge import curation
from annotator.knowledge.importer import tablefiles as tf
from annotator.knowledge.importer.plan import Plan, plan_import
from annotator.knowledge.importer.rows import slug, source_id
from annotator.knowledge.importer.spec import LabelImportError
from annotator.knowledge.loader import load_reference, validate
from annotator.knowledge.reference import Reference
from annotator.knowledge.schema import COLUMNS, FACT_OPTIONAL

FACT_COLUMNS = COLUMNS["facts"] + FACT_OPTIONAL


@dataclass
class ImportResult:
    plan: Plan
    seconds: float
    new_sources: list[str]
    new_names: list[tuple[str, str, str]]  # (drug, name, kind)
    removed: dict[str, list[str]]  # set id -> fact ids removed because it lost


def import_labels(paths, notes: str | Path, by: str, lexicon=None) -> ImportResult:
    """Import every label under `paths` into the table at `notes`, recorded as done by `by`."""
    t0 = time.perf_counter()
    root = Path(notes)
    reference = load_reference(root)  # an invalid table is refused before anything is read
    plan = plan_import(paths, root, reference, lexicon)
    if not any(s.status != "older" for s in plan.sets) and plan.errors:
        raise LabelImportError("no label could be read:\n" + "\n".join(plan.errors))
    tx = tf.Transaction()
    removed = _imported_files(tx, root, plan)
    new_names = _drugs(tx, root, plan, reference)
    new_sources = _sources(tx, root, plan, reference)
    _labels(tx, root, plan)
    _needs(tx, root, plan)
    tx.commit()
    problems = validate(root)
    if problems:
        tx.rollback()
        shown = "\n".join(problems[:20])
        raise LabelImportError(
            f"the import would make the table invalid; nothing written:\n{shown}"
        )
    curation.append(root, [_log_entry(s, by, removed) for s in plan.sets if s.status != "older"])
    return ImportResult(plan, time.perf_counter() - t0, new_sources, new_names, removed)


def _imported_files(tx: tf.Transaction, root: Path, plan: Plan) -> dict[str, list[str]]:
    """Rewrite imported/<drug>.csv for every drug the import touches; rows of labels that lost
    (now or to an earlier winner) leave the table."""
    in_use = {s.label.set_id: s for s in plan.sets if s.status == "in_use"}
    gone = {s.label.set_id for s in plan.sets if s.status in ("not_preferred",)}
    gone |= {r["set_id"] for r in plan.dropped}
    touched = {slug(s.drug) for s in in_use.values()}
    removed: dict[str, list[str]] = {}
    folder = root / "imported"
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        rows = tf.read_rows(path)
        keep = [r for r in rows if r.get("set_id") not in in_use and r.get("set_id") not in gone]
        for r in rows:
            if r.get("set_id") in gone:
                removed.setdefault(r["set_id"], []).append(r["fact_id"])
        if len(keep) != len(rows) or path.stem in touched:
            new = keep + [r for s in in_use.values() if slug(s.drug) == path.stem for r in s.rows]
            tx.put(path, tf.render(FACT_COLUMNS, _sorted(new)) if new else None)
            touched.discard(path.stem)
    for name in touched:
        new = [r for s in in_use.values() if slug(s.drug) == name for r in s.rows]
        tx.put(folder / f"{name}.csv", tf.render(FACT_COLUMNS, _sorted(new)))
    return removed


def _sorted(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["set_id"], r["attribute"], r["fact_id"]))


def _drugs(tx, root: Path, plan: Plan, reference: Reference) -> list[tuple[str, str, str]]:
    """The drug (generic row), its salts and brands, when drugs.csv does not know them."""
    known = dict(reference.drug_names)
    new: list[tuple[str, str, str]] = []

    def add(drug: str, name: str, kind: str) -> None:
        key = name.lower().strip()
        if key and key not in known:
            known[key] = drug
            new.append((drug, key if kind != "brand" else name.strip(), kind))

    for s in plan.sets:
        if s.status != "in_use" or not s.rows:
            continue
        if s.drug not in reference.drug_generic:
            new.append((s.drug, s.drug, "generic"))
            known[s.drug] = s.drug
        for product in s.label.products:
            for ing in product.active_ingredients:
                if " and " not in s.drug and ing.name.lower() != s.drug:
                    add(s.drug, ing.name, "salt")
            if product.name and product.name.lower() not in (s.drug, product.generic_name.lower()):
                add(s.drug, product.name, "brand")
    if new:
        rows = [{"drug": d, "name": n, "kind": k} for d, n, k in new]
        tx.put(root / "drugs.csv", tf.appended(root / "drugs.csv", rows))
    return new


def _sources(tx, root: Path, plan: Plan, reference: Reference) -> list[str]:
    rows, seen = [], set(reference.sources)
    for s in plan.sets:
        sid, lab = source_id(s.label), s.label
        if s.status != "in_use" or sid in seen:
            continue
        seen.add(sid)
        publisher = "openFDA (US FDA)" if lab.format == "openfda" else "DailyMed (US NLM), FDA SPL"
        title = (lab.title if len(lab.title) < 90 else s.drug) or s.drug
        rows.append(
            {
                "source_id": sid,
                "title": f"{title} ({lab.labeler}) label, set id {lab.set_id}",
                "publisher": publisher,
                "url": f"https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={lab.set_id}",
                "version": f"set id {lab.set_id} v{lab.version} ({lab.effective})",
                "accessed": date.today().isoformat()[:7],
                "tier": "fda_label",
            }
        )
    if rows:
        tx.put(root / "sources.csv", tf.appended(root / "sources.csv", rows))
    return [r["source_id"] for r in rows]


def _labels(tx, root: Path, plan: Plan) -> None:
    """labels.csv: every label seen, its status and why (the record of which one won)."""
    rows = {r["set_id"]: r for r in plan.recorded}
    rows.update({r["set_id"]: r for r in plan.dropped})
    for s in plan.sets:
        if s.status == "older":
            continue
        lab = s.label
        rows[lab.set_id] = {
            "set_id": lab.set_id,
            "drug": s.drug,
            "kind": s.kind,
            "version": lab.version,
            "effective": lab.effective,
            "labeler": lab.labeler,
            "application": lab.application,
            "repackager": "yes" if _repackaged(lab) else "no",
            "facts": str(len(s.rows)),
            "status": s.status,
            "reason": s.reason,
            "source": Path(lab.source.split("!")[0]).name,
        }
    ordered = sorted(rows.values(), key=lambda r: (r["drug"], r["kind"], r["set_id"]))
    tx.put(root / "labels.csv", tf.render(tf.LABELS_COLUMNS, ordered))


def _repackaged(label) -> bool:
    from annotator.knowledge.importer.choose import is_repackager

    return is_repackager(label.labeler, label.operations)


def _needs(tx, root: Path, plan: Plan) -> None:
    """needs_terms.csv: this import's list replaces the entries of the same set ids."""
    done = {s.label.set_id for s in plan.sets if s.status != "older"}
    old = [
        r
        for r in tf.read_rows(root / "needs_terms.csv", tf.NEEDS_COLUMNS)
        if r["set_id"] not in done
    ]
    new = [vars(n) for s in plan.sets if s.status == "in_use" for n in s.needs]
    rows = sorted(old + new, key=lambda r: (r["drug"], r["attribute"], r["raw_value"].lower()))
    tx.put(root / "needs_terms.csv", tf.render(tf.NEEDS_COLUMNS, rows))


def _log_entry(s, by: str, removed: dict[str, list[str]]) -> dict[str, str]:
    lab = s.label
    if s.status == "in_use":
        was = f" (was v{s.previous})" if s.previous and s.previous != lab.version else ""
        what = (
            f"imported v{lab.version} ({lab.effective}){was}: {len(s.added)} added, "
            f"{len(s.changed)} changed, {len(s.removed)} removed, {len(s.held)} held"
        )
    else:
        what = f"not used ({s.status}): {s.reason}; {len(removed.get(lab.set_id, []))} rows removed"
    return {"by": by, "action": "import", "fact_id": lab.set_id, "reason": what}
