"""The imported DrugBank vocabulary: what it adds to the corpus (new DRUG mentions, judged by
kind) and what it costs a batch (start-up and batch time, with and without it).

    python benchmarks/vocabulary_batch.py                # 1 MB corpus, 5 runs each
    python benchmarks/vocabulary_batch.py --runs 3 --mb 5

Needs ../shared (the DrugBank file and the corpus). The vocabulary is imported into a copy of
reference_notes/ under benchmarks/_work/. Timings run `annotator batch` in fresh processes,
alternating with and without the vocabulary, and report the fastest and the median run: the
machine is shared, so single runs vary by a factor of two.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]
DRUGBANK = (
    ROOT.parent / "shared" / "datasets" / "drugbank_open_vocabulary" / "drugbank_vocabulary.csv"
)
CORPUS = ROOT.parent / "shared" / "corpus"


def with_vocabulary(work: Path) -> Path:
    from annotator.knowledge.importer.vocabulary import import_vocabulary

    notes = work / "notes_vocabulary"
    shutil.rmtree(notes, ignore_errors=True)
    shutil.copytree(ROOT / "reference_notes", notes)
    t = time.perf_counter()
    result = import_vocabulary(DRUGBANK, notes, by="benchmark")
    print(
        f"import: {len(result.kept)} names of {result.entries} drugs in "
        f"{time.perf_counter() - t:.1f} s; left out: "
        + ", ".join(f"{why} {n}" for why, n in result.dropped.most_common())
    )
    return notes


def new_mentions(notes: Path) -> None:
    """DRUG mentions the vocabulary adds on the shared corpus and claims/, listed to judge."""
    from annotator.extraction.documents import read_document
    from annotator.knowledge.loader import load_reference
    from annotator.pipeline import check_document

    files = sorted(CORPUS.glob("*.txt")) + sorted((ROOT / "claims").iterdir())

    def mentions(root):
        ref, found, verdicts = load_reference(root), collections.Counter(), {}
        for f in files:
            result = check_document(read_document(f), reference=ref)
            for c in result.checks:
                verdicts[(f.name, c.claim.id)] = c.verdict.value
                for m in c.mentions:
                    if m.label == "DRUG":
                        found[(f.name, m.start, m.text.lower(), m.concept)] += 1
        return found, verdicts

    before, v1 = mentions(ROOT / "reference_notes")
    after, v2 = mentions(notes)
    new = collections.Counter((k[2], k[3]) for k in set(after) - set(before))
    print(
        f"DRUG mentions on {len(files)} documents: {len(before)} -> {len(after)} "
        f"({sum(new.values())} new, {len(set(before) - set(after))} gone)"
    )
    for (text, concept), n in new.most_common():
        print(f"  {n:3}  {text} -> {concept}")
    changed = [(k, v1[k], v2[k]) for k in v1 if v1[k] != v2.get(k)]
    print(f"verdicts changed: {len(changed)} of {len(v1)} claims")
    for k, a, b in changed:
        print(f"  {k[0]} {k[1]}: {a} -> {b}")


def timed_batch(corpus: Path, notes: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `annotator batch` run in a fresh process; CPU time
    varies less than wall time on a shared machine."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator.cli",
            "batch",
            str(corpus),
            "--out",
            str(HERE / "_work" / "vocab_report.csv"),
            "--notes",
            str(notes),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t
    assert proc.returncode == 0, proc.stderr
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size for the timing")
    args = parser.parse_args(argv)
    if not DRUGBANK.is_file() or not CORPUS.is_dir():
        print("needs ../shared (DrugBank vocabulary and corpus)")
        return 1
    from batch_corpus import WORK, build_corpus

    WORK.mkdir(parents=True, exist_ok=True)
    notes = with_vocabulary(WORK)
    new_mentions(notes)
    corpus = build_corpus(int(args.mb * 1_000_000), WORK / f"vocab_corpus_{args.mb:g}mb")
    times: dict[str, list[tuple[float, float]]] = {"without": [], "with": []}
    for _ in range(args.runs):
        times["without"].append(timed_batch(corpus, ROOT / "reference_notes"))
        times["with"].append(timed_batch(corpus, notes))
    for key, values in times.items():
        wall, cpu = [v[0] for v in values], [v[1] for v in values]
        print(
            f"batch {args.mb:g} MB {key} vocabulary: wall fastest {min(wall):.1f} s, median "
            f"{statistics.median(wall):.1f} s; CPU fastest {min(cpu):.1f} s, median "
            f"{statistics.median(cpu):.1f} s"
        )
    for i, what in ((0, "wall"), (1, "CPU")):
        a, b = [v[i] for v in times["without"]], [v[i] for v in times["with"]]
        print(
            f"slowdown ({what}): {min(b) / min(a) - 1:+.1%} fastest, "
            f"{statistics.median(b) / statistics.median(a) - 1:+.1%} median; target at most +10%"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
