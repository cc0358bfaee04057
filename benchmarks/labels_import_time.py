"""Import time per label and facts per attribute for the saved SPL labels in
../shared/datasets/labels/spl/ (target: all 29 in under 30 s, reading and extracting).

    python benchmarks/labels_import_time.py [--lexicon]   # --lexicon: also match the TAC
                                                           # train term list in ADR sections
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from annotator.knowledge.labels import AdrLexicon, extract_facts, read_labels

LABELS = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "labels"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--lexicon", action="store_true", help="build the TAC train term list and use it"
    )
    args = ap.parse_args(argv)
    files = sorted((LABELS / "spl").glob("*.xml"))
    if not files:
        print(f"needs {LABELS}/spl (the saved labels in ../shared)", file=sys.stderr)
        return 2
    lexicon = None
    if args.lexicon:
        t0 = time.perf_counter()
        lexicon = AdrLexicon.from_gold([LABELS / "ade_gold" / "demner-fushman-train-labels.json"])
        print(
            f"term list: {len(lexicon)} forms in {time.perf_counter() - t0:.2f} s (not timed below)"
        )
    index = read_labels([LABELS / "indexing"]).class_index
    per_attribute: Counter[str] = Counter()
    total = 0.0
    print(f"{'label':58} {'kind':4} {'ms':>7} {'facts':>5}  boxed / schedule")
    for path in files:
        t0 = time.perf_counter()
        result = read_labels([path])
        facts = [f for lb in result.labels for f in extract_facts(lb, index, lexicon)]
        ms = (time.perf_counter() - t0) * 1000
        total += ms
        per_attribute.update(f.attribute for f in facts)
        kind = result.labels[0].doc_kind if result.labels else "ERR"
        boxed = "yes" if any(f.attribute == "boxed_warning" for f in facts) else "no"
        sched = ",".join(f.value for f in facts if f.attribute == "controlled_status") or "-"
        print(f"{path.name[:58]:58} {kind:4} {ms:7.1f} {len(facts):5}  {boxed} / {sched}")
        for err in result.errors:
            print(f"  error: {err}")
    print(f"\n{len(files)} labels in {total / 1000:.2f} s ({total / len(files):.0f} ms per label)")
    print("facts per attribute:")
    for attribute, n in sorted(per_attribute.items(), key=lambda kv: -kv[1]):
        print(f"  {attribute:20} {n:5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
