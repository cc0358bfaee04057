"""Content-QA findings: defects of a whole article that are not per-claim verdicts.

Text-level detectors live in their own modules (spin artifacts and drift: spin.py; misspelled
drug names: spelling.py; doubled and garbled words: garble.py). The document-level ones are
here because they read the checked claims: two claims that contradict each other, safety facts
the article never states, and certainty that does not match the reference's evidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.knowledge.reference import Reference
from annotator.models import Assertion, Certainty, Check, Document, Finding, Verdict
from annotator.qa.calls_to_action import find_calls_to_action
from annotator.qa.garble import find_garble
from annotator.qa.insertions import find_insertions
from annotator.qa.spelling import find_misspellings
from annotator.qa.spin import find_spin
from annotator.qa.stuffing import find_stuffing
from annotator.qa.tortured import find_tortured
from annotator.qa.translation import find_translation_garble

# Attributes where two different values of one exclusive group cannot both be true.
SINGLE_VALUED = ("drug_class", "site_of_action", "mechanism", "controlled_status", "metabolism")
WEAK = {"limited", "inconclusive"}


def synonyms(reference: Reference) -> dict[str, str]:
    """Surface phrase -> term id, for spin drift ("dizziness/lightheadedness/vertigo")."""
    out: dict[str, str] = {}
    for term in reference.terms.values():
        if term.kind in ("ae", "cond", "class", "site"):
            for name in term.names:
                out.setdefault(name.lower(), term.term_id)
    return out


def find_all(
    document: Document, checks: Iterable[Check], reference: Reference, focus: str
) -> list[Finding]:
    checks = tuple(checks)
    text = document.text
    found = list(find_spin(text, synonyms(reference)))
    found += find_misspellings(text, reference.spelled_names, misspellings=reference.misspellings)
    found += find_garble(text)
    names = reference.spelled_names
    garble, tortured = find_translation_garble(text, find_tortured(text), known=names)
    found += garble + tortured
    found += find_stuffing(text, names)
    found += find_calls_to_action(text)
    found += find_insertions(text, names)
    found += contradictions(checks, reference)
    found += omissions(checks, reference, focus, len(text))
    found += certainty(checks, reference)
    return sorted(set(found), key=lambda f: (f.start, f.end, f.kind, f.text))


def _plain(a: Assertion) -> bool:
    return a.polarity and a.certainty == Certainty.ASSERTED


def contradictions(checks: tuple[Check, ...], reference: Reference) -> list[Finding]:
    """One finding per pair of incompatible values asserted for one drug and attribute (the
    article says the drug acts centrally and, later, peripherally): it sits on the first claim
    of the later value and links the first claim of the earlier one."""
    first: dict[tuple[str, str], dict[tuple[str, str], tuple[Check, Assertion]]] = {}
    for check in checks:
        if not check.claim.checkable:
            continue
        for a in check.assertions:
            if a.attribute in SINGLE_VALUED and _plain(a):
                values = first.setdefault((a.drug, a.attribute), {})
                values.setdefault((a.value, a.qualifier), (check, a))
    out = []
    for (drug, attribute), values in first.items():
        items = sorted(values.values(), key=lambda ca: ca[0].claim.start)
        for i, (later_check, b) in enumerate(items):
            for earlier_check, a in items[:i]:
                if earlier_check.claim.id == later_check.claim.id or not _clash(a, b, reference):
                    continue
                one, two = earlier_check.claim, later_check.claim
                out.append(
                    Finding(
                        two.start,
                        two.end,
                        "internal_contradiction",
                        two.text,
                        f"claim {two.id} says {reference.display(drug)} "
                        f"{attribute.replace('_', ' ')} is '{_shown(b, reference)}'; "
                        f"claim {one.id} says '{_shown(a, reference)}'",
                        suggestion="make the two statements agree with the reference",
                        fact_ids=tuple(
                            dict.fromkeys(earlier_check.fact_ids + later_check.fact_ids)
                        ),
                        related=((one.start, one.end),),
                    )
                )
                break
    return out


def _shown(a: Assertion, reference: Reference) -> str:
    value = reference.display(a.value)
    return f"{value} ({reference.display(a.qualifier)})" if a.qualifier else value


def _clash(a: Assertion, b: Assertion, reference: Reference) -> bool:
    if a.attribute == "mechanism":
        return (
            reference.related(a.value, b.value)
            and bool(a.qualifier and b.qualifier)
            and reference.excludes(a.qualifier, b.qualifier)
        )
    return reference.excludes(a.value, b.value)


def omissions(
    checks: tuple[Check, ...], reference: Reference, focus: str, length: int
) -> list[Finding]:
    """Must-mention facts of the focus drug (boxed warnings, withdrawal, alcohol, key
    contraindications) that no claim of the article states."""
    if not focus:
        return []
    stated = set()
    for check in checks:
        if check.verdict == Verdict.CONSISTENT:
            stated.update(check.fact_ids)
        for a in check.assertions:
            if a.drug != focus:
                continue
            for f in reference.facts_for(focus, a.attribute):
                if f.value in reference.ancestors(a.value) or a.value in reference.ancestors(
                    f.value
                ):
                    stated.add(f.fact_id)
    out = []
    for fact in reference.facts:
        if fact.drug == focus and fact.must_mention and fact.fact_id not in stated:
            out.append(
                Finding(
                    0,
                    0,
                    "omitted_safety_information",
                    "",
                    f"the article never states: {fact.statement} ({reference.cite(fact)})",
                    suggestion=f"add: {fact.statement}",
                    fact_ids=(fact.fact_id,),
                )
            )
    return out


def certainty(checks: tuple[Check, ...], reference: Reference) -> list[Finding]:
    """A use stated more strongly than its evidence, or a labeled use stated as tentative."""
    out = []
    for check in checks:
        for a in check.assertions:
            if a.attribute != "indication" or not a.polarity:
                continue
            facts_of = {
                attr: [
                    f
                    for f in reference.facts_for(a.drug, attr)
                    if f.value in reference.ancestors(a.value)
                ]
                for attr in ("indication", "off_label")
            }
            labeled, off = facts_of["indication"], facts_of["off_label"]
            hedged = a.certainty != Certainty.ASSERTED
            claim = check.claim
            strong = a.qualifier in ("strong", "labeled")
            weakest = all(
                f.qualifier == "inconclusive" or (strong and f.qualifier in WEAK) for f in off
            )
            if off and not labeled and not hedged and weakest:
                out.append(
                    Finding(
                        a.start,
                        a.end,
                        "certainty_mismatch",
                        a.evidence,
                        f"stated as established; the reference rates {reference.display(a.value)} "
                        f"an off-label use with {off[0].qualifier} evidence (claim {claim.id})",
                        suggestion="hedge it: 'may help', 'is being studied for'",
                        fact_ids=tuple(f.fact_id for f in off),
                    )
                )
            elif labeled and hedged and labeled[0].qualifier == "labeled":
                out.append(
                    Finding(
                        a.start,
                        a.end,
                        "certainty_mismatch",
                        a.evidence,
                        f"stated as tentative; {reference.display(a.value)} is a labeled "
                        "indication "
                        f"(claim {claim.id})",
                        suggestion="state it plainly as an approved use",
                        fact_ids=tuple(f.fact_id for f in labeled),
                    )
                )
    return out
