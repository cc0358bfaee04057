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
# further away the cue belongs to another dose of the sentence.
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
        attr = "starting_dose" if kind == "start" else "max_daily_dose"
        yield r.make(attr, m.concept, m, "dose", qualifier=kind, polarity=True)
