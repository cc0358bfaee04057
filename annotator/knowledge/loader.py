"""Load and validate reference_notes/ into a typed, indexed `Reference`.

The loader is strict: every problem in every file is collected (never just the first) and
reported as ``file:line: message``, so a curator fixes a whole table in one pass.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from annotator import settings
from annotator.knowledge.contract import TERMS, missing
from annotator.knowledge.csvfiles import read_csv, shown, split
from annotator.knowledge.factrows import RowContext, check_lists
from annotator.knowledge.library import fact_files, imported_rows, vocabulary
from annotator.knowledge.reference import KnownNames, Phrasing, Reference, ReferenceError, Term
from annotator.knowledge.releases import read_releases
from annotator.knowledge.schema import (
    ATTRIBUTES,
    COLUMNS,
    DRUG_KINDS,
    TERM_ID,
    TERM_KINDS,
    TIERS,
)
from annotator.models import Source

default_notes_dir = settings.notes_dir


def load_reference(root: str | Path | None = None) -> Reference:
    """Load the table, raising ReferenceError listing every problem when it is invalid."""
    reference, problems = _load(Path(root) if root else default_notes_dir())
    if problems:
        raise ReferenceError(problems)
    return reference


def validate(root: str | Path | None = None) -> list[str]:
    """Every problem of the table as 'file:line: message' (empty when valid)."""
    return _load(Path(root) if root else default_notes_dir())[1]


def _load(root: Path) -> tuple[Reference | None, list[str]]:
    problems: list[str] = []
    if not root.is_dir():
        return None, [f"{root}: not a directory of reference notes"]
    for required in ("sources.csv", "drugs.csv", "terms.csv"):
        if not (root / required).is_file():
            problems.append(f"{shown(root / required)}:1: missing file")

    sources: dict[str, Source] = {}
    path = root / "sources.csv"
    for line, row in read_csv(path, COLUMNS["sources.csv"], problems) if path.is_file() else ():
        sid = row["source_id"]
        if not sid or not row["title"]:
            problems.append(f"{shown(path)}:{line}: source_id and title are required")
        elif row["tier"] not in TIERS:
            problems.append(
                f"{shown(path)}:{line}: tier '{row['tier']}' must be one of: {', '.join(TIERS)}"
            )
        elif sid in sources:
            problems.append(f"{shown(path)}:{line}: duplicate source_id '{sid}'")
        else:
            sources[sid] = Source(**row)

    drug_names: dict[str, str] = {}
    misspelled: set[str] = set()
    generic: dict[str, str] = {}
    path = root / "drugs.csv"
    for line, row in read_csv(path, COLUMNS["drugs.csv"], problems) if path.is_file() else ():
        drug, name, kind = row["drug"], row["name"], row["kind"]
        where = f"{shown(path)}:{line}"
        if not drug or not name:
            problems.append(f"{where}: drug and name are required")
            continue
        if kind not in DRUG_KINDS:
            problems.append(
                f"{where}: unknown kind '{kind}'; must be one of: {', '.join(DRUG_KINDS)}"
            )
        key = name.lower()
        if key in drug_names and drug_names[key] != drug:
            problems.append(f"{where}: name '{name}' already belongs to drug '{drug_names[key]}'")
        drug_names[key] = drug
        if kind == "misspelling":
            misspelled.add(key)
        if kind == "generic":
            generic.setdefault(drug, name)
    curated_names = dict(drug_names)  # before the imported vocabulary: spelling targets
    for _, drug, name, kind in vocabulary(root, problems):
        key = name.lower()
        if key not in drug_names:  # drugs.csv wins over the imported vocabulary
            drug_names[key] = drug
            if kind == "generic":
                generic.setdefault(drug, name)

    terms: dict[str, Term] = {}
    term_lines: dict[str, int] = {}
    path = root / "terms.csv"
    for line, row in read_csv(path, COLUMNS["terms.csv"], problems) if path.is_file() else ():
        where = f"{shown(path)}:{line}"
        tid = row["term_id"]
        if not TERM_ID.match(tid) or tid.split(":")[0] not in TERM_KINDS:
            problems.append(
                f"{where}: bad term_id '{tid}'; use <kind>:<slug> with kind one of: "
                f"{', '.join(TERM_KINDS)}"
            )
            continue
        if tid in terms:
            problems.append(f"{where}: duplicate term_id '{tid}'")
            continue
        implies = []
        for pair in split(row["implies"]):
            attr, _, value = pair.partition("=")
            if attr not in ATTRIBUTES or not value:
                problems.append(f"{where}: bad implies '{pair}'; use attribute=term_id")
            else:
                implies.append((attr, value))
        names = split(row["names"])
        if not names:
            problems.append(f"{where}: term '{tid}' has no names")
        terms[tid] = Term(
            tid, names, split(row["parent"]), tuple(implies), row["exclusive"], row["note"]
        )
        term_lines[tid] = line
    if terms:  # ids the code names must exist (annotator/knowledge/contract.py)
        where = f"{shown(root / 'terms.csv')}:1"
        problems += [f"{where}: {p}" for p in missing(terms, TERMS, "term")]
    for tid, term in terms.items():
        where = f"{shown(root / 'terms.csv')}:{term_lines[tid]}"
        for ref in term.parents + tuple(v for _, v in term.implies):
            if ref not in terms:
                problems.append(f"{where}: unknown term '{ref}' (in parent/implies of '{tid}')")

    known_drugs = set(generic) | set(drug_names.values())  # once, not per fact row
    ctx = RowContext(sources, terms, generic, known_drugs)
    facts_dir = root / "facts"
    paths = sorted(facts_dir.glob("*.csv")) if facts_dir.is_dir() else []
    if not paths:
        problems.append(f"{shown(facts_dir)}:1: no facts/<drug>.csv files")
    facts = fact_files(paths, ctx, problems)
    imported = imported_rows(root, ctx, {f.fact_id for f in facts}, problems)
    facts += [row.fact for row in imported if row.active]
    fact_ids = ctx.fact_ids

    check_lists(facts, problems)

    phrasings: list[Phrasing] = []
    path = root / "phrasings.csv"
    if path.is_file():
        for line, row in read_csv(path, COLUMNS["phrasings.csv"], problems):
            where = f"{shown(path)}:{line}"
            if row["fact_id"] not in fact_ids:
                problems.append(f"{where}: unknown fact_id '{row['fact_id']}'")
            elif fact_ids[row["fact_id"]] != row["drug"]:
                problems.append(f"{where}: fact '{row['fact_id']}' is not about '{row['drug']}'")
            if row["kind"] not in ("inconsistent", "accepted"):
                problems.append(f"{where}: kind must be 'inconsistent' or 'accepted'")
            if not row["phrase"]:
                problems.append(f"{where}: empty phrase")
            phrasings.append(Phrasing(**row))

    drug_classes: dict[str, tuple[str, ...]] = {}
    path = root / "drug_classes.csv"
    if path.is_file():
        for line, row in read_csv(path, COLUMNS["drug_classes.csv"], problems):
            where = f"{shown(path)}:{line}"
            if row["drug"] not in known_drugs:
                problems.append(f"{where}: unknown drug '{row['drug']}' (add it to drugs.csv)")
            classes = split(row["classes"])
            for cls in classes:
                if cls not in terms or terms[cls].kind != "class":
                    problems.append(f"{where}: '{cls}' is not a class term of terms.csv")
            drug_classes[row["drug"]] = classes

    content_hash = _table_version(root)
    releases = read_releases(root, shown(root / "releases.csv"), problems)
    release = next((r for r in reversed(releases) if r.content_hash == content_hash), None)
    version = f"{release.name}@{content_hash}" if release else content_hash
    reference = Reference(
        root,
        sources,
        terms,
        tuple(facts),
        tuple(phrasings),
        drug_names,
        generic,
        version,
        drug_classes=drug_classes,
        spelled_names=KnownNames(
            {k: v for k, v in curated_names.items() if k not in misspelled},
            {k: v for k, v in drug_names.items() if k not in curated_names},
        ),
        misspellings={k: v for k, v in drug_names.items() if k in misspelled},
        vocabulary_names={k: v for k, v in drug_names.items() if k not in curated_names},
        imported_rows=tuple(imported),
        releases=releases,
        content_hash=content_hash,
    )
    return reference, problems


NOT_CONTENT = ("releases.csv", "releases/", "needs_terms.csv")


def _table_version(root: Path) -> str:
    """Content hash of the table: every CSV but the release records (a release names the
    hash, so it cannot be part of it) and the importer's to-do list of missing terms."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.csv")):
        if path.relative_to(root).as_posix().startswith(NOT_CONTENT):
            continue
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]
