"""Text-level findings (spin, spin drift, misspelled drugs, doubled words, garbled grammar) per file.

    python benchmarks/findings_corpus.py [--corpus ../shared/corpus] [--show] [--drugbank]

Why this exists: the detectors are judged by how rarely they fire on real, edited articles
(the corpus) while finding every defect of the spun seed article. `--show` prints every finding so
each can be judged by eye; `--drugbank` stress-tests the misspelling guard with the 17k-drug
DrugBank vocabulary (chemistry names sit close to ordinary chemistry words) instead of the
reference table's names. Exits 0 whatever the counts: it reports, it does not gate.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.knowledge.datafiles import DATA_DIR
from annotator.qa.garble import find_garble
from annotator.qa.spelling import find_misspellings, load_misspellings, load_names
from annotator.qa.spin import find_spin, load_synonyms

SHARED = ROOT.parent / "shared"
KINDS = ("spin_artifact", "spin_drift", "misspelled_drug", "doubled_word", "garbled_grammar")


def _first_existing(*paths: Path) -> Path:
    return next(p for p in paths if p.exists())


def _drugbank_names(path: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for name in [row["Common name"], *row["Synonyms"].split(" | ")]:
                if name.strip():
                    names.setdefault(name.strip().lower(), row["Common name"].lower())
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--seed", type=Path, default=SHARED / "seed" / "baclofen_article.txt")
    parser.add_argument(
        "--names",
        type=Path,
        default=_first_existing(
            ROOT / "reference_notes" / "drugs.csv",
            DATA_DIR / "sample_drug_names.csv",
        ),
    )
    parser.add_argument(
        "--synonyms",
        type=Path,
        default=_first_existing(
            ROOT / "reference_notes" / "terms.csv",
            DATA_DIR / "sample_synonyms.csv",
        ),
    )
    parser.add_argument(
        "--drugbank", action="store_true", help="use DrugBank's vocabulary as names"
    )
    parser.add_argument("--show", action="store_true", help="print every finding")
    args = parser.parse_args(argv)

    names, misspellings = load_names(args.names), load_misspellings(args.names)
    if args.drugbank:
        names = {
            **_drugbank_names(
                SHARED / "datasets" / "drugbank_open_vocabulary" / "drugbank_vocabulary.csv"
            ),
            **names,
        }
    synonyms = load_synonyms(args.synonyms)
    files = [args.seed] + sorted(args.corpus.glob("*.txt"))
    print(
        f"names: {args.names if not args.drugbank else 'DrugBank + ' + str(args.names)} "
        f"({len(names)}), synonyms: {args.synonyms} ({len(synonyms)})"
    )
    print(f"{'file':45} {'words':>6} " + " ".join(f"{k:>16}" for k in KINDS) + f" {'s':>6}")
    total: Counter[str] = Counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        found = (
            find_spin(text, synonyms)
            + find_misspellings(text, names, misspellings=misspellings)
            + find_garble(text, names)
        )
        secs = time.perf_counter() - t0
        counts = Counter(f.kind for f in found)
        total.update(counts)
        print(
            f"{path.name:45} {len(text.split()):>6} "
            + " ".join(f"{counts[k]:>16}" for k in KINDS)
            + f" {secs:>6.2f}"
        )
        if args.show:
            for f in sorted(found, key=lambda f: f.start):
                print(f"    {f.start:>6} {f.kind:16} {f.text!r} -> {f.suggestion!r}  [{f.detail}]")
    print(f"{'total':45} {'':>6} " + " ".join(f"{total[k]:>16}" for k in KINDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
