"""Warm CPU time of each content-QA detector, and the QA share of the whole check.

    python benchmarks/qa_timing.py [--repeat 5] [--profile]

Why this exists: the QA pass (qa.findings.find_all) must stay a small share of the check
(target: within 15% of the baseline batch time). Times are process_time (CPU, not wall, so a
busy machine matters less), summed over a document set, best of --repeat runs after one warm-up
run (caches filled, data loaded). Two sets: the 12 real articles of ../shared/corpus (the
headline measure) and all of corpus + seed + dev findings pages + claims/. Each detector is
timed as find_all calls it; translation garble is timed on its own, given tortured's findings.
--profile prints the cProfile top of find_all over the whole set.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.extraction.documents import read_document
from annotator.pipeline import get_checker
from annotator.qa import findings as qa
from annotator.qa.calls_to_action import find_calls_to_action
from annotator.qa.garble import find_garble
from annotator.qa.insertions import find_insertions
from annotator.qa.omissions import omissions
from annotator.qa.spelling import find_misspellings
from annotator.qa.spin import find_spin
from annotator.qa.stuffing import find_stuffing
from annotator.qa.tortured import find_tortured
from annotator.qa.translation import find_translation_garble

SHARED = ROOT.parent / "shared"
PAGES = (".txt", ".md", ".html", ".htm")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in PAGES and p.name != "README.md")


def detectors(reference):
    """(name, function of (document, result, tortured findings)) as find_all runs them."""
    names = reference.spelled_names
    syn = qa.synonyms(reference)
    return [
        ("spin", lambda d, r, t: find_spin(d.text, syn)),
        (
            "misspellings",
            lambda d, r, t: find_misspellings(d.text, names, misspellings=reference.misspellings),
        ),
        ("garble", lambda d, r, t: find_garble(d.text)),
        ("tortured", lambda d, r, t: find_tortured(d.text)),
        ("translation_garble", lambda d, r, t: find_translation_garble(d.text, t, known=names)),
        ("stuffing", lambda d, r, t: find_stuffing(d.text, names)),
        ("calls_to_action", lambda d, r, t: find_calls_to_action(d.text)),
        ("insertions", lambda d, r, t: find_insertions(d.text, names)),
        ("contradictions", lambda d, r, t: qa.contradictions(r.checks, reference)),
        (
            "omissions",
            lambda d, r, t: omissions(r.checks, reference, r.focus_drug, len(d.text), d.text),
        ),
        ("certainty", lambda d, r, t: qa.certainty(r.checks, reference)),
    ]


def measure(docs, results, checker, repeat: int) -> dict[str, float]:
    """Best-of-`repeat` CPU seconds per detector, for find_all and for the whole check."""
    dets = detectors(checker.reference)
    tortured = [find_tortured(d.text) for d in docs]
    best: dict[str, float] = {}
    for _ in range(repeat + 1):  # the first run warms caches; min() makes it harmless
        times = dict.fromkeys([n for n, _ in dets] + ["find_all", "check"], 0.0)
        for doc, result, tort in zip(docs, results, tortured, strict=True):
            for name, fn in dets:
                t0 = time.process_time()
                fn(doc, result, tort)
                times[name] += time.process_time() - t0
            t0 = time.process_time()
            qa.find_all(doc, result.checks, checker.reference, result.focus_drug)
            times["find_all"] += time.process_time() - t0
            t0 = time.process_time()
            checker.check(doc)
            times["check"] += time.process_time() - t0
        best = {k: min(v, best.get(k, v)) for k, v in times.items()}
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    corpus = _files(SHARED / "corpus")
    rest = _files(SHARED / "seed") + _files(ROOT / "tests/devset/findings/pages")
    rest += _files(ROOT / "claims")
    checker = get_checker()
    docs = [read_document(p) for p in corpus + rest]
    results = [checker.check(d) for d in docs]
    sets = {
        f"corpus ({len(corpus)})": measure(
            docs[: len(corpus)], results[: len(corpus)], checker, args.repeat
        ),
        f"all ({len(docs)})": measure(docs, results, checker, args.repeat),
    }
    print(f"warm CPU seconds (process_time), best of {args.repeat}")
    print(f"{'':20}" + "".join(f"{k:>14}" for k in sets))
    for name in next(iter(sets.values())):
        print(f"{name:20}" + "".join(f"{t[name]:>14.3f}" for t in sets.values()))
    print(
        f"{'QA share of check':20}"
        + "".join(f"{100 * t['find_all'] / t['check']:>13.1f}%" for t in sets.values())
    )
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for doc, result in zip(docs, results, strict=True):
            qa.find_all(doc, result.checks, checker.reference, result.focus_drug)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
