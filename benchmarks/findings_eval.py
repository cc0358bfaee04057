"""Precision and recall of content-QA findings per kind, on each labelled set.

    python benchmarks/findings_eval.py [--show] [--blind] [--blind2] [--time]

Sets: the dev pages (tests/devset/findings/pages, tuned on), the 12 real articles of
../shared/corpus (tests/devset/findings/corpus_*.csv: almost nothing to find, so every finding
there is likely false), the seed article (its 27 slash groups and one misspelling), and, with
--blind, the held-out pages (tests/devset/blind/findings/): figures only, never the individual
errors, so nothing is tuned on them; --blind2 the second held-out pages
(tests/devset/blind2/findings/, written after the first round of tuning), the same way.
--show prints each false finding and each missed label of the non-blind sets. --time compares
the QA pass (qa.findings.find_all) with the whole check of the same documents. Exits 0: it
reports, it does not gate.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator import check_file
from annotator.evaluation.findings import LABELLED_KINDS, load_labels, score
from annotator.extraction.documents import read_document

DEVSET = ROOT / "tests" / "devset"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "baclofen_article.txt"
SCORED = LABELLED_KINDS


def _run(paths: dict[str, Path]):
    results, texts = {}, {}
    for key, path in paths.items():
        result = check_file(path)
        results[key] = result.findings
        texts[key] = result.document.text
    return results, texts


def _print(name: str, scores, findings, show: bool) -> None:
    extra = Counter(f.kind for fs in findings.values() for f in fs if f.kind not in SCORED)
    print(f"\n## {name}")
    print(f"{'kind':22} {'labels':>6} {'found':>6} {'tp':>4} {'precision':>9} {'recall':>7}")
    for kind, s in scores.items():
        if s.tp + s.fp + s.fn == 0:
            continue
        print(
            f"{kind:22} {s.tp + s.fn:>6} {s.tp + s.fp:>6} {s.tp:>4} "
            f"{s.precision:>9.2f} {s.recall:>7.2f}"
        )
    if extra:
        print("unlabelled kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(extra.items())))
    if show:
        for kind, s in scores.items():
            for doc, text, detail in s.false:
                print(f"  FP {kind:20} {Path(doc).name[:28]:28} {text!r:.70} [{detail:.80}]")
            for doc, text, sugg in s.misses:
                print(f"  FN {kind:20} {Path(doc).name[:28]:28} {text!r:.70} -> {sugg!r:.40}")


def _page_path(doc: str, folder: Path) -> Path:
    """A label's document: relative to the devset, the label folder or its pages/ folder."""
    for cand in (
        DEVSET / doc,
        folder / doc,
        folder.parent / doc,
        folder / "pages" / Path(doc).name,
    ):
        if cand.is_file():
            return cand
    raise SystemExit(f"{doc}: page not found")


def pages(folder: Path, show: bool, name: str) -> None:
    labels = load_labels(folder / "pages_labels.csv")
    paths = {doc: _page_path(doc, folder) for doc in {lab.document for lab in labels}}
    labelled = {p.name for p in paths.values()}
    for p in sorted((folder / "pages").iterdir()):
        if p.name not in labelled:  # a page with nothing to find still counts its findings
            paths[p.name] = p
    findings, texts = _run(paths)
    _print(name, score(findings, labels, texts), findings, show)


def corpus(show: bool) -> None:
    folder = SHARED / "corpus"
    if not folder.is_dir():
        print("\n## corpus: ../shared/corpus not available")
        return
    labels = [
        lab for f in sorted((DEVSET / "findings").glob("corpus_*.csv")) for lab in load_labels(f)
    ]
    paths = {p.name: p for p in sorted(folder.glob("*.txt"))}
    findings, texts = _run(paths)
    _print("corpus (12 real articles)", score(findings, labels, texts), findings, show)
    wiki = Counter(
        f.kind
        for doc, fs in findings.items()
        if "wikipedia" in doc
        for f in fs
        if f.kind
        in ("spin_artifact", "mt_garble", "garbled_grammar", "keyword_stuffing", "tortured_phrase")
    )
    print("spin/garble/stuffing/tortured findings on Wikipedia articles:", dict(wiki) or 0)


def seed(show: bool) -> None:
    if not SEED.is_file():
        print("\n## seed: ../shared/seed not available")
        return
    result = check_file(SEED)
    kinds = Counter(f.kind for f in result.findings)
    groups = [f for f in result.findings if f.kind == "spin_artifact" and "/" in f.text]
    print("\n## seed article")
    print(
        f"slash groups {len(groups)} (expected 27), "
        f"findings per kind: {dict(sorted(kinds.items()))}"
    )
    if show:
        for f in result.findings:
            if f.kind not in ("spin_artifact",):
                print(f"  {f.kind:22} {f.text!r:.70} [{f.detail:.70}]")


def timing() -> None:
    """QA pass vs the whole check, on the corpus, the seed and the dev pages."""
    from annotator.pipeline import get_checker
    from annotator.qa.findings import find_all

    files = sorted((SHARED / "corpus").glob("*.txt")) + [SEED] if SEED.is_file() else []
    files += sorted((DEVSET / "findings" / "pages").iterdir())
    checker = get_checker()
    docs = [read_document(p) for p in files]
    checker.check(docs[0])  # warm up
    total = qa = 0.0
    for _ in range(3):
        for doc in docs:
            t0 = time.perf_counter()
            result = checker.check(doc)
            t1 = time.perf_counter()
            find_all(doc, result.checks, checker.reference, result.focus_drug)
            qa += time.perf_counter() - t1
            total += t1 - t0
    words = sum(len(d.text.split()) for d in docs) * 3
    print(f"\n## timing ({len(docs)} documents x3, {words:,} words)")
    print(f"whole check {total:.2f} s, of which QA pass {qa:.2f} s ({100 * qa / total:.1f}%)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--blind", action="store_true", help="also score the blind pages (once)")
    parser.add_argument(
        "--blind2", action="store_true", help="also score the second blind pages (once)"
    )
    parser.add_argument("--time", action="store_true")
    parser.add_argument("--only", choices=("dev", "corpus", "seed"), default=None)
    args = parser.parse_args(argv)
    if args.only in (None, "dev"):
        pages(DEVSET / "findings", args.show, "dev pages (tuned on)")
    if args.only in (None, "corpus"):
        corpus(args.show)
    if args.only in (None, "seed"):
        seed(args.show)
    if args.blind:
        pages(DEVSET / "blind" / "findings", False, "BLIND pages (first run, figures only)")
    if args.blind2:
        pages(DEVSET / "blind2" / "findings", False, "BLIND 2 pages (first run, figures only)")
    if args.time:
        timing()
    return 0


if __name__ == "__main__":
    sys.exit(main())
