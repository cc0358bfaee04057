"""What the drug is for and what it causes: indications, adverse effects (with the frequency
the claim gives them), and conditions it is called contraindicated in or safe with.

A condition is an indication only when the nearest cue is a use cue ("used to treat") rather
than an effect cue ("side effects"), and an effect is an adverse effect only the other way
round: "used to treat spasticity; side effects include drowsiness" reads both right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotator.extraction.assertions.common import Reading
from annotator.extraction.assertions.populations import stance
from annotator.extraction.syntax import nearest_is
from annotator.models import Assertion, Label

# "people who do not have diabetes": a negation over "have" describes a population
POPULATION = re.compile(r"\b(have|has|having|had|with|suffer\w*|living)\b", re.I)
# A frequency word qualifies an effect when it sits just before it ("common side effects",
# "frequent drowsiness"): 15 characters leave room for one short word between them.
FREQUENCY_BEFORE = 15
# ... or after it, joined by a copula: "drowsiness is common", "dizziness is a very common".
FREQUENCY_AFTER = re.compile(
    r"[\s,]*(?:(?:and|or)\s+[\s,]*)*(?:is|are|was|were|can be|may be)"
    r"(?:\s+(?:a|an|very|quite|also|fairly|pretty|relatively|rather|not|usually|"
    r"generally|especially|particularly|still))*\s*",
    re.I,
)
# Use cues that say the use is not an approval ("off-label for", "used for", "use it for")
UNOFFICIAL = re.compile(r"\b(off|use|used|using)\b", re.I)
# an effect named with "do not take it if you" is a contraindication too ("allergic to it")
CONTRA_LABELS = (Label.CONDITION, Label.ADVERSE_EFFECT)
EFFECT_WORD = re.compile(r"effect|reaction|event", re.I)


def _qualifies(r: Reading, c, e) -> bool:
    """Does frequency cue `c` qualify mention `e`: just before it ("common side effects"), or
    after it across a copula and the other effects listed with it ("nausea, vomiting and wind
    are also common")?"""
    if c.end <= e.start:
        return e.start - c.end <= FREQUENCY_BEFORE
    if c.start < e.end:
        return False
    between = r.text[e.end - r.base : c.start - r.base]
    for m in r.ents:  # the rest of a list of effects stands between the first one and the cue
        if m.label == Label.ADVERSE_EFFECT and e.end <= m.start and m.end <= c.start:
            s, t = m.start - e.end, m.end - e.end
            between = between[:s] + " " * (t - s) + between[t:]
    return bool(FREQUENCY_AFTER.fullmatch(between))


def _frequency(r: Reading) -> str:
    """The frequency the claim gives its effects: most_common, frequent, rare or ''."""
    effect = r.cues.get("side_effect", [])
    anchors = [e for e in effect if EFFECT_WORD.search(e.text)]
    anchors += [m for m in r.ents if m.label == Label.ADVERSE_EFFECT]

    near = [
        c
        for c in r.cues.get("frequent", []) + r.cues.get("rare", [])
        if any(_qualifies(r, c, e) for e in anchors)
    ]
    if any(c.text.lower().startswith("most") for c in near):
        # "X, Y and Z are its most common side effects": each of several is merely frequent
        many = sum(1 for m in r.ents if m.label == Label.ADVERSE_EFFECT) > 1
        return "frequent" if many else "most_common"
    if any(c.concept == "cue:frequent" for c in near):
        return "frequent"
    return "rare" if near else ""


def _labeled(r: Reading, m) -> bool:
    """Is the use claimed as approved? When an approval cue comes before it with no off-label
    or plain-use cue in between: in "approved only for spasticity, but used off-label for
    insomnia" insomnia is not claimed approved; in "approved for the treatment of anxiety" it
    is."""
    approved = [c for c in r.cues.get("approved", []) if c.end <= m.start]
    if not approved:
        return bool(r.cues.get("approved")) and not r.cues.get("treats")
    last = max(approved, key=lambda c: c.end)
    between = [
        c
        for c in r.cues.get("treats", [])
        if last.end <= c.start and c.end <= m.start and UNOFFICIAL.search(c.text)
    ]
    return not between


def uses_and_effects(r: Reading) -> Iterator[Assertion]:
    treat = r.cues.get("treats", []) + r.cues.get("approved", [])
    effect = r.cues.get("side_effect", [])
    freq = _frequency(r)
    strong = "strong" in r.cues
    grade = _grade(r)
    for m in r.ents:
        if m.label in CONTRA_LABELS and "contraindicated" in r.cues:
            name, polarity = grade or ("contraindicated", True)
            yield r.make(
                "contraindication",
                m.concept,
                m,
                "condition+contraindicated",
                qualifier=name,
                polarity=polarity,
            )
        elif m.label == Label.CONDITION and treat and nearest_is(m, treat, effect):
            negations = [
                x for x in r.ann.modifiers if x.category == "NEGATED" and x.start <= m.start < x.end
            ]
            if any(
                x.trigger.lower() == "without"
                or POPULATION.search(r.text[x.start - r.base : m.start - r.base])
                for x in negations
            ):
                continue  # "people who do not have diabetes": who, not what it treats
            yield r.make(
                "indication",
                m.concept,
                m,
                "condition+treats",
                qualifier="labeled" if _labeled(r, m) else "strong" if strong else "",
                polarity=not negations,
            )
        elif m.label == Label.ADVERSE_EFFECT and effect and nearest_is(m, effect, treat):
            yield r.make("adverse_effect", m.concept, m, "effect+cue", qualifier=freq)
        elif m.label == Label.ADVERSE_EFFECT and freq and _qualified(r, m):
            # "Nausea and vomiting are also common": a frequency said of an effect is a claim
            # that the drug causes it
            yield r.make("adverse_effect", m.concept, m, "effect+frequency", qualifier=freq)
        elif m.label == Label.ADVERSE_EFFECT and treat and nearest_is(m, treat, effect):
            # "the short-term treatment of insomnia": an effect named as what the drug treats
            # is a use; terms.csv links the effect to its condition (a parent)
            if any(p.startswith("cond:") for p in r.ref.ancestors(m.concept)):
                yield r.make(
                    "indication",
                    m.concept,
                    m,
                    "effect-as-use+treats",
                    qualifier="labeled" if _labeled(r, m) else "strong" if strong else "",
                )
        elif m.label == Label.CONDITION and grade is not None and not _gestational(r, m):
            name, polarity = grade
            yield r.make(
                "contraindication",
                m.concept,
                m,
                "condition+grade",
                qualifier=name,
                polarity=polarity,
            )


def _qualified(r: Reading, m) -> bool:
    """Does a frequency word qualify this effect ("common side effects", "X is common")?"""
    cues = r.cues.get("frequent", []) + r.cues.get("rare", [])
    return any(_qualifies(r, c, m) for c in cues)


def _gestational(r: Reading, m) -> bool:
    """Pregnancy and breastfeeding are read as such (annotator.extraction.assertions
    .populations), with the window of gestation a stance applies to."""
    return any(
        p.label == Label.POPULATION
        and p.concept in ("pop:pregnancy", "pop:lactation")
        and (p.start, p.end) == (m.start, m.end)
        for p in r.ents
    )


def _grade(r: Reading) -> tuple[str, bool] | None:
    """The graded stance a claim takes on the conditions it names ("contraindicated in",
    "use with caution in", "safe for people with"), as a grade name and its polarity; a plain
    "can take" counts as calling it safe."""
    found = stance(r)
    if found is not None:
        m, polarity = found
        return m.concept.split(":", 1)[1], polarity
    if "safe" in r.cues:
        return "safe", not r.negated(r.cues["safe"][0])
    if "contraindicated" in r.cues:
        return "contraindicated", not r.negated(r.cues["contraindicated"][0])
    return None
