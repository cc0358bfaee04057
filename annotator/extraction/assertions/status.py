"""Regulatory and pharmacokinetic status: elimination route, controlled-substance status,
boxed warning (with its form and topics), and long-term vs short-term use (half-lives:
annotator.extraction.assertions.kinetics).
"""

from __future__ import annotations

from collections.abc import Iterator

from annotator.extraction.assertions.common import Reading
from annotator.models import Assertion, Label


def status(r: Reading) -> Iterator[Assertion]:
    yield from _terms(r)
    yield from _boxed(r)
    yield from _duration(r)


def _terms(r: Reading) -> Iterator[Assertion]:
    for m in r.terms:
        kind = m.concept.split(":", 1)[0]
        if kind == "elim":
            yield r.make("metabolism", m.concept, m, "elimination-term")
        elif kind == "ctrl":
            # "in some countries it is controlled": scheduling differs by jurisdiction, unless
            # the claim says it speaks of the federal status ("federally it is not controlled,
            # although some states schedule it")
            local = "local" if "jurisdiction" in r.cues and "federal" not in r.cues else ""
            polarity = not r.negated(m) or _answer_only(r, m)
            yield r.make(
                "controlled_status",
                m.concept,
                m,
                "control-term",
                qualifier=local,
                polarity=polarity,
            )


def _answer_only(r: Reading, m) -> bool:
    """The only negation over the term is an answer word opening the claim ("No, it is not
    scheduled"): the answer agrees with the sentence, it does not deny it."""
    over = [x for x in r.ann.modifiers if x.category == "NEGATED" and x.start <= m.start < x.end]
    opening = r.text.lstrip()[:4].lower()
    return (
        bool(over)
        and opening.startswith(("no,", "no.", "no "))
        and all(x.trigger.lower() == "no" and x.start - r.base <= 4 for x in over)
    )


def _boxed(r: Reading) -> Iterator[Assertion]:
    """One boxed-warning assertion per claim; its qualifier carries the topics the claim names
    ("warn:...|ae:..."), which the comparison matches against the fact; the product it names
    (oral tablets, the intrathecal pump) comes with the claim's qualifiers."""
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
    yield r.make(
        "boxed_warning",
        "warn:boxed",
        box,
        "boxed-cue",
        polarity=not (none or r.negated(box)),
        qualifier="|".join(topics),
    )


def _duration(r: Reading) -> Iterator[Assertion]:
    """ "Safe for long-term use" / "used long term to treat" claim long-term use; "only for
    short-term use" denies it."""
    if "long_term" in r.cues and ("safe" in r.cues or "treats" in r.cues):
        yield r.make("duration_limit", "long_term", r.cues["long_term"][0], "long-term-use")
    elif "short_term" in r.cues:
        m = r.cues["short_term"][0]
        yield r.make("duration_limit", "long_term", m, "short-term-only", polarity=False)
