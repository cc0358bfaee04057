"""One row of facts/<drug>.csv, checked against the schema: the value of its attribute (a term
of the right kind, a drug, or a pattern such as an amount or an age range), its qualifier,
population and product columns, polarity, severity, source and locator. Every problem is
appended to `problems` as 'file:line: message', so a curator sees all of them at once.
"""

from __future__ import annotations

from annotator.knowledge.schema import (
    AGE,
    AMOUNT,
    ATTRIBUTES,
    FREQUENCY,
    PERCENT,
    QUALIFIERS,
    SEVERITIES,
    TERM_QUALIFIED,
    WEEKS,
)
from annotator.models import Fact


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def check_fact(row, where, sources, terms, generic, known_drugs, fact_ids, problems):
    before = len(problems)
    fid, drug, attr, value = row["fact_id"], row["drug"], row["attribute"], row["value"]
    if not fid:
        problems.append(f"{where}: empty fact_id")
    elif fid in fact_ids:
        problems.append(f"{where}: duplicate fact_id '{fid}'")
    if drug not in generic:
        problems.append(f"{where}: unknown drug '{drug}' (add a generic row to drugs.csv)")
    if attr not in ATTRIBUTES:
        problems.append(
            f"{where}: unknown attribute '{attr}'; must be one of: {', '.join(ATTRIBUTES)}"
        )
    else:
        kinds = ATTRIBUTES[attr]
        pattern = next((VALUE_PATTERNS[k] for k in kinds if k in VALUE_PATTERNS), None)
        if pattern is not None:
            regex, example = pattern
            if not regex.match(value):
                problems.append(f"{where}: value '{value}' of {attr} must be like '{example}'")
        elif value in terms:
            if terms[value].kind not in kinds:
                problems.append(
                    f"{where}: value '{value}' is a {terms[value].kind} term; {attr} takes: "
                    f"{', '.join(kinds)}"
                )
        elif not ("drug" in kinds and value in known_drugs):
            problems.append(f"{where}: unknown term '{value}' (define it in terms.csv)")
        allowed = QUALIFIERS.get(attr)
        if allowed and row["qualifier"] not in allowed:
            problems.append(
                f"{where}: qualifier '{row['qualifier']}' of {attr} must be one of: "
                f"{', '.join(a or '(empty)' for a in allowed)}"
            )
        if attr == "mechanism" and row["qualifier"] and row["qualifier"] not in terms:
            problems.append(f"{where}: unknown action term '{row['qualifier']}'")
        _check_qualifier(attr, row["qualifier"], where, terms, known_drugs, problems)
    for column, kind in (("population", "pop"), ("product", "prod")):
        for term in _split(row[column]):
            if term not in terms or terms[term].kind != kind:
                problems.append(
                    f"{where}: {column} '{term}' is not a {kind}: term of terms.csv "
                    f"(use |-joined {kind}: term ids, or leave it empty for the general fact)"
                )
    if row["polarity"] not in ("+", "-"):
        problems.append(f"{where}: polarity must be '+' or '-', not '{row['polarity']}'")
    if not row["statement"]:
        problems.append(f"{where}: empty statement")
    if row["severity"] not in SEVERITIES:
        problems.append(f"{where}: severity must be one of: {', '.join(SEVERITIES)}")
    if row["source_id"] not in sources:
        problems.append(f"{where}: unknown source_id '{row['source_id']}'")
    if not row["locator"]:
        problems.append(f"{where}: empty locator (name the label section)")
    if row["must_mention"] not in ("", "yes", "no"):
        problems.append(f"{where}: must_mention must be 'yes' or empty")
    if fid:
        fact_ids.setdefault(fid, drug)
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
        population=_split(row["population"]),
        product=_split(row["product"]),
    )


# Value kinds written as patterns rather than terms, with an example for the message.
VALUE_PATTERNS = {
    "amount": (AMOUNT, "80 mg"),
    "frequency": (FREQUENCY, "3/day"),
    "age": (AGE, "6-17 years"),
}


def _check_qualifier(attr, qualifier, where, terms, known_drugs, problems) -> None:
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
        known = (qualifier in terms and terms[qualifier].kind in kinds) or (
            "drug" in kinds and qualifier in known_drugs
        )
        if not known:
            problems.append(
                f"{where}: qualifier '{qualifier}' of {attr} must be a term of kind "
                f"{', '.join(kinds)} (or empty)"
            )


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
