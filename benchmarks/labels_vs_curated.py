"""Imported label facts against the hand-curated ones, per attribute, for metformin and
ibuprofen (the two curated drugs with full labels in ../shared/datasets/labels).

    python benchmarks/labels_vs_curated.py [--drug metformin] [--list]

The saved labels are imported (by the real importer) into a copy of reference_notes/ under
benchmarks/_work/. For each attribute, a curated fact and an imported fact *agree* when they
name the same value (term or amount) with the same polarity and, for adverse effects, a
frequency band no more than one step apart; they *disagree* when the value is the same but
the band, its context (overdose, postmarketing) or the polarity is not, or when the importer
held the imported row as a conflict. The
rest is *curated only* (the label import did not produce it: mechanism, off-label use and
metabolism are not read from labels; many adverse effects lack a term) or *imported only*.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]
LABELS = ROOT.parent / "shared" / "datasets" / "labels" / "spl"
FILES = {
    "metformin": ["metformin__*.xml"],
    "ibuprofen": ["ibuprofen__*.xml", "ibuprofen-otc__*.xml"],
}
BANDS = ("very_common", "common", "uncommon", "rare")


def imported_table(work: Path) -> Path:
    from annotator.knowledge.importer.label_import import import_labels

    notes = work / "notes_labels_vs_curated"
    shutil.rmtree(notes, ignore_errors=True)
    shutil.copytree(ROOT / "reference_notes", notes)
    paths = [p for globs in FILES.values() for g in globs for p in sorted(LABELS.glob(g))]
    import_labels(paths, notes, by="benchmark")
    return notes


def same(c, i) -> bool:
    """Same polarity; for adverse effects, bands at most one step apart, and never a frequency
    against an overdose or postmarketing context."""
    if c.polarity != i.polarity:
        return False
    if c.attribute != "adverse_effect" or not c.qualifier or not i.qualifier:
        return True
    if c.qualifier in BANDS and i.qualifier in BANDS:
        return abs(BANDS.index(c.qualifier) - BANDS.index(i.qualifier)) <= 1
    return c.qualifier == i.qualifier


def compare(reference, drug: str):
    """attribute -> counts, and attribute -> the (kind, curated id, imported id) pairs."""
    curated = [f for f in reference.facts if f.drug == drug and not f.set_id]
    imported = [r for r in reference.imported_rows if r.raw.drug == drug]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    pairs = defaultdict(list)
    used = set()
    for c in curated:
        hits = [r for r in imported if r.raw.attribute == c.attribute and r.raw.value == c.value]
        agree = [r for r in hits if same(c, r.raw) and c.fact_id not in r.conflicts]
        kind = "agree" if agree else "disagree" if hits else "curated only"
        counts[c.attribute][kind] += 1
        used.update(r.raw.fact_id for r in hits)
        pairs[c.attribute].append((kind, c.fact_id, (agree or hits or [None])[0]))
    for r in imported:
        if r.raw.fact_id not in used:
            counts[r.raw.attribute]["imported only"] += 1
            pairs[r.raw.attribute].append(("imported only", "", r))
    return counts, pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drug", choices=sorted(FILES), action="append")
    parser.add_argument("--list", action="store_true", help="list every pair")
    args = parser.parse_args(argv)
    if not LABELS.is_dir():
        print("needs ../shared/datasets/labels")
        return 1
    from batch_corpus import WORK

    from annotator.knowledge.loader import load_reference

    WORK.mkdir(parents=True, exist_ok=True)
    reference = load_reference(imported_table(WORK))
    cols = ("agree", "disagree", "curated only", "imported only")
    for drug in args.drug or sorted(FILES):
        counts, pairs = compare(reference, drug)
        sets = sorted({r.raw.set_id[:8] for r in reference.imported_rows if r.raw.drug == drug})
        print(f"\n{drug}: labels {', '.join(sets)}")
        print(f"{'attribute':<18}" + "".join(f"{c:>15}" for c in cols) + f"{'agreement':>11}")
        total = defaultdict(int)
        for attr in sorted(counts):
            row = counts[attr]
            for c in cols:
                total[c] += row[c]
            print(f"{attr:<18}" + "".join(f"{row[c]:>15}" for c in cols) + _rate(row))
        print(f"{'all':<18}" + "".join(f"{total[c]:>15}" for c in cols) + _rate(total))
        if args.list:
            for attr in sorted(pairs):
                for kind, cid, r in pairs[attr]:
                    shown = f"{r.raw.fact_id} {r.raw.value} {r.raw.qualifier}" if r else "-"
                    print(f"  {attr:<16} {kind:<14} {cid or '-':<36} {shown}")
    print(
        "\nagreement = agree / (agree + disagree): of the facts both sides state, the share "
        "on which they say the same."
    )
    return 0


def _rate(row) -> str:
    both = row["agree"] + row["disagree"]
    return f"{row['agree'] / both:>10.0%}" if both else f"{'-':>11}"


if __name__ == "__main__":
    sys.exit(main())
