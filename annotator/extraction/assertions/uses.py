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
from annotator.extraction.syntax import nearest_is
from annotator.models import Assertion, Label

# "people who do not have diabetes": a negation over "have" describes a population
POPULATION = re.compile(r"\b(have|has|having|had|with|suffer\w*|living)\b", re.I)
# A frequency word qualifies an effect when it sits just before it ("common side effects",
# "frequent drowsiness"): 15 characters leave room for one short word between them.
FREQUENCY_BEFORE = 15
# ... or after it, joined by a copula: "drowsiness is common", "dizziness is a very common".
FREQUENCY_AFTER = re.compile(r"\s*(is|are)(\s+(a|an|very|quite))?\s*", re.I)
# Use cues that say the use is not an approval ("off-label for", "used for", "use it for")
UNOFFICIAL = re.compile(r"\b(off|use|used|using)\b", re.I)
EFFECT_WORD = re.compile(r"effect|reaction|event", re.I)


def _frequency(r: Reading) -> str:
    """The frequency the claim gives its effects: most_common, frequent, rare or ''."""
    effect = r.cues.get("side_effect", [])
    anchors = [e for e in effect if EFFECT_WORD.search(e.text)]
    anchors += [m for m in r.ents if m.label == Label.ADVERSE_EFFECT]

    def qualifies(c, e):
        if c.end <= e.start:
            return e.start - c.end <= FREQUENCY_BEFORE
        between = r.text[e.end - r.base : c.start - r.base]
        return c.start >= e.end and bool(FREQUENCY_AFTER.fullmatch(between))

    near = [
        c
        for c in r.cues.get("frequent", []) + r.cues.get("rare", [])
        if any(qualifies(c, e) for e in anchors)
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
    for m in r.ents:
        if m.label == Label.CONDITION and "contraindicated" in r.cues:
            yield r.make(
                "contraindication", m.concept, m, "condition+contraindicated", qualifier="avoid"
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
        elif m.label == Label.CONDITION and "safe" in r.cues:
            negated = r.negated(r.cues["safe"][0])
            yield r.make(
                "contraindication",
                m.concept,
                m,
                "condition+safe",
                qualifier="avoid" if negated else "safe",
            )
