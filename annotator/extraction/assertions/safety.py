"""Stopping and combining: withdrawal ("safe to stop abruptly", "taper off"), and partner drugs
or substances called safe, to be avoided, or contraindicated with the subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotator.extraction.assertions.common import Reading
from annotator.extraction.syntax import is_partner
from annotator.models import Assertion, Label

STOP_VERB = re.compile(
    r"\b(stop\w*|discontinu\w*|quit\w*|ceas\w*|withdraw\w*|taper\w*|"
    r"come off|coming off)\b",
    re.I,
)
# An "abruptly"/"suddenly" cue is about stopping only with a stop verb within 40 characters
# (about six words) either side: "stop taking it suddenly", "suddenly discontinuing"; a far one
# ("it can suddenly ... and patients who stop ...") describes something else.
STOP_WINDOW = 40
# Only a negation that starts within 25 characters before a withdrawal term denies it ("no
# withdrawal", "without tapering"); a far one ("cannot stop ... without risking withdrawal")
# belongs to another verb.
WITHDRAWAL_NEGATION = 25
# A lowering verb up to 30 characters (about five words) before a risk word turns the risk
# into a benefit: "reduces the cardiovascular risk", "cancels out ibuprofen's heart risk".
LOWERING = re.compile(
    r"\b(?:lowers?|lowering|reduces?|reducing|cuts?|cutting|cancels?(?:\s+out)?|cancelling|"
    r"decreases?|eliminates?|offsets?|counteracts?|protects?|protecting|prevents?|blocks?)\b"
    r"[^.;]*$",
    re.I,
)
LOWERING_WINDOW = 30


def stopping(r: Reading) -> Iterator[Assertion]:
    for m in r.terms:
        if m.concept.startswith("withdrawal:"):
            close = any(
                x.category == "NEGATED" and 0 <= m.start - x.start <= WITHDRAWAL_NEGATION
                for x in r.ann.modifiers
            )
            yield r.make("withdrawal", m.concept, m, "withdrawal-term", polarity=not close)
    stops = [
        c
        for c in r.cues.get("stop_abruptly", [])
        if STOP_VERB.search(
            r.text[max(0, c.start - r.base - STOP_WINDOW) : c.end - r.base + STOP_WINDOW]
        )
    ]
    if not stops:
        return
    safe = r.cues.get("safe", [])
    # of several stop cues, the one nearest the "safe" cue is what is called safe
    stop = min(stops, key=lambda c: abs(c.start - safe[0].start)) if safe else stops[0]
    stop_negated = r.negated(stop)
    if safe and not stop_negated:  # "it is safe to stop abruptly" (or "not safe to ...")
        yield r.make(
            "withdrawal",
            "withdrawal:abrupt_stop_safe",
            stop,
            "stop+safe",
            polarity=not r.negated(safe[0]),
        )
    elif stop_negated or "avoid" in r.cues or any(m.label == Label.ADVERSE_EFFECT for m in r.ents):
        # "do not stop suddenly", "avoid stopping abruptly", "stopping abruptly can cause seizures"
        yield r.make("withdrawal", "withdrawal:taper_required", stop, "stop+risk", polarity=True)


def _lowered(r: Reading, cue) -> bool:
    """Is this risk word the object of a lowering verb ("lowers the cardiovascular risk",
    "protects your heart from the risk", "cancels out the danger")?"""
    before = r.text[max(0, cue.start - r.base - LOWERING_WINDOW) : cue.start - r.base]
    return bool(LOWERING.search(before))


def partners(r: Reading) -> Iterator[Assertion]:
    """Each partner (another drug, a substance such as alcohol, a class named as a partner) with
    the stance the claim takes on combining: safe, avoid, or contraindicated. A claim that calls
    one combination safe and another risky ("safe with food, but avoid alcohol") is not read."""
    others = [m for m in r.partners if m.concept != r.drug]
    others += [m for m in r.ents if m.label == Label.SUBSTANCE]
    others += [m for m in r.ents if m.label == Label.DRUG_CLASS and is_partner(m, r.text, r.base)]
    if not others:
        return
    safe = r.cues.get("safe", [])
    # "the two do not interact": a denied risk word is not a warning
    risky_cues = r.cues.get("avoid", []) + r.cues.get("contraindicated", [])
    # "aspirin with it lowers the heart risk" calls the combination protective, not risky
    protective = [c for c in risky_cues if _lowered(r, c)] if "combine" in r.cues else []
    if protective and not safe:
        safe = protective
    risky = any(not r.negated(c) and c not in protective for c in risky_cues)
    if safe:
        negated = r.negated(safe[0])
        if risky and not negated:
            return  # "safe with food, but avoid alcohol": mixed, not read
        qualifier = "avoid" if negated else "safe"
    elif risky:
        contra = any(not r.negated(c) for c in r.cues.get("contraindicated", []))
        qualifier = "contraindicated" if contra else "avoid"
    else:
        return
    contra = r.cues.get("contraindicated", [])
    for m in others:
        # "+after-cue": the partner follows "contraindicated with", so the claim names it as a
        # contraindication (compared with facts that say it is not one)
        after = "+after-cue" if any(c.end <= m.start for c in contra) else ""
        yield r.make(
            "interaction",
            m.concept,
            m,
            "partner+" + qualifier + after,
            qualifier=qualifier,
            polarity=True,
        )
