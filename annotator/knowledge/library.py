"""The parts of the table that come from imports: rows under imported/ with the curation
log applied (annotator.knowledge.curation), and drug names from an imported vocabulary.

Why apart from the loader: these files are written by `annotator notes import-label` and
`import-vocabulary`, not by hand, and have rules of their own (an imported row must cite its
label; a curator's edit must make a row the loader would accept; a vocabulary name never
overrides drugs.csv). The loader calls them with the rest of the table already read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from annotator.knowledge.csvfiles import read_csv, shown, split
from annotator.knowledge.curation import FILE as CURATION_FILE
from annotator.knowledge.curation import ImportedRow, apply_log, curated_fact, read_log
from annotator.knowledge.factrows import RowContext, check_fact
from annotator.knowledge.schema import COLUMNS, FACT_OPTIONAL
from annotator.models import Fact

VOCABULARY_COLUMNS = ("drug", "name", "kind", "drugbank_id")


def vocabulary(root: Path, problems: list[str]):
    """(where, drug, name, kind) of vocabulary/*.csv: drug names imported from a vocabulary
    (annotator notes import-vocabulary), recognised as drugs without notes."""
    folder = root / "vocabulary"
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        where = shown(path)  # once: a vocabulary has tens of thousands of rows
        for line, row in read_csv(path, VOCABULARY_COLUMNS, problems):
            if not row["drug"] or not row["name"] or row["kind"] not in ("generic", "synonym"):
                problems.append(
                    f"{where}:{line}: drug, name and kind (generic or synonym) are required"
                )
                continue
            yield line, row["drug"], row["name"], row["kind"]


def fact_files(paths: list[Path], ctx: RowContext, problems: list[str], imported=False):
    facts = []
    for path in paths:
        for line, row in read_csv(path, COLUMNS["facts"], problems, FACT_OPTIONAL):
            fact = check_fact(row, f"{shown(path)}:{line}", ctx, problems, imported)
            if fact:
                facts.append(replace(fact, file=path.name, line=line))
                if imported:
                    facts[-1] = (facts[-1], split(row["conflicts"]), line)
            if not imported and row["conflicts"]:
                problems.append(f"{shown(path)}:{line}: conflicts is for imported rows only")
    return facts


def imported_rows(root: Path, ctx: RowContext, curated: set[str], problems: list[str]):
    """Imported rows with the curation log applied (annotator.knowledge.curation)."""
    folder = root / "imported"
    paths = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    log = read_log(root / CURATION_FILE, shown(root / CURATION_FILE), problems)
    out = []
    for raw, conflicts, line in fact_files(paths, ctx, problems, imported=True):
        where = f"{shown(folder / raw.file)}:{line}"
        for fid in conflicts:
            if fid not in curated:
                problems.append(f"{where}: conflicts names '{fid}', not a curated fact")
        edits, state, decided = apply_log(raw, conflicts, log)
        fact = curated_fact(raw, edits, state)
        if edits:  # an edit must make a row the loader would accept in a file
            row = {**_row_of(raw), **edits, "status": ""}
            alone = RowContext(ctx.sources, ctx.terms, ctx.generic, ctx.known_drugs)
            if not check_fact(row, f"{shown(root / CURATION_FILE)}:{decided.line}", alone,
                              problems):  # fmt: skip
                fact, state = raw, "pending"
        out.append(ImportedRow(raw, fact, state, conflicts, decided))
    return out


def _row_of(fact: Fact) -> dict[str, str]:
    row = {k: str(getattr(fact, k)) for k in COLUMNS["facts"] if k not in ("polarity",
           "must_mention")}  # fmt: skip
    row.update(polarity="+" if fact.polarity else "-",
               must_mention="yes" if fact.must_mention else "")  # fmt: skip
    return {**dict.fromkeys(FACT_OPTIONAL, ""), **row}
