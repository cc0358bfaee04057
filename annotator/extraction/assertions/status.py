"""Regulatory and pharmacokinetic status: elimination route, controlled-substance status,
half-life, boxed warning (with its form and topics), and long-term vs short-term use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotator.extraction.assertions.common import Reading
from annotator.models import Assertion, Label

# A boxed-warning claim about tablets or capsules speaks of the oral form (the baclofen boxed
# warning is for the intrathecal pump only).
# A drug named within 20 characters after a duration ("2.5 hours for tizanidine") may own it.
AFTER_WINDOW = 20
ORAL_FORM = re.compile(r"\b(oral|tablets?|capsules?|pills?)\b", re.I)


def status(r: Reading) -> Iterator[Assertion]:
    yield from _terms(r)
    if "half_life" in r.cues:
        drugs = [
            m for m in r.ann.mentions if m.label == Label.DRUG and m.concept and m not in r.partners
        ]
        for m in r.ann.mentions:
            if m.label == Label.DURATION and _nearest_drug(m, drugs) in (None, r.drug):
                yield r.make("half_life", m.concept, m, "half-life+duration", polarity=True)
    yield from _boxed(r)
    yield from _duration(r)


def _nearest_drug(m, drugs) -> str | None:
    """The drug a duration belongs to: the nearest drug named before it, unless one named right
    after it is nearer ("18 hours, compared with about 2.5 hours for tizanidine")."""
    before = [d for d in drugs if d.end <= m.start]
    after = [d for d in drugs if d.start >= m.end and d.start - m.end <= AFTER_WINDOW]
    candidates = [(m.start - before[-1].end, before[-1])] if before else []
    candidates += [(after[0].start - m.end, after[0])] if after else []
    return min(candidates, key=lambda c: c[0])[1].concept if candidates else None


def _terms(r: Reading) -> Iterator[Assertion]:
    for m in r.terms:
        kind = m.concept.split(":", 1)[0]
        if kind == "elim":
            yield r.make("metabolism", m.concept, m, "elimination-term")
        elif kind == "ctrl":
            # "in some countries it is controlled": scheduling differs by jurisdiction
            local = "local" if "jurisdiction" in r.cues else ""
            yield r.make("controlled_status", m.concept, m, "control-term", qualifier=local)


def _boxed(r: Reading) -> Iterator[Assertion]:
    """One boxed-warning assertion per claim; its qualifier carries the form ("oral ") and the
    topics the claim names ("warn:...|ae:..."), which the comparison matches against the fact."""
    if "boxed" not in r.cues:
        return
    box = r.cues["boxed"][0]
    none = any(m.concept == "warn:none" for m in r.terms)
    topics = [
        m.concept
        for m in r.terms
        if m.concept.startswith("warn:") and m.concept not in ("warn:boxed", "warn:none")
    ]
    topics += [m.concept for m in r.ann.mentions if m.label == Label.ADVERSE_EFFECT]
    oral = bool(ORAL_FORM.search(r.text))
    yield r.make(
        "boxed_warning",
        "warn:boxed",
        box,
        "boxed-cue",
        polarity=not (none or r.negated(box)),
        qualifier=("oral " if oral else "") + "|".join(topics),
    )


def _duration(r: Reading) -> Iterator[Assertion]:
    """ "Safe for long-term use" / "used long term to treat" claim long-term use; "only for
    short-term use" denies it."""
    if "long_term" in r.cues and ("safe" in r.cues or "treats" in r.cues):
        yield r.make("duration_limit", "long_term", r.cues["long_term"][0], "long-term-use")
    elif "short_term" in r.cues:
        m = r.cues["short_term"][0]
        yield r.make("duration_limit", "long_term", m, "short-term-only", polarity=False)
