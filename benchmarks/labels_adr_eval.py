"""Adverse-reaction extraction measured on the TAC 2017 ADR gold set (Demner-Fushman et al.
2018, OnSIDES format) in ../shared/datasets/labels/ade_gold/.

Scoring is section-level, as OnSIDES reports it: for each gold section (adverse reactions,
warnings and precautions, boxed warnings) the set of distinct MedDRA preferred terms the
system finds is compared with the set the annotators found; counts are summed per section
type (micro P/R/F1). Terms are compared after the lexicon's normalisation (case, British vs
American spelling, plural, word order: MedDRA writes 'Rash macular' for a macular rash), so
"anemia" found in text meets the gold PT "Anaemia".

The term list is built from the TRAIN split only. Modes:
    python benchmarks/labels_adr_eval.py            # train (in-sample) and 5-fold CV on train
    python benchmarks/labels_adr_eval.py --test     # also the held-out TEST split
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from annotator.knowledge.labels.adr_lexicon import AdrLexicon, gold_records, term_key
from annotator.knowledge.labels.extract_adr import reactions_in_text

GOLD = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "labels" / "ade_gold"
TRAIN, TEST = GOLD / "demner-fushman-train-labels.json", GOLD / "demner-fushman-test-labels.json"


def gold_terms(record: dict) -> set[str]:
    return {term_key(ev[1] if isinstance(ev[1], str) else ev[0]) for ev in record["adverse_events"]}


def lexicon_from(records: list[dict]) -> AdrLexicon:
    return AdrLexicon.from_gold(records=records)


def plain_lexicon(records: list[dict]) -> AdrLexicon:
    """The 'plain word list' baseline: train mentions, PTs and LLTs, no variants or filters."""
    pairs = []
    for r in records:
        for ev in r["adverse_events"]:
            pt = ev[1] if isinstance(ev[1], str) else ev[0]
            pairs += [(ev[0], pt), (pt, pt)] + ([(ev[3], pt)] if isinstance(ev[3], str) else [])
    return AdrLexicon(pairs, expand=False)


def find(record: dict, lexicon: AdrLexicon, plain: bool) -> set[str]:
    if plain:
        return {term_key(m.preferred) for m in lexicon.find(record["section_text"])}
    found = reactions_in_text(record["section_text"], lexicon, record["section_name"])
    return {term_key(x.preferred) for x in found}


def score(records: list[dict], lexicon: AdrLexicon, counts=None, errors=None, plain=False):
    counts = counts if counts is not None else defaultdict(lambda: [0, 0, 0])
    for r in records:
        gold = gold_terms(r)
        pred = find(r, lexicon, plain)
        c = counts[r["section_name"]]
        c[0] += len(gold & pred)
        c[1] += len(pred - gold)
        c[2] += len(gold - pred)
        if errors is not None:
            errors["fp"].extend((r["section_name"], t) for t in pred - gold)
            errors["fn"].extend((r["section_name"], t) for t in gold - pred)
    return counts


def report(name: str, counts) -> float:
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    f_all = 0.0
    for kind, (tp, fp, fn) in [*sorted(counts.items()), ("ALL (micro)", total)]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        f_all = f
        print(f"{name:10} {kind:26} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={tp} fp={fp} fn={fn})")
    return f_all


def cross_validate(records: list[dict], folds: int = 5, errors=None):
    labels = sorted({r["label_id"] for r in records})
    random.Random(0).shuffle(labels)
    counts = defaultdict(lambda: [0, 0, 0])
    for k in range(folds):
        held = set(labels[k::folds])
        lexicon = lexicon_from([r for r in records if r["label_id"] not in held])
        score([r for r in records if r["label_id"] in held], lexicon, counts, errors)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--test", action="store_true", help="also score the held-out test split")
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent CV errors")
    ap.add_argument("--baseline", action="store_true", help="also score the plain word list")
    ap.add_argument("--ship", action="store_true", help="write the train term list to package data")
    ap.add_argument("--shipped", action="store_true", help="score the shipped term list on TEST")
    args = ap.parse_args(argv)
    if not TRAIN.exists():
        print(f"needs {GOLD} (the TAC 2017 gold set in ../shared)", file=sys.stderr)
        return 2
    train = gold_records([TRAIN])
    t0 = time.perf_counter()
    lexicon = lexicon_from(train)
    print(f"term list from train: {len(lexicon)} surface forms ({time.perf_counter() - t0:.1f} s)")
    report("train", score(train, lexicon))
    errors = {"fp": [], "fn": []} if args.errors else None
    report("train-cv5", cross_validate(train, errors=errors))
    if errors:
        from collections import Counter

        for kind in ("fp", "fn"):
            print(kind, Counter(errors[kind]).most_common(args.errors))
    if args.ship:
        from annotator.knowledge.labels.knowledge import DATA

        lexicon.write(DATA)
        print(f"wrote {DATA / 'adr_terms.csv'} and adr_reliability.csv (train split only)")
    if args.test:
        t0 = time.perf_counter()
        test = gold_records([TEST])
        report("TEST", score(test, lexicon))
        if args.shipped:
            report("TEST-ship", score(test, AdrLexicon.shipped()))
        if args.baseline:
            report("TEST-plain", score(test, plain_lexicon(train), plain=True))
        print(f"test: {len(test)} sections in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
