"""Who may take the drug: pediatric approval and age limits, pregnancy and breastfeeding.

Pediatric facts give the ages of an approval (+, "6-17 years", for one condition or for any
use) or of unestablished use (-, "0-15 years"). An approval claimed below the labelled age
("approved for babies" where the label starts at 3), for a condition the label does not approve
in children, or in ages where use is not established, is inconsistent; a claim naming no ages
and no condition ("approved for children") against a condition-specific approval is unverified.
Pregnancy and breastfeeding facts are graded stances (annotator.checking.grades), categories,
or whether the drug passes into milk, each for a window of gestation.
"""

from __future__ import annotations

from annotator.checking.base import Judgement, Lookup
from annotator.checking.grades import compare_grade
from annotator.checking.registry import compares
from annotator.knowledge.schema import GRADES
from annotator.models import Assertion, Fact, Verdict


@compares("pediatric")
def pediatric(table: Lookup, a: Assertion) -> Judgement:
    facts = table.facts(a)
    if not facts:
        return _labeled_in_children(table, a) or table.none(a, "pediatric note")
    lo, hi = _range(a.value)
    explicit = a.rule.endswith("+ages")
    cond, ref = a.qualifier, table.ref

    def for_condition(f: Fact) -> bool:
        return not f.qualifier or (bool(cond) and ref.related(cond, f.qualifier))

    approved = [f for f in facts if f.polarity and for_condition(f)]
    specific = [f for f in facts if f.polarity and f.qualifier and not for_condition(f)]
    unestablished = [
        f for f in facts if not f.polarity and for_condition(f) and _overlaps((lo, hi), f)
    ]
    if cond:  # a condition approved in children is not caught by a general "not established"
        unestablished = [f for f in unestablished if f.qualifier or not approved]
    who = f"children ({a.value})" if explicit else "children"
    if a.polarity and not cond and specific and not approved:
        only = ", ".join(ref.display(f.qualifier) for f in specific)
        stated = [f for f in specific if explicit and lo == _range(f.value)[0]]
        if stated:  # "it can be used from age 3": the labelled age limit, in so many words
            return _judge(Verdict.CONSISTENT, a, stated, f"the labelled age limit ({only})")
        if explicit and all(lo < _range(f.value)[0] for f in specific):
            youngest = min(_range(f.value)[0] for f in specific)
            return _judge(
                Verdict.INCONSISTENT,
                a,
                specific,
                f"no approval below age {youngest} ({only}), not from {lo}",
                who,
            )
        return _judge(
            Verdict.UNVERIFIED, a, specific, f"in children the reference lists only {only}"
        )
    if a.polarity:
        too_young = [f for f in approved if explicit and lo < _range(f.value)[0]]
        if too_young and len(too_young) == len(approved):
            return _judge(
                Verdict.INCONSISTENT,
                a,
                too_young,
                f"approved only from age {min(_range(f.value)[0] for f in too_young)}, not {lo}",
                who,
            )
        if unestablished and not [f for f in approved if f not in too_young]:
            return _judge(
                Verdict.INCONSISTENT,
                a,
                unestablished,
                "the reference says use in these ages is not established",
                who,
            )
        fits = [f for f in approved if f not in too_young]
        if fits and (
            cond or not fits[0].qualifier or (explicit and lo == _range(fits[0].value)[0])
        ):
            return _judge(Verdict.CONSISTENT, a, fits, "a pediatric approval the reference lists")
        if specific and not fits:
            only = ", ".join(ref.display(f.qualifier) for f in specific)
            status = Verdict.INCONSISTENT if cond else Verdict.UNVERIFIED
            return _judge(status, a, specific, f"in children the reference lists only {only}", who)
        return table.none(a, "pediatric note")
    if unestablished:
        return _judge(Verdict.CONSISTENT, a, unestablished, "use in these ages is not established")
    covering = [f for f in approved if _overlaps((lo, hi), f) and (cond or not f.qualifier)]
    if covering:
        return _judge(
            Verdict.INCONSISTENT,
            a,
            covering,
            "denies a pediatric approval the reference lists",
            "not approved in " + who,
        )
    return table.none(a, "pediatric note")


@compares("pregnancy", "lactation")
def pregnancy(table: Lookup, a: Assertion) -> Judgement:
    """Graded stances in the window of gestation the claim names; categories and milk
    transfer by their terms."""
    ref, facts = table.ref, table.facts(a)
    what = "pregnancy note" if a.attribute == "pregnancy" else "breastfeeding note"
    if a.value in GRADES:
        window = _weeks(a.qualifier)
        graded = [f for f in facts if f.value in GRADES and _overlaps(window, f, weeks=True)]
        return compare_grade(table, a, graded, what) if graded else table.none(a, what)
    same = [f for f in facts if f.value == a.value]
    clash = [f for f in facts if f.polarity and ref.excludes(a.value, f.value)]
    shown = ref.display(a.value)
    if same:
        agree = all(f.polarity == a.polarity for f in same)
        status = Verdict.CONSISTENT if agree else Verdict.INCONSISTENT
        said = ("" if a.polarity else "not ") + shown
        reason = (
            f"'{said}', as the reference says"
            if agree
            else f"says '{said}'; the reference says the opposite"
        )
        return _judge(status, a, same, reason, shown)
    if clash and a.polarity:
        return _judge(
            Verdict.INCONSISTENT,
            a,
            clash,
            f"'{shown}' contradicts the reference '{ref.display(clash[0].value)}'",
            shown,
        )
    return table.none(a, what)


def _labeled_in_children(table: Lookup, a: Assertion) -> Judgement | None:
    """No pediatric note, but an indication labeled for the children the claim names
    (ibuprofen lysine for a patent ductus arteriosus in premature infants)."""
    if not a.qualifier:
        return None
    ref = table.ref
    uses = [
        f
        for f in table.facts(a, "indication")
        if f.polarity
        and ref.related(a.qualifier, f.value)
        and any("pop:pediatric" in ref.ancestors(p) for p in f.population)
    ]
    if uses:
        return _judge(Verdict.CONSISTENT, a, uses, "a use labeled in children")
    return None


def _judge(status: Verdict, a: Assertion, facts, reason: str, claimed: str = "") -> Judgement:
    return Judgement(status, a, tuple(facts), reason, claimed)


def _range(value: str) -> tuple[int, int]:
    lo, _, rest = value.partition("-")
    return int(lo), int(rest.split()[0])


def _weeks(qualifier: str) -> tuple[int, int]:
    return _range(qualifier) if qualifier else (0, 40)


def _overlaps(span: tuple[int, int], f: Fact, weeks: bool = False) -> bool:
    other = _weeks(f.qualifier) if weeks else _range(f.value)
    return span[0] <= other[1] and other[0] <= span[1]
