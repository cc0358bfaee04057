"""`import_vocabulary()`: the DrugBank open vocabulary -> reference_notes/vocabulary/drugbank.csv,
so every known drug name is recognised and a claim about a drug without notes says which drug.

Why so many names are left out: a naive list of 57,000 DrugBank names turns everyday words into
drugs (DrugBank lists allergen extracts such as "Apple", "Egg" and "Turkey", elements such as
"Iron" and "Gold"), tags lab codes and IUPAC names nobody writes in an article, and steals words
the table already reads as something else ("GABA" is a target, "alcohol" a substance). Each
name is kept only when it passes every rule below; what each rule removed is counted, so the
import says why the list is the size it is. Names already in drugs.csv are never touched.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.knowledge import curation
from annotator.knowledge.importer.spec import LabelImportError
from annotator.knowledge.importer.tablefiles import Transaction
from annotator.knowledge.importer.termmap import normalise
from annotator.knowledge.loader import load_reference, validate

FILE = Path("vocabulary") / "drugbank.csv"
COLUMNS = ("drug", "name", "kind", "drugbank_id")
SOURCE_COLUMNS = ("DrugBank ID", "Common name", "Synonyms", "CAS", "Standard InChI Key")
COMMON_ZIPF = 3.0  # wordfreq: at or above, the name is an everyday English word
PLAIN_ZIPF = 1.5  # ... for entries with no structure and no CAS number (foods, extracts)
CHEMISTRY = re.compile(
    r"[\d()\[\],;:±αβγδ+/\\{}<>=]|\b(?:cation|anion|ion)\b|^(?:l|d|dl|n|o|s|r)-\w", re.I
)
ACID_ZIPF = 1.6  # "acetic acid", "sulfuric acid": laboratory chemistry, not medicines


@dataclass
class VocabularyResult:
    entries: int = 0
    names_read: int = 0
    kept: list[tuple[str, str, str, str]] = field(default_factory=list)  # COLUMNS
    dropped: Counter = field(default_factory=Counter)  # reason -> names
    examples: dict[str, list[str]] = field(default_factory=dict)  # reason -> a few names
    linked: int = 0  # entries whose drug id is a drug of drugs.csv


def _zipf(name: str) -> float:
    from wordfreq import zipf_frequency  # ships its English list inside the wheel: offline

    return zipf_frequency(name, "en")


def _reason(name: str, plain: bool, terms: set[str]) -> str:
    """Why `name` is not a safe drug name, or "" when it is."""
    words = name.split()
    if len(name) < 4 or (name.isupper() and len(name) <= 5):
        return "short or an abbreviation"
    if CHEMISTRY.search(name) or len(words) > 4 or len(name) > 40:
        return "code or chemistry name"
    if normalise(name) in terms:
        return "a term of terms.csv"
    if name.lower().endswith(" acid") and _zipf(name) >= ACID_ZIPF:
        return "code or chemistry name"
    if _zipf(name) >= (PLAIN_ZIPF if plain else COMMON_ZIPF):
        return "a common English word"
    return ""


def read_drugbank(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelImportError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in SOURCE_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise LabelImportError(
            f"{path}:1: not a DrugBank vocabulary file (missing {', '.join(missing)})"
        )
    return list(reader)


def build(rows: list[dict[str, str]], reference) -> VocabularyResult:
    terms = {normalise(n) for t in reference.terms.values() for n in t.names}
    curated = reference.drug_names  # lower-cased name -> drug id
    result, owners = VocabularyResult(entries=len(rows)), {}
    for row in rows:
        common = row["Common name"].strip()
        synonyms = [s.strip() for s in row["Synonyms"].split(" | ") if s.strip()]
        plain = not row["Standard InChI Key"].strip() and not row["CAS"].strip()
        drug = curated.get(common.lower(), common.lower())
        result.linked += drug in reference.drug_generic
        head = _reason(common, plain, terms)
        for name in dict.fromkeys([common, *synonyms]):
            result.names_read += 1
            why = "entry is an everyday word" if head == "a common English word" else ""
            why = why or ("already in drugs.csv" if name.lower() in curated else "")
            why = why or _reason(name, plain, terms)
            if why:
                _drop(result, why, name)
                continue
            kind = "generic" if name == common else "synonym"
            owners.setdefault(name.lower(), []).append((drug, name, kind, row["DrugBank ID"]))
    for claims in owners.values():
        if len({c[0] for c in claims}) > 1:
            _drop(result, "names two DrugBank drugs", claims[0][1])
        else:
            result.kept.append(claims[0])
    result.kept.sort(key=lambda r: (r[0], r[2] != "generic", r[1].lower()))
    return result


def _drop(result: VocabularyResult, why: str, name: str) -> None:
    result.dropped[why] += 1
    shown = result.examples.setdefault(why, [])
    if len(shown) < 8:
        shown.append(name)


def import_vocabulary(path: str | Path, notes: str | Path, by: str) -> VocabularyResult:
    """Write vocabulary/drugbank.csv from the user's DrugBank file; the table must validate
    afterwards or the previous file is put back."""
    root = Path(notes)
    reference = load_reference(root)
    result = build(read_drugbank(Path(path)), reference)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(result.kept)
    tx = Transaction()
    tx.put(root / FILE, buf.getvalue())
    tx.commit()
    problems = validate(root)
    if problems:
        tx.rollback()
        raise LabelImportError(
            "the vocabulary would make the table invalid; nothing written:\n"
            + "\n".join(problems[:20])
        )
    summary = (
        f"{len(result.kept)} names of {result.entries} DrugBank drugs kept from {Path(path).name}"
    )
    curation.append(
        root, [{"by": by, "action": "import", "fact_id": "vocabulary:drugbank", "reason": summary}]
    )
    return result
