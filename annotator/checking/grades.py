"""Graded strengths: safe < caution (or safety not established) < avoid < contraindicated.

A claim is compared with the strongest stance the reference takes (a contraindication fact is
"contraindicated", a warning "caution" unless its qualifier names a grade, an interaction
"caution" or "avoid"). What is wrong is a claim much weaker than the reference: "safe" where
the reference warns, "fine with caution" where it contraindicates. A claim stronger than the
reference ("contraindicated" where the label says caution) is borderline, so unverified; "avoid"
where the label contraindicates says the same thing in plainer words.
"""

from __future__ import annotations

from annotator.checking.base import Judgement, Lookup
from annotator.knowledge.schema import GRADES
from annotator.models import Assertion, Fact, Verdict

LEVEL = {term.split(":", 1)[1]: level for term, level in GRADES.items()}
NAME = {level: name for name, level in sorted(LEVEL.items(), key=lambda kv: -kv[1])}


def fact_level(f: Fact) -> int:
    """How strongly a fact warns: its grade value, a grade named in its qualifier, or the
    default of its attribute (a contraindication contraindicates, a warning cautions)."""
    if f.value in GRADES:
        return GRADES[f.value]
    if f.qualifier in LEVEL:
        return LEVEL[f.qualifier]
    return {"contraindication": 3, "interaction": 1, "warning": 1}.get(f.attribute, 1)


def judge(claimed: str, polarity: bool, level: int) -> tuple[Verdict, str]:
    """A claimed grade (its name, e.g. "caution"; negated: "not safe") against the level of
    the reference's stance."""
    c = LEVEL[claimed]
    said, ref = ("not " if not polarity else "") + claimed, NAME[level]
    if not polarity:  # "not safe": some warning; "not contraindicated": at most "avoid"
        right = level >= 1 if c == 0 else level < c
        return (
            (Verdict.CONSISTENT, f"'{said}' agrees with the reference ({ref})")
            if right
            else (
                Verdict.INCONSISTENT,
                f"says '{said}'; the reference says {ref}",
            )
        )
    if c == level or (c == 2 and level == 3):
        return Verdict.CONSISTENT, f"'{said}', as the reference says ({ref})"
    if c == 0 or (level == 3 and c <= 1):
        return Verdict.INCONSISTENT, f"says '{said}'; the reference says {ref}"
    return Verdict.UNVERIFIED, f"says '{said}'; the reference says {ref} (a different strength)"


def compare_grade(table: Lookup, a: Assertion, facts: list[Fact], what: str) -> Judgement:
    """A claim whose value is a grade term against graded facts: a negative fact ("not a
    contraindication in pregnancy") decides a claim of that grade; else the strongest
    positive stance does."""
    claimed = a.value.split(":", 1)[1]
    denied = [f for f in facts if not f.polarity and f.value == a.value]
    if denied:
        status = Verdict.CONSISTENT if not a.polarity else Verdict.INCONSISTENT
        reason = f"the reference says it is not '{claimed}'"
        return Judgement(status, a, tuple(denied), reason, claimed)
    positive = [f for f in facts if f.polarity]
    if not positive:
        return table.none(a, what)
    level = max(fact_level(f) for f in positive)
    strongest = tuple(f for f in positive if fact_level(f) == level)
    status, reason = judge(claimed, a.polarity, level)
    return Judgement(status, a, strongest, reason, ("" if a.polarity else "not ") + claimed)
