"""Which way the drug moves a measure ("lowers blood pressure", "blood pressure can drop",
"raises the seizure threshold", "slows the heart rate"), and what it is metabolised to ("turns
into meprobamate").

A direction is a measure (measure: term) and a direction word (dir: term) within
DIRECTION_WINDOW of each other, in either order; the effect: term that has that measure as its
parent and implies that direction is the value, so the vocabulary decides which effects exclude
each other (effect:heart_rate_up vs effect:heart_rate_down). A claim about stopping the drug
("rebound high blood pressure when stopped") is about withdrawal (qualifier on_withdrawal).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotator.extraction.assertions.common import Reading
from annotator.models import Assertion, Label

# "lowers blood pressure", "blood pressure can drop", "push up blood sugar readings": a
# direction word at most 30 characters (about five words) from its measure.
DIRECTION_WINDOW = 30
# "lowers blood sugar by making the pancreas ...": a means clause within 25 characters after the
# measure and its direction is a claim about mechanism
MEANS = re.compile(r"^[^.;]{0,25}?\bby\s+\w+ing\b", re.I)


def effect_direction(r: Reading) -> Iterator[Assertion]:
    """Skipped when another drug is named (the direction may be the partner's: "a tenth of the
    blood-pressure-lowering effect of clonidine") and for the means of an effect ("lowers blood
    sugar by making the pancreas release insulin" is a claim about mechanism)."""
    if any(m.label == Label.DRUG and m.concept != r.drug for m in r.ents):
        return
    measures = [m for m in r.terms if m.concept.startswith("measure:")]
    directions = [m for m in r.terms if m.concept.startswith("dir:")]
    named = [m for m in r.terms if m.concept.startswith("effect:")]
    stopping = "stop_abruptly" in r.cues or "stopping" in r.cues
    withdrawal = "on_withdrawal" if stopping else ""
    seen = set()
    for m in named:
        if MEANS.match(r.text[m.end - r.base :]):
            continue
        seen.add(m.concept)
        yield r.make("effect_direction", m.concept, m, "effect-term", qualifier=withdrawal)
    for measure in measures:
        near = [d for d in directions if _gap(measure, d) <= DIRECTION_WINDOW]
        if not near:
            continue
        d = min(near, key=lambda d: _gap(measure, d))
        if MEANS.match(r.text[max(measure.end, d.end) - r.base :]):
            continue
        effect = _effect(r, measure.concept, d.concept)
        if effect and effect not in seen:
            seen.add(effect)
            yield r.make(
                "effect_direction",
                effect,
                d,
                "measure+direction",
                qualifier=withdrawal,
                polarity=not (r.negated(d) or r.negated(measure)),
            )


def metabolites(r: Reading) -> Iterator[Assertion]:
    """ "Turns into X", "X is its active metabolite" (X another drug): what the subject becomes;
    "is a metabolite of X" says the reverse (qualifier "of")."""
    cues = r.cues.get("metabolite", [])
    if not cues:
        return
    drugs = [m for m in r.ents if m.label == Label.DRUG and m.concept and m.concept != r.drug]
    for m in drugs:
        cue = min(cues, key=lambda c: _gap(c, m))
        if _gap(cue, m) > DIRECTION_WINDOW:
            continue
        reverse = cue.end <= m.start and r.text[
            cue.end - r.base : m.start - r.base
        ].strip().lower().startswith("of")
        yield r.make(
            "metabolite", m.concept, m, "metabolite-cue", qualifier="of" if reverse else ""
        )


_EFFECTS: dict[int, dict[tuple[str, str], str]] = {}


def _effect(r: Reading, measure: str, direction: str) -> str:
    """The effect: term of a measure moved one way (its parent and its implied direction)."""
    key = id(r.ref)
    if key not in _EFFECTS:
        _EFFECTS[key] = {
            (parent, value): term.term_id
            for term in r.ref.terms.values()
            if term.kind == "effect"
            for parent in term.parents
            for attr, value in term.implies
            if attr == "effect_direction"
        }
    return _EFFECTS[key].get((measure, direction), "")


def _gap(a, b) -> int:
    return b.start - a.end if a.end <= b.start else a.start - b.end
