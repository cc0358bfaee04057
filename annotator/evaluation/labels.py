"""The labelled sets of tests/devset/ as records, read by strict loaders.

Three shapes of label, one record (`LabelledClaim`):
- composed claims (claims.csv, heldout*.csv): one sentence, checked on its own with the row's
  drug as the article's focus drug;
- seed labels: a distinctive substring of one sentence of the seed article;
- article labels (articles/, corpus/, blind/articles/): a claim of a document, given by its
  character offsets (`start`, `end`: the corpus labels, so no corpus text is copied into the
  repository) or by an exact substring (`contains`: pages we wrote ourselves).
Every loader reports every problem of a file at once, as `file:line: message`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.models import Verdict

VERDICTS = tuple(v.value for v in Verdict)
INCONSISTENT = Verdict.INCONSISTENT.value
# The schema of the label files (not domain knowledge): what a claim can be about
# (tests/devset/LABELLING.md).
# fmt: off
ATTRIBUTES = frozenset((
    "drug_class", "site_of_action", "mechanism", "indication", "not_indicated", "off_label",
    "adverse_effect", "ae_frequency", "boxed_warning", "warning", "withdrawal",
    "contraindication", "interaction", "max_daily_dose", "starting_dose", "dose_other",
    "dosing_frequency", "dosage_form", "strength", "duration_limit", "half_life", "metabolism",
    "controlled_status", "otc_status", "pediatric", "pregnancy", "lactation", "population",
    "timing", "effect_direction", "other",
))
CLAIM_KINDS = frozenset((
    "statement", "heading", "question", "advice", "list_item", "experience", "reported",
    "reference",
))
# fmt: on
CLAIM_COLUMNS = ("id", "drug", "text", "expected", "attribute", "note")
SEED_COLUMNS = ("contains", "expected", "note")
ARTICLE_COLUMNS = ("document", "expected", "attribute", "clear", "claim_kind", "note")
MIN_CONTAINS = 25
SEED_ATTRIBUTE = "(seed)"


class DevsetError(AnnotatorError, ValueError):
    """A dev-set file is malformed; the message lists every problem as `file:line: message`."""


@dataclass(frozen=True)
class LabelledClaim:
    id: str
    source: str  # "composed" | "seed" | "article"
    drug: str
    text: str  # the claim (composed), the distinctive substring (seed, article `contains`)
    expected: str
    attribute: str
    note: str = ""
    line: int = 0
    document: str = ""  # article labels: the document as the set names it
    start: int = -1  # article labels by offsets: the claim's span in the document as read
    end: int = -1
    clear: bool = False  # an inconsistent claim the facts contradict directly
    claim_kind: str = ""


def read_rows(path: Path, columns) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise DevsetError(f"{path}: cannot read: {e.strerror or e}") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise DevsetError(f"{path}:1: missing column(s) {', '.join(missing)}")
    return [(reader.line_num, {k: (v or "") for k, v in row.items()}) for row in reader]


def _check_expected(where: str, value: str, problems: list[str]) -> None:
    if value not in VERDICTS:
        problems.append(f"{where}: expected {value!r} is not one of {', '.join(VERDICTS)}")


def _check_attribute(where: str, value: str, problems: list[str], allow_empty=False) -> None:
    if value not in ATTRIBUTES and not (allow_empty and value == ""):
        problems.append(
            f"{where}: attribute {value!r} is not one of {', '.join(sorted(ATTRIBUTES))}"
        )


def load_claims(path: Path | str) -> tuple[LabelledClaim, ...]:
    """Read a composed-claims file (claims.csv, heldout*.csv) strictly."""
    path = Path(path)
    problems: list[str] = []
    items: list[LabelledClaim] = []
    seen: dict[str, int] = {}
    for line, row in read_rows(path, CLAIM_COLUMNS):
        where = f"{path}:{line}"
        cid, text = row["id"].strip(), row["text"].strip()
        if not cid or not text or not row["drug"].strip():
            problems.append(f"{where}: id, drug and text must not be empty")
        if cid in seen:
            problems.append(f"{where}: duplicate id {cid!r} (first on line {seen[cid]})")
        seen.setdefault(cid, line)
        _check_expected(where, row["expected"], problems)
        not_checkable = row["expected"] == Verdict.NOT_CHECKABLE.value
        _check_attribute(where, row["attribute"], problems, allow_empty=not_checkable)
        items.append(
            LabelledClaim(
                cid, "composed", row["drug"].strip(), text, row["expected"], row["attribute"],
                row["note"], line,
                clear=row["expected"] == INCONSISTENT,
            )
        )  # fmt: skip
    if problems:
        raise DevsetError("\n".join(problems))
    return tuple(items)


def load_seed_labels(path: Path | str, article: str | None = None) -> tuple[LabelledClaim, ...]:
    """Read seed_labels.csv; with the article, each `contains` must occur in it exactly once."""
    path = Path(path)
    problems: list[str] = []
    items: list[LabelledClaim] = []
    for i, (line, row) in enumerate(read_rows(path, SEED_COLUMNS), start=1):
        contains = row["contains"]
        if len(contains) < MIN_CONTAINS:
            problems.append(f"{path}:{line}: contains must be at least {MIN_CONTAINS} characters")
        elif article is not None and (count := article.count(contains)) != 1:
            problems.append(f"{path}:{line}: {contains!r} occurs {count} times in the article")
        _check_expected(f"{path}:{line}", row["expected"], problems)
        items.append(
            LabelledClaim(
                f"seed-{i:02d}", "seed", "", contains, row["expected"], SEED_ATTRIBUTE,
                row["note"], line,
                clear=row["expected"] == INCONSISTENT,
            )
        )  # fmt: skip
    if problems:
        raise DevsetError("\n".join(problems))
    return tuple(items)


def load_article_labels(path: Path | str) -> tuple[LabelledClaim, ...]:
    """Read an article label file: each row names a claim of a document by `start`/`end` or by
    `contains`. Whether the spans fit their documents is checked when the documents are read."""
    path = Path(path)
    problems: list[str] = []
    items: list[LabelledClaim] = []
    for i, (line, row) in enumerate(read_rows(path, ARTICLE_COLUMNS), start=1):
        where = f"{path}:{line}"
        start, end, contains = row.get("start", ""), row.get("end", ""), row.get("contains", "")
        if not row["document"]:
            problems.append(f"{where}: empty document")
        if contains:
            span = (-1, -1)
        elif start.isdigit() and end.isdigit() and int(start) < int(end):
            span = (int(start), int(end))
        else:
            problems.append(f"{where}: give start < end (offsets) or contains (a substring)")
            span = (-1, -1)
        _check_expected(where, row["expected"], problems)
        _check_attribute(where, row["attribute"], problems, allow_empty=True)
        if row["clear"] not in ("", "yes", "no"):
            problems.append(f"{where}: clear must be yes, no or empty")
        if row["claim_kind"] and row["claim_kind"] not in CLAIM_KINDS:
            problems.append(
                f"{where}: claim_kind {row['claim_kind']!r} is not one of "
                f"{', '.join(sorted(CLAIM_KINDS))}"
            )
        items.append(
            LabelledClaim(
                f"{path.stem}-{i:04d}", "article", "", contains, row["expected"],
                row["attribute"], row["note"], line, row["document"], span[0], span[1],
                row["clear"] == "yes", row["claim_kind"],
            )
        )  # fmt: skip
    if problems:
        raise DevsetError("\n".join(problems))
    return tuple(items)
