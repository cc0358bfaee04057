"""One row of a facts file -> a `Fact`, with every problem of the row listed: the value of its
attribute (a term of the right kind, a drug, or a pattern such as an amount or an age range),
its qualifier, population and product columns, polarity, severity, source and locator.

Why a module of its own: curated rows (facts/<drug>.csv), imported rows (imported/<drug>.csv)
and a curator's edit of an imported row (curation.csv) are all checked by the same rules, so
an edit can never put into the table a row that the loader would refuse in a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.knowledge.reference import Term
from annotator.knowledge.schema import (
    AGE,
    AMOUNT,
    ATTRIBUTES,
    EFFECTIVE,
    FREQUENCY,
    IMPORTED_REQUIRED,
    PERCENT,
    QUALIFIERS,
    SECTION,
    SET_ID,
    SEVERITIES,
    STATUSES,
    TERM_QUALIFIED,
    WEEKS,
)
from annotator.models import Fact, Source


@dataclass
class RowContext:
    """What a fact row is checked against: the rest of the table, loaded before the facts."""

    sources: dict[str, Source]
    terms: dict[str, Term]
    generic: dict[str, str]  # drug id -> display name (drugs with a generic row)
    known_drugs: set[str]
    fact_ids: dict[str, str] = field(default_factory=dict)  # fact id -> drug, as rows are seen


def check_fact(
    row: dict[str, str], where: str, ctx: RowContext, problems: list[str], imported: bool = False
) -> Fact | None:
    """The row as a Fact, or None when it has problems (each appended as 'where: message').
    `imported` rows must cite their label (set id, version, date, section, passage)."""
    before = len(problems)
    fid, drug, attr, value = row["fact_id"], row["drug"], row["attribute"], row["value"]
    if not fid:
        problems.append(f"{where}: empty fact_id")
    elif fid in ctx.fact_ids:
        problems.append(f"{where}: duplicate fact_id '{fid}'")
    if drug not in ctx.generic:
        problems.append(f"{where}: unknown drug '{drug}' (add a generic row to drugs.csv)")
    if attr not in ATTRIBUTES:
        problems.append(
            f"{where}: unknown attribute '{attr}'; must be one of: {', '.join(ATTRIBUTES)}"
        )
    else:
        _check_value(row, where, ctx, problems)
        _check_qualifier(attr, row["qualifier"], where, ctx, problems)
    _check_qualifier_columns(row, where, ctx, problems)
    if row["polarity"] not in ("+", "-"):
        problems.append(f"{where}: polarity must be '+' or '-', not '{row['polarity']}'")
    if not row["statement"]:
        problems.append(f"{where}: empty statement")
    if row["severity"] not in SEVERITIES:
        problems.append(f"{where}: severity must be one of: {', '.join(SEVERITIES)}")
    if row["source_id"] not in ctx.sources:
        problems.append(f"{where}: unknown source_id '{row['source_id']}'")
    if not row["locator"]:
        problems.append(f"{where}: empty locator (name the label section)")
    if row["must_mention"] not in ("", "yes", "no"):
        problems.append(f"{where}: must_mention must be 'yes' or empty")
    _check_label_columns(row, where, problems, imported)
    if fid:
        ctx.fact_ids.setdefault(fid, drug)
    if len(problems) > before:
        return None
    return Fact(
        fid,
        drug,
        attr,
        value,
        row["polarity"] == "+",
        row["statement"],
        row["severity"],
        row["source_id"],
        row["locator"],
        row["qualifier"],
        row["must_mention"] == "yes",
        status=row.get("status") or "curated",
        set_id=row.get("set_id", ""),
        label_version=row.get("label_version", ""),
        effective=row.get("effective", ""),
        section=row.get("section", ""),
        table_id=row.get("table_id", ""),
        passage=row.get("passage", ""),
        population=_split(row.get("population", "")),
        product=_split(row.get("product", "")),
    )


def _check_value(row: dict[str, str], where: str, ctx: RowContext, problems: list[str]) -> None:
    attr, value = row["attribute"], row["value"]
    kinds = ATTRIBUTES[attr]
    pattern = next((VALUE_PATTERNS[k] for k in kinds if k in VALUE_PATTERNS), None)
    if pattern is not None:
        regex, example = pattern
        if not regex.match(value):
            problems.append(f"{where}: value '{value}' of {attr} must be {example}")
    elif value in ctx.terms:
        if ctx.terms[value].kind not in kinds:
            problems.append(
                f"{where}: value '{value}' is a {ctx.terms[value].kind} term; {attr} takes: "
                f"{', '.join(kinds)}"
            )
    elif not ("drug" in kinds and value in ctx.known_drugs):
        problems.append(f"{where}: unknown term '{value}' (define it in terms.csv)")
    allowed = QUALIFIERS.get(attr)
    if allowed and row["qualifier"] not in allowed:
        problems.append(
            f"{where}: qualifier '{row['qualifier']}' of {attr} must be one of: "
            f"{', '.join(a or '(empty)' for a in allowed)}"
        )
    if attr == "mechanism" and row["qualifier"] and row["qualifier"] not in ctx.terms:
        problems.append(f"{where}: unknown action term '{row['qualifier']}'")


def _check_label_columns(row: dict[str, str], where: str, problems: list[str], imported: bool):
    """The optional label columns: present only in files that have them, strict when filled."""
    status = row.get("status", "")
    if status and status not in STATUSES:
        problems.append(f"{where}: status must be one of: {', '.join(STATUSES)}")
    elif imported and status != "imported":
        problems.append(f"{where}: rows under imported/ must have status 'imported'")
    elif not imported and status == "imported":
        problems.append(
            f"{where}: status 'imported' belongs under imported/ (accept the row with "
            "'annotator notes accept' instead of copying it)"
        )
    if imported:
        for col in IMPORTED_REQUIRED:
            if not row.get(col):
                problems.append(f"{where}: imported row without {col}")
    checks = (
        ("set_id", SET_ID, "a DailyMed set id (a UUID)"),
        ("effective", EFFECTIVE, "a date YYYYMMDD"),
        ("section", SECTION, "a LOINC code and number like '34084-4 §6.1'"),
    )
    for col, rx, what in checks:
        if row.get(col) and not rx.match(row[col]):
            problems.append(f"{where}: {col} '{row[col]}' must be {what}")
    if row.get("label_version") and not row["label_version"].isdigit():
        problems.append(f"{where}: label_version '{row['label_version']}' must be a number")


# Value kinds written as patterns rather than terms, with an example for the message.
VALUE_PATTERNS = {
    "amount": (AMOUNT, "an amount like '80 mg'"),
    "frequency": (FREQUENCY, "doses per day like '3/day' (or 'continuous')"),
    "age": (AGE, "an age range like '6-17 years'"),
}


def _check_qualifier(attr, qualifier, where, ctx: RowContext, problems) -> None:
    """Qualifiers that are patterns (percentages, weeks, strengths) or terms of given kinds."""
    if not qualifier:
        return
    if attr == "ae_frequency" and not PERCENT.match(qualifier):
        problems.append(f"{where}: qualifier '{qualifier}' of ae_frequency must be like '10-63%'")
    elif attr == "pregnancy" and not WEEKS.match(qualifier):
        problems.append(f"{where}: qualifier '{qualifier}' of pregnancy must be like '30-40 weeks'")
    elif attr == "otc_status" and not AMOUNT.match(qualifier):
        problems.append(f"{where}: qualifier '{qualifier}' of otc_status must be like '200 mg'")
    elif attr in TERM_QUALIFIED:
        kinds = TERM_QUALIFIED[attr]
        known = (qualifier in ctx.terms and ctx.terms[qualifier].kind in kinds) or (
            "drug" in kinds and qualifier in ctx.known_drugs
        )
        if not known:
            problems.append(
                f"{where}: qualifier '{qualifier}' of {attr} must be a term of kind "
                f"{', '.join(kinds)} (or empty)"
            )


def _check_qualifier_columns(row, where, ctx: RowContext, problems) -> None:
    """population / product: |-joined pop: / prod: terms (empty: the general fact)."""
    for column, kind in (("population", "pop"), ("product", "prod")):
        for term in _split(row.get(column, "")):
            if term not in ctx.terms or ctx.terms[term].kind != kind:
                problems.append(
                    f"{where}: {column} '{term}' is not a {kind}: term of terms.csv "
                    f"(use |-joined {kind}: term ids, or leave it empty for the general fact)"
                )


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def check_lists(facts, problems) -> None:
    """A closed list (qualifier 'complete') must be closed for every row of it: a drug's
    dosage forms, strengths or metabolites are all marked complete, or none is."""
    lists: dict[tuple[str, str], set[bool]] = {}
    for f in facts:
        if f.attribute in ("dosage_form", "strength", "metabolite"):
            lists.setdefault((f.drug, f.attribute), set()).add(f.qualifier == "complete")
    for (drug, attr), marks in sorted(lists.items()):
        if len(marks) > 1:
            first = next(f for f in facts if f.drug == drug and f.attribute == attr)
            problems.append(
                f"facts/{first.file}:{first.line}: {attr} of {drug}: mark every row "
                "'complete' or none (the list is closed or it is not)"
            )
