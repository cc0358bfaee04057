"""Batch at scale: end-to-end batch time against a bare tokenizer pass, memory, start-up,
table size, document length, and 1 vs 2 processes.

    python benchmarks/batch_throughput.py            # 5 MB corpus (about 5 minutes on 2 cores)
    python benchmarks/batch_throughput.py --big      # also 50 MB (memory and time at 10x)
    python benchmarks/batch_throughput.py --quick    # 1 MB, for a smoke run

Every measurement runs in a fresh child process (`--child ...`), so start-up and peak RSS are
those of a real batch. Corpora come from claims/ and ../shared/corpus (benchmarks/batch_corpus.py)
and are written under benchmarks/_work/ (git-ignored). The figures the issue asks for:

- batch / bare: `run_batch` over the corpus (read, check, write report.csv + findings.csv) in
  the same process as a bare `spacy.blank("en")` tokenizer pass over the same files (read +
  tokenize; the faster of two passes). Target: at most 4x.
- words/s, peak RSS (parent; largest worker with --jobs 2). Target: RSS flat in corpus size.
- start-up: import, load the table, build the pipeline. Target: under 2 s.
- table size: the real reference_notes plus 10 / 100 / 1,000 / 10,000 synthetic facts (a 1 MB
  corpus). Target: 10,000 facts within 1.3x of 100 facts.
- document length: one document of 10 kB .. 4 MB; time per word. Target: flat (linear time).
- --jobs 2 against --jobs 1 on the same corpus. Target: near 2x on 2 cores.

The machine is shared and its rate varies between runs; ratios within one child process
(batch / bare) are steadier than absolute rates.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]


def child_batch(corpus: str, notes: str | None, jobs: int) -> dict:
    t0 = time.perf_counter()
    from annotator.knowledge.loader import load_reference
    from annotator.outputs.batch import run_batch
    from annotator.outputs.worker import warm

    ref = load_reference(notes) if notes else load_reference()
    warm(str(ref.root))
    startup = time.perf_counter() - t0
    import spacy
    from batch_corpus import corpus_files

    files = corpus_files(Path(corpus))
    nlp, bare, words = spacy.blank("en"), [], 0
    for _ in range(2):
        t = time.perf_counter()
        words = 0
        for f in files:
            text = f.read_text(encoding="utf-8")
            words += len(text.split())
            nlp.make_doc(text)
        bare.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        summary = run_batch(
            [corpus], Path(tmp) / "report.csv", Path(tmp) / "findings.csv", reference=ref, jobs=jobs
        )
        batch = time.perf_counter() - t
    return {
        "startup": startup,
        "bare": min(bare),
        "batch": batch,
        "words": words,
        "bytes": sum(f.stat().st_size for f in files),
        "documents": summary.documents,
        "claims": summary.claims,
        "failed": len(summary.failures),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def child_length(sizes: list[int]) -> dict:
    from batch_corpus import source_articles

    from annotator.pipeline import check_text, get_checker

    get_checker().check(__import__("annotator").documents.document_from_text("Warm up."))
    pool = "\n\n".join(text for _, text in source_articles())
    out = {}
    for size in sizes:
        text = (pool * (size // len(pool) + 1))[:size]
        text = text[: text.rfind("\n")]
        t = time.perf_counter()
        check_text(text, name=f"{size}")
        out[size] = {"seconds": time.perf_counter() - t, "words": len(text.split())}
    return out


def child(args: list[str]) -> dict:
    if args[0] == "batch":
        return child_batch(args[1], args[2] or None, int(args[3]))
    return child_length([int(a) for a in args[1:]])


def spawn(*args: object) -> dict:
    cmd = [sys.executable, __file__, "--child", *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"child {' '.join(map(str, args))} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(label: str, r: dict) -> str:
    return (
        f"{label:<26} {r['bytes'] / 1e6:6.1f} MB {r['documents']:6d} docs "
        f"{r['words'] / r['batch']:9,.0f} w/s  batch {r['batch']:7.1f} s  bare "
        f"{r['bare']:5.1f} s  x{r['batch'] / r['bare']:4.2f}  start-up {r['startup']:4.2f} s  "
        f"RSS {r['rss_mb']:4.0f} MB (worker {r['worker_rss_mb']:4.0f} MB)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 MB corpus instead of 5 MB")
    parser.add_argument("--big", action="store_true", help="also run the 50 MB corpus")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["jobs", "table", "length"],
        help="sections to leave out",
    )
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    from batch_corpus import WORK, build_corpus, build_reference

    size = 1_000_000 if args.quick else 5_000_000
    corpus = build_corpus(size)
    print(f"# python benchmarks/batch_throughput.py {' '.join(argv or sys.argv[1:])}")
    print("## corpus size, single process (target: batch <= 4x bare, RSS flat, start-up < 2 s)")
    one = spawn("batch", corpus, "", 1)
    print(line("jobs 1", one), flush=True)
    if args.big:
        big = spawn("batch", build_corpus(50_000_000), "", 1)
        print(line("jobs 1", big), flush=True)
        print(
            f"{'50 MB / small':<26} time x{big['batch'] / one['batch']:.1f} for bytes "
            f"x{big['bytes'] / one['bytes']:.1f}; RSS {big['rss_mb']:.0f} vs {one['rss_mb']:.0f} MB"
        )
    if "jobs" not in args.skip:
        print("## processes (target: near 2x with 2 on 2 cores)")
        two = spawn("batch", corpus, "", 2)
        print(line("jobs 2", two))
        print(f"{'speed-up jobs 2 / jobs 1':<26} x{one['batch'] / two['batch']:.2f}", flush=True)
    if "table" not in args.skip:
        print("## reference table size, 1 MB corpus (target: 10,000 facts within 1.3x of 100)")
        small = build_corpus(1_000_000)
        times = {}
        with tempfile.TemporaryDirectory() as tmp:
            for extra in (10, 100, 1000, 10000):
                notes = build_reference(extra, Path(tmp) / f"notes_{extra}")
                r = spawn("batch", small, notes, 1)
                times[extra] = r
                print(line(f"+{extra:,} synthetic facts", r), flush=True)
        print(
            f"{'10,000 / 100 facts':<26} batch x{times[10000]['batch'] / times[100]['batch']:.2f}"
            f"  start-up x{times[10000]['startup'] / times[100]['startup']:.2f}"
        )
    if "length" not in args.skip:
        print("## document length (target: time per word flat)")
        sizes = [10_000, 100_000, 1_000_000, 4_000_000]
        r = spawn("length", *sizes)
        base = r[str(sizes[0])]["seconds"] / r[str(sizes[0])]["words"]
        for s in sizes:
            x = r[str(s)]
            per = x["seconds"] / x["words"]
            print(
                f"{s / 1000:>8,.0f} kB  {x['words']:8,d} words  {x['seconds']:6.2f} s  "
                f"{x['words'] / x['seconds']:8,.0f} w/s  per word x{per / base:.2f}"
            )
    print(f"(work files under {WORK})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
