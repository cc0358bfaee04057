"""Seconds to read and check the slow hostile inputs: one huge sentence, 10k-deep HTML.

Tests assert only that these finish with a correct result (tests/test_hostile.py); this script
prints how long they take, and the time per MB at growing sizes, so a quadratic step shows up
as a growing last column.

    python benchmarks/hostile_timing.py            # sizes 0.5, 1, 2, 5 MB and the HTML cases
    python benchmarks/hostile_timing.py --sizes 1 5
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.extraction.documents import document_from_bytes
from annotator.pipeline import check_document
from tests.hostile import CASES, FILLER


def sentence(n_bytes: int) -> bytes:
    """One sentence of n_bytes: the hostile corpus's filler words, no full stop."""
    words, size, i = ["Baclofen", "is", "a", "muscle", "relaxant", "and"], 0, 0
    size = sum(len(w) + 1 for w in words)
    while size < n_bytes:
        words.append(FILLER[i % len(FILLER)])
        size += len(words[-1]) + 1
        i += 1
    return " ".join(words).encode()[:n_bytes]


def timed(name: str, data: bytes) -> tuple[float, float, int]:
    started = time.perf_counter()
    doc = document_from_bytes(data, name)
    read = time.perf_counter() - started
    result = check_document(doc)
    return read, time.perf_counter() - started, len(result.checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=float,
        nargs="+",
        default=[0.5, 1, 2, 5],
        help="sentence sizes in MB (10^6 bytes)",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    timed("warm.txt", b"Baclofen is a muscle relaxant.")  # build the pipeline once
    print(f"pipeline start-up: {time.perf_counter() - started:.2f} s\n")

    print(f"{'input':<28}{'bytes':>11}{'read s':>9}{'total s':>9}{'claims':>8}{'s/MB':>7}")
    for mb in args.sizes:
        data = sentence(int(mb * 1_000_000))
        read, total, claims = timed("sentence.txt", data)
        print(
            f"{f'one sentence, {mb:g} MB':<28}{len(data):>11,}{read:>9.2f}{total:>9.2f}"
            f"{claims:>8}{total / (len(data) / 1e6):>7.2f}"
        )
    for case in CASES:
        if case.name.startswith(("deep_", "malformed", "script_heavy")):
            data = case.data
            read, total, claims = timed(case.name, data)
            print(f"{case.name:<28}{len(data):>11,}{read:>9.2f}{total:>9.2f}{claims:>8}")


if __name__ == "__main__":
    main()
