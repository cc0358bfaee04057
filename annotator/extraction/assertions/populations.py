"""Claims about who may take the drug: children (approval and age limits), pregnancy and
breastfeeding (a graded stance: safe, caution or not established, avoid, contraindicated; an
old pregnancy category; whether it passes into breast milk).

A pediatric claim needs children (a population word or an age under 18) and a word of use or
approval ("approved for", "can be used in", "suitable for") or of unestablished safety ("safety
and effectiveness have not been established"); its value is the age range it names ("6-17
years"), read by annotator.extraction.ages, and its qualifier the condition it names, if any.
A pregnancy claim's qualifier is the window of gestation it speaks of ("0-40 weeks" when it
names none): "safe in the first trimester" says nothing about the last weeks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotator.extraction.ages import CHILD_MAX, load_ages, read_ages
from annotator.extraction.assertions.common import Reading
from annotator.knowledge.schema import GRADES
from annotator.models import Assertion, Label, Mention

AGES = load_ages()
# Weeks of gestation named by trimester words ("the final weeks" is the third trimester).
TRIMESTERS = (
    (
        re.compile(
            r"\b(all|every|each|any)\s+(three\s+)?trimesters?|throughout|entire|whole|"
            r"(up\s+to|until)\s+(the\s+)?(end|delivery|birth)",
            re.I,
        ),
        (0, 40),
    ),
    (re.compile(r"\bfirst\s+trimester|early\s+pregnancy", re.I), (0, 13)),
    (re.compile(r"\bsecond\s+trimester", re.I), (14, 27)),
    (
        re.compile(
            r"\bthird\s+trimester|final\s+(weeks|months|trimester)|late\s+pregnancy|last\s+(weeks|months|trimester)",
            re.I,
        ),
        (28, 40),
    ),
)
WEEKS = re.compile(r"\b(?:from|after|beyond|at|over)\s+(\d{1,2})\s+weeks", re.I)
WHOLE = (0, 40)


def pediatric(r: Reading) -> Iterator[Assertion]:
    children = [m for m in r.ents if m.label == Label.POPULATION and _is_child(r, m.concept)]
    ages = [(lo, hi, off) for lo, hi, off in read_ages(r.text) if lo < 18]
    worded = [AGES[m.concept] for m in children if m.concept in AGES]
    if not (children or ages) or _about_the_baby(r):
        return
    not_established = [m for m in r.terms if m.concept == "grade:not_established"]
    use = r.cues.get("use_in", []) + r.cues.get("approved", [])
    if not (use or not_established):
        return
    if "all_ages" in r.cues:
        lo, hi, rule = 0, CHILD_MAX, "pediatric+ages"
    elif ages:
        lo, hi = min(a[0] for a in ages), max(a[1] for a in ages)
        rule = "pediatric+ages"
    elif worded:
        lo, hi, rule = min(a for a, _ in worded), max(b for _, b in worded), "pediatric+ages"
    else:
        lo, hi, rule = 0, CHILD_MAX, "pediatric+word"  # "children": no ages named
    # anchor on the words nearest the end of the claim (the ages, else the last population or
    # stance word): in an answer read with its question ("Is it approved for children?" -
    # "From age 5."), the assertion belongs to the answer
    candidates = [m for m in (*children[-1:], *use[-1:], *not_established[-1:]) if m]
    candidates += [
        Mention(r.base + off, r.base + off + 1, "", Label.CUE, "cue:age", "pattern")
        for _lo, _hi, off in ages
    ]
    anchor = max(candidates, key=lambda m: m.start)
    conditions = [
        m.concept
        for m in r.ents
        if m.label == Label.CONDITION and m.concept and not _is_population_word(r, m)
    ]
    conditions += [  # "for infants with seizures": an effect term linked to its condition
        c
        for m in r.ents
        if m.label == Label.ADVERSE_EFFECT and m.concept
        for c in r.ref.ancestors(m.concept)
        if c.startswith("cond:") and c not in conditions
    ]
    approvals = r.cues.get("approved", [])
    denied = bool(approvals) and r.negated(approvals[0])
    if use and r.negated(use[0]) and not (denied or not_established):
        return  # "should not be used in a child who ...": a caution, not an age limit
    polarity = not (not_established or denied)
    for condition in conditions or [""]:
        yield r.make(
            "pediatric",
            f"{lo}-{hi} years",
            anchor,
            rule,
            qualifier=condition,
            polarity=polarity,
        )


def pregnancy(r: Reading) -> Iterator[Assertion]:
    pregnant = [m for m in r.ents if m.label == Label.POPULATION and m.concept == "pop:pregnancy"]
    categories = [m for m in r.terms if m.concept.startswith("pregcat:")]
    for m in categories:
        yield r.make("pregnancy", m.concept, m, "pregnancy-category")
    if not pregnant:
        return
    found = stance(r)
    if found is not None:
        grade, polarity = found
        lo, hi = _gestation(r.text)
        yield r.make(
            "pregnancy",
            grade.concept,
            max(pregnant[-1], grade, key=lambda m: m.start),  # the answer's word, if any
            "pregnancy+grade",
            qualifier=f"{lo}-{hi} weeks",
            polarity=polarity,
        )


def lactation(r: Reading) -> Iterator[Assertion]:
    for m in r.terms:
        if m.concept.startswith("milk:"):
            yield r.make("lactation", m.concept, m, "milk-term")
    nursing = [m for m in r.ents if m.label == Label.POPULATION and m.concept == "pop:lactation"]
    found = stance(r) if nursing else None
    if found is not None:
        grade, polarity = found
        anchor = max(nursing[-1], grade, key=lambda m: m.start)
        yield r.make("lactation", grade.concept, anchor, "lactation+grade", polarity=polarity)


def stance(r: Reading) -> tuple[Mention, bool] | None:
    """The graded stance of the claim (a grade: term mention) and its polarity: a hedge on
    "safe" wins ("safe with caution" is a caution; "safe use has not been established" is not
    established), else the strongest grade named. "Not safe" denies safety."""
    grades = [m for m in r.terms if m.concept in GRADES]
    if not grades:
        return None
    others = [m for m in grades if m.concept != "grade:safe"]
    chosen = max(others, key=lambda m: GRADES[m.concept]) if others else grades[0]
    if chosen.concept == "grade:not_established":
        return chosen, True  # "has not been established": the negation is the stance itself
    return chosen, not r.negated(chosen)


def _gestation(text: str) -> tuple[int, int]:
    for pattern, window in TRIMESTERS:
        if pattern.search(text):
            return window
    weeks = WEEKS.search(text)
    return (int(weeks.group(1)), 40) if weeks else WHOLE


def _about_the_baby(r: Reading) -> bool:
    """In a claim about pregnancy or breastfeeding, the infant is the one exposed through the
    mother, not a child the drug is approved for."""
    return any(
        m.label == Label.POPULATION and m.concept in ("pop:pregnancy", "pop:lactation")
        for m in r.ents
    )


def _is_child(r: Reading, concept: str | None) -> bool:
    return bool(concept) and "pop:pediatric" in r.ref.ancestors(concept)


def _is_population_word(r: Reading, m: Mention) -> bool:
    """A condition mention that is also a population word ("pregnancy") is not a use."""
    return any(p.label == Label.POPULATION and (p.start, p.end) == (m.start, m.end) for p in r.ents)
