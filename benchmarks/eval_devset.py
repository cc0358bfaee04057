"""Score annotator.check_text on the labelled dev set (tests/devset/) and print the report.

A benchmark, not a gate: it exits 0 whatever the scores are, so CI can print figures without
failing on them; it exits 1 only when the dev set or the checker cannot be run at all.

Example:
    python benchmarks/eval_devset.py --mistakes 40
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.evaluation.evaluate import (
    DEFAULT_CLAIMS,
    DEFAULT_SEED,
    DEFAULT_SEED_LABELS,
    DevsetError,
    evaluate,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=Path, default=DEFAULT_CLAIMS)
    parser.add_argument("--seed-labels", type=Path, default=DEFAULT_SEED_LABELS)
    parser.add_argument(
        "--seed", type=Path, default=DEFAULT_SEED, help="the seed article (skipped when absent)"
    )
    parser.add_argument(
        "--mistakes", type=int, default=None, help="show at most this many mistakes (default: all)"
    )
    args = parser.parse_args(argv)
    try:
        from annotator import check_text
    except ImportError as e:
        print(f"eval_devset: the checker cannot be imported: {e}", file=sys.stderr)
        return 1
    seed = args.seed if args.seed.is_file() else None
    if seed is None:
        print(f"eval_devset: {args.seed} not found; seed part skipped", file=sys.stderr)
    started = time.perf_counter()
    try:
        report = evaluate(args.claims, args.seed_labels if seed else None, seed, check=check_text)
    except DevsetError as e:
        print(f"eval_devset: {e}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(report.format(max_mistakes=args.mistakes))
    print(
        f"\n{report.n} labelled claims checked in {elapsed:.1f} s "
        f"({report.n / elapsed:.0f} claims/s, one check_text call per composed claim)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
