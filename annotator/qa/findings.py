"""Content-QA findings: defects of a whole article that are not per-claim verdicts.

Text-level detectors live in their own modules (spin artifacts and drift: spin.py; misspelled
drug names: spelling.py; doubled words: garble.py; tortured phrases: tortured.py; translation
garble and broken grammar: translation.py; keyword stuffing: stuffing.py; calls to action:
calls_to_action.py; off-topic products: insertions.py; omitted safety facts: omissions.py).
The claim-level ones are here because they read the checked claims: two claims that
contradict each other, and certainty that does not match the reference's evidence (judged on
the clause that carries the hedge).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from annotator.knowledge.datafiles import DATA_DIR, read_json
from annotator.knowledge.reference import Reference
from annotator.models import Assertion, Certainty, Check, Document, Finding
from annotator.qa.calls_to_action import find_calls_to_action
from annotator.qa.garble import find_garble
from annotator.qa.hidden import find_hidden
from annotator.qa.insertions import find_insertions
from annotator.qa.omissions import omissions
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
    found += find_hidden(document)
    found += contradictions(checks, reference)
    found += omissions(checks, reference, focus, len(text), text)
    found += certainty(checks, reference)
    # a total order: a set's iteration order changes with the hash seed, reports must not
    return sorted(
        set(found), key=lambda f: (f.start, f.end, f.kind, f.text, f.detail, f.suggestion)
    )


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


@lru_cache(maxsize=1)
def _hedge_cues() -> re.Pattern[str]:
    """The HEDGED cues of the context rules (data/context.json), as one pattern."""
    rules = read_json(DATA_DIR / "context.json", ValueError)["rules"]
    cues = sorted({r["literal"] for r in rules if r.get("category") == "HEDGED"}, key=len)
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in reversed(cues)) + r")\b", re.I)


_COMPARISON = re.compile(r"\b(?:than|compared (?:with|to)|versus|vs\.?)\b", re.I)
_CLAUSE = re.compile(r"[;:,]|\b(?:and|but|while|whereas|although)\b|\(|\)")


def _hedge_in_clause(a: Assertion, claim) -> bool:
    """The hedge must sit in the assertion's own clause: 'approved for X, and may help Y'
    hedges Y, not X."""
    if not (claim.start <= a.start < a.end <= claim.end):
        return True  # no offsets to judge by: trust the assertion's certainty
    s, e = a.start - claim.start, a.end - claim.start
    cuts = [m for m in _CLAUSE.finditer(claim.text)]
    lo = max((m.end() for m in cuts if m.end() <= s), default=0)
    hi = min((m.start() for m in cuts if m.start() >= e), default=len(claim.text))
    clause = claim.text[lo:hi]
    if _COMPARISON.search(claim.text):  # "may be more effective than X": the comparison is hedged
        return False
    return bool(_hedge_cues().search(clause))


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
            claim = check.claim
            hedged = a.certainty != Certainty.ASSERTED
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
            elif (
                labeled
                and hedged
                and labeled[0].qualifier == "labeled"
                and _hedge_in_clause(a, claim)
            ):
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
