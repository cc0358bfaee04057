"""Half-lives: "its half-life is about 26 hours", "an eight-hour half-life", "about a day", and
comparisons between drugs ("gabapentin stays in the body much longer than sertraline").

A claim that names two drugs gives each its own number: a duration belongs to the drug named
right after it ("about two and a half hours for tizanidine"), else to the nearest drug named
before it that is not only compared with ("Cyclobenzaprine stays ... longer than tizanidine:
its effective half-life is around 18 hours" is cyclobenzaprine's 18 hours).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotator.extraction.assertions.common import Reading
from annotator.models import Assertion, Label, Mention

# "... 2.5 hours for tizanidine": a drug at most 20 characters after the duration, joined by
# "for", "of" or "in", owns it.
OWNER_AFTER = re.compile(r"^\W{0,3}(?:for|of|in|with)\s+(?:the\s+)?$", re.I)
OWNER_WINDOW = 20
COMPARATIVE = re.compile(r"\b(longer|shorter)\s+(?:\w+\s+){0,3}?than\s*$", re.I)


def half_life(r: Reading) -> Iterator[Assertion]:
    if "half_life" not in r.cues:
        return
    drugs = [m for m in r.ann.mentions if m.label == Label.DRUG and m.concept]
    for m in r.ann.mentions:
        if m.label == Label.DURATION and _owner(r, m, drugs) in (r.drug, None):
            yield r.make("half_life", m.concept, m, "half-life+duration", polarity=True)
    for p in r.partners:  # "longer than sertraline"
        found = COMPARATIVE.search(r.text[: p.start - r.base])
        if found and p.concept and p.concept != r.drug:
            yield r.make(
                "half_life", f"{found.group(1).lower()}:{p.concept}", p, "half-life+comparison"
            )


def _owner(r: Reading, d: Mention, drugs: list[Mention]) -> str | None:
    after = [m for m in drugs if 0 <= m.start - d.end <= OWNER_WINDOW]
    if after and OWNER_AFTER.match(r.text[d.end - r.base : after[0].start - r.base]):
        return after[0].concept
    partners = {(p.start, p.end) for p in r.partners}
    before = [m for m in drugs if m.end <= d.start and (m.start, m.end) not in partners]
    if before:
        return before[-1].concept
    return None  # no drug named before it: the claim's subject
