"""Corpora and reference tables for the batch benchmark (benchmarks/batch_throughput.py).

A publisher's back catalogue is not in the repository, so the benchmark builds one: the sample
articles in `claims/` and, when present, the shared corpus (`../shared/corpus`, each file's first
`# source:` line skipped), copied until the corpus reaches the requested size. Each copy keeps
its paragraphs but in a different (seeded) order, so documents differ (distinct content
hashes, no cache can short-cut a repeat) while the words per document stay realistic.

The reference table grows the same way: the real `reference_notes/` is copied and synthetic
drugs are added, each with ten facts of the common attributes (class, mechanism, indications,
adverse effects, a dose), so the matchers and indexes see a table of the requested size.
"""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

from annotator.knowledge.schema import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
WORK = ROOT / "benchmarks" / "_work"


def source_articles() -> list[tuple[str, str]]:
    """(name, text) of every sample article: claims/ and the shared corpus when present."""
    out = []
    for path in sorted((ROOT / "claims").iterdir()):
        if path.is_file():
            out.append((path.name, path.read_text(encoding="utf-8")))
    if SHARED_CORPUS.is_dir():
        for path in sorted(SHARED_CORPUS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if text.startswith("# source:"):
                text = text.split("\n", 1)[1] if "\n" in text else ""
            out.append((path.name, text))
    return out


def build_corpus(target_bytes: int, out_dir: Path | None = None, seed: int = 0) -> Path:
    """A folder of about `target_bytes` of articles (reused when already built)."""
    out_dir = out_dir or WORK / f"corpus_{target_bytes // 1_000_000}mb"
    stamp = out_dir / ".complete"
    if stamp.exists():
        return out_dir
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    rng = random.Random(seed)
    articles = source_articles()
    total, copy = 0, 0
    while total < target_bytes:
        for name, text in articles:
            stem, dot, ext = name.rpartition(".")
            paras = text.split("\n\n")
            if copy:
                head, body = paras[:1], paras[1:]  # keep the title first
                rng.shuffle(body)
                paras = head + body
            data = "\n\n".join(paras).encode("utf-8")
            (out_dir / f"{copy:05d}_{stem}{dot}{ext}").write_bytes(data)
            total += len(data)
            if total >= target_bytes:
                break
        copy += 1
    stamp.write_text(f"{total}\n")
    return out_dir


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


_ATTRIBUTES = (
    ("drug_class", "class:muscle_relaxant", ""),
    ("drug_class", "class:centrally_acting_muscle_relaxant", ""),
    ("site_of_action", "site:central", ""),
    ("mechanism", "target:gaba_b_receptor", "action:agonist"),
    ("indication", "cond:spasticity", "labeled"),
    ("adverse_effect", "ae:drowsiness", "very_common"),
    ("adverse_effect", "ae:dizziness", "common"),
    ("adverse_effect", "ae:nausea", "common"),
    ("max_daily_dose", "80 mg", ""),
    ("starting_dose", "15 mg", ""),
)


def synthetic_name(i: int) -> str:
    """A pronounceable, unique, non-word drug name (synthetic drug i)."""
    syll = (
        "ba",
        "ce",
        "di",
        "fo",
        "gu",
        "ka",
        "le",
        "mi",
        "no",
        "pu",
        "ra",
        "si",
        "to",
        "vu",
        "ze",
    )
    parts, n = [], i
    for _ in range(4):
        parts.append(syll[n % len(syll)])
        n //= len(syll)
    return "".join(parts) + "zolam"


def build_reference(
    extra_facts: int, out_dir: Path, notes: Path = ROOT / "reference_notes"
) -> Path:
    """A copy of `notes` plus synthetic drugs carrying `extra_facts` more facts in total."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(notes, out_dir)
    source_id = next(csv.DictReader((notes / "sources.csv").open(encoding="utf-8")))["source_id"]
    columns = COLUMNS["facts"]
    drugs = (out_dir / "drugs.csv").open("a", encoding="utf-8", newline="")
    drug_writer = csv.writer(drugs, lineterminator="\n")
    made, i = 0, 0
    while made < extra_facts:
        drug = synthetic_name(i)
        drug_writer.writerow((drug, drug, "generic"))
        drug_writer.writerow((drug, drug.capitalize()[:-5] + "ex", "brand"))
        with (out_dir / "facts" / f"{drug}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            for k, (attribute, value, qualifier) in enumerate(_ATTRIBUTES):
                if made >= extra_facts:
                    break
                writer.writerow(
                    (
                        f"{drug}-syn-{k}",
                        drug,
                        attribute,
                        value,
                        qualifier,
                        "+",
                        f"Synthetic fact {k} about {drug}.",
                        "minor",
                        source_id,
                        "synthetic",
                        "",
                    )
                )
                made += 1
        i += 1
    drugs.close()
    return out_dir
