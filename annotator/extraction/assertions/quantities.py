"""Doses: a dose mention in a dosing sentence, read as a maximum or a starting dose.

Doses arrive normalised by extraction.entities ("20 mg four times daily" -> "80 mg/day",
"a single 350 mg tablet" -> "350 mg/dose"); here only the kind of dose is decided.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotator.extraction.assertions.common import Reading
from annotator.models import Assertion, Label

DOSING = re.compile(
    r"\b(take|takes|taken|taking|dose|doses|dosing|dosage|prescribed|"
    r"recommended|maximum|max|up to|start\w*|initial\w*|daily|a day|per day|"
    r"exceed\w*|titrat\w*|increase\w*|given|administer\w*|limit)\b",
    re.I,
)
# Amounts that are not doses someone takes: molar masses, lethal doses, study arms.
NOT_DOSING = re.compile(
    r"\b(bioavailab\w*|lethal|LD50|overdos\w*|toxic\w*|fatal\w*|"
    r"poison\w*|molar|molecular|solub\w*|half-life|plasma|concentration|"
    r"study|studies|trial|trials|mice|rats|animals)\b",
    re.I,
)
# Recreational dose tiers ("Light: 5-10 mg", "Strong: 50-100 mg") rate how strongly a dose is
# felt; they are not dosing statements.
DOSE_TIER = re.compile(r"(?:^|\s)(?:threshold|light|common|strong|heavy)\s*:\s*\d", re.I)
# The nearest "maximum"/"start" cue before a dose decides its kind when it is within 60
# characters (about ten words: "the maximum recommended daily dose for adults is 80 mg");
# further away the cue belongs to another dose of the sentence. A "usual"/"recommended" cue in
# the same window makes a start the usual one, which a lower dose contradicts; a titration word
# between the start cue and the dose ("rising to", "then") makes it a later dose.
DOSE_CUE_WINDOW = 60


def doses(r: Reading) -> Iterator[Assertion]:
    if not DOSING.search(r.text) or NOT_DOSING.search(r.text) or DOSE_TIER.search(r.text):
        return  # molar masses, lethal doses, study arms: not dosing claims
    marks = [(c, "max") for c in r.cues.get("maximum", [])]
    marks += [(c, "start") for c in r.cues.get("starting", [])]
    for m in r.ents:
        if m.label != Label.DOSE:
            continue
        before = [(m.start - c.end, k) for c, k in marks if c.end <= m.start + 1]
        distance, kind = min(before, default=(10**9, ""))
        kind = kind if distance <= DOSE_CUE_WINDOW else ""
        if kind == "start" and any(
            m.start - distance <= c.start and c.end <= m.start
            for c in r.cues.get("titration", []) + doses_before(r, m)
        ):
            # "starts at 300 mg, rising to 900 mg", "on the first day 300 mg, then 600 mg":
            # only the first dose after the start cue is the start
            kind = ""
        if kind == "start" and any(
            0 <= m.start - c.end <= DOSE_CUE_WINDOW for c in r.cues.get("usual", [])
        ):
            kind = "usual_start"  # "the usual starting dose is ...": a lower one is wrong
        attr = "max_daily_dose" if kind in ("max", "") else "starting_dose"
        yield r.make(attr, m.concept, m, "dose", qualifier=kind, polarity=True)


def doses_before(r: Reading, m) -> list:
    """The dose mentions of the claim that end before `m` starts."""
    return [d for d in r.ents if d.label == Label.DOSE and d.end <= m.start]
