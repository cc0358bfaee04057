"""Score annotator on every labelled set of tests/devset/ and print the table (and, with
--mistakes N, up to N mistakes per tuning set; never for blind sets).

A benchmark, not a gate: it exits 0 whatever the scores are; 1 only when a set cannot be run.

Example:
    python benchmarks/eval_devset.py --set corpus --mistakes 40
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.evaluation.labels import DevsetError
from annotator.evaluation.sets import evaluate_sets, format_mistakes, format_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", dest="sets", help="a set name (repeatable)")
    parser.add_argument("--mistakes", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        results = evaluate_sets(args.sets, on_skip=lambda m: print(m, file=sys.stderr))
    except DevsetError as e:
        print(f"eval_devset: {e}", file=sys.stderr)
        return 1
    print(format_table(results))
    for r in results if args.mistakes else ():
        print("\n" + format_mistakes(r, args.mistakes))
    n = sum(r.scores.n for r in results)
    print(f"\n{n} labelled claims in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
