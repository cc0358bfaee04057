"""How often an adverse effect occurs, as the claim puts it: a percentage ("13%", "more than 70
percent"), a proportion ("1 in 100", "about 3 in 10", "fewer than 2 in 100"), or a word
quantity of people ("most people", "half of users", "a quarter of patients"), read as a range
of percent [lo, hi] and compared with the label's numbers or frequency bands.

A claim about side effects in general ("side effects are uncommon", "most users have no side
effects") gets the value "any": it is wrong when the label lists a very common effect.

Numbers that are not frequencies of an effect are left alone: a claim about bioavailability, a
response rate or stopping treatment (the not_frequency cue), a relative change ("a 40%
increased risk", "raised the risk by 30-60%": RELATIVE), the numbers of a placebo group
("compared with less than one in ten on placebo": "placebo" within PLACEBO_WINDOW after the
number), and rates with another drug ("co-administered with lithium"), which are not the
label's.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import lru_cache

from annotator.extraction.assertions.common import Reading
from annotator.knowledge.datafiles import DATA_DIR, RuleDataError
from annotator.models import Assertion, Label

WORDS = {
    w: i
    for i, w in enumerate("zero one two three four five six seven eight nine ten".split(), start=0)
}
NUM = r"(\d[\d,]*(?:\.\d+)?|" + "|".join(WORDS) + r"|a hundred|a thousand)"
MORE = r"more than|over|at least|upwards of|above"
LESS = r"fewer than|less than|under|below|up to|at most|no more than"
ABOUT = r"about|around|roughly|approximately|nearly|almost|some"
BOUND = rf"(?:(?P<bound>{MORE}|{LESS}|{ABOUT})\s+)?"
PERCENT = re.compile(
    r"(?<![\w.])" + BOUND + r"(?:(?P<lo>\d+(?:\.\d+)?)\s*(?:%|percent)?\s*(?:-|–|to|and)\s*)?"
    r"(?P<n>\d+(?:\.\d+)?)\s*(?:%|percent)",
    re.I,
)
# "3 in 10", "fewer than 1 in 100", "between 4 and 16 in 100": the proportion itself, then its
# bound in the 40 characters before it (one pattern over the whole claim cost ten times more)
PROPORTION = re.compile(
    r"\b(?P<n>" + NUM[1:-1] + r")\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<of>" + NUM[1:-1] + r")\b",
    re.I,
)
BEFORE_PROPORTION = re.compile(
    r"(?:(?P<bound>" + MORE + "|" + LESS + "|" + ABOUT + r")\s+)?"
    r"(?:between\s+(?P<lo>" + NUM[1:-1] + r")\s+and\s+)?$",
    re.I,
)
EFFECT_WORD = re.compile(r"effect|reaction|event", re.I)
PEOPLE = (
    r"(?:\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+)?"
    r"(?:people|patients|users|adults|children|those|individuals|persons|men|women))"
)
# A relative change, not a share of patients: "40% increased risk", "by 30-60%", "odds ... 37%".
RELATIVE_BEFORE = re.compile(
    r"(increas\w*|decreas\w*|reduc\w*|risk|odds|\bby|significance|times)\W*(\w+\W+){0,3}$", re.I
)
RELATIVE_AFTER = re.compile(
    r"^\W*(increas\w*|decreas\w*|reduction|higher|lower|greater|more|less|rise|fall|risk|odds|relative)\b",
    re.I,
)
# "side effects are uncommon": a band word said of side effects in general
PREDICATIVE = re.compile(
    r"^\s*(?:(?:with|of|from|on)\s+[\w-]+\s+)?(?:is|are|were|tend\s+to\s+be|remain)"
    r"(?:\s+(?:a|an|very|quite|extremely|generally|usually|fairly|relatively))*\s*$",
    re.I,
)
# A placebo group's number: "placebo" at most 25 characters after it ("vs 8% on placebo").
PLACEBO_WINDOW = 25
# A frequency belongs to the effects of its clause: effects within 120 characters (a long list
# of effects before "each affect more than half of users"), or only to the effect just before
# it, at most 3 characters away ("drowsiness (38%)").
EFFECT_WINDOW = 120
ADJACENT = 3


def _load(path=DATA_DIR / "frequency.csv") -> tuple[re.Pattern, dict[str, tuple[float, float]]]:
    """One pattern for every word quantity (longest first) and the range of each phrase."""
    ranges: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            if row.get("phrase", "").startswith("#"):
                continue
            try:
                ranges[row["phrase"].lower()] = (float(row["lo"]), float(row["hi"]))
            except (KeyError, TypeError, ValueError):
                raise RuleDataError(
                    f"{path}:{line}: columns must be phrase, lo, hi (percent)"
                ) from None
    phrases = sorted(ranges, key=len, reverse=True)
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(r"\b(?P<q>" + alternation + r")" + PEOPLE, re.I), ranges


QUANTITIES, QUANTITY_RANGES = _load()


@lru_cache(maxsize=4096)  # read once per claim, not once per subject drug
def frequencies(text: str) -> tuple[tuple[float, float, int, int], ...]:
    """(lo %, hi %, start, end) of every frequency in the text."""
    low = text.lower()
    digits = any(c.isdigit() for c in text)
    out: list[tuple[float, float, int, int]] = []

    def free(s, e):
        return not any(s < oe and os < e for _, _, os, oe in out)

    proportions = (" in " in low or " out of " in low) and (digits or any(w in low for w in WORDS))
    for m in PROPORTION.finditer(text) if proportions else ():
        of = _num(m.group("of"))
        head = BEFORE_PROPORTION.search(text[max(0, m.start() - 40) : m.start()])
        start = m.start() - (len(head.group(0)) if head else 0)
        if of and free(start, m.end()):
            n = _num(m.group("n")) * 100 / of
            lo = _num(head.group("lo")) * 100 / of if head and head.group("lo") else n
            bound = head.group("bound") if head else None
            out.append((*_bounded(bound, min(lo, n), n), start, m.end()))
    for m in PERCENT.finditer(text) if digits and ("%" in text or "percent" in low) else ():
        if free(m.start(), m.end()):
            n = float(m.group("n"))
            lo = float(m.group("lo")) if m.group("lo") else n
            out.append((*_bounded(m.group("bound"), lo, n), m.start(), m.end()))
    for m in QUANTITIES.finditer(text) if any(p in low for p in QUANTITY_RANGES) else ():
        if free(m.start(), m.end()):
            lo, hi = QUANTITY_RANGES[" ".join(m.group("q").lower().split())]
            out.append((lo, hi, m.start(), m.end()))
    return tuple(out)


def _num(text: str | None) -> float:
    if not text:
        return 0.0
    text = text.lower()
    if text in WORDS:
        return float(WORDS[text])
    return {"a hundred": 100.0, "a thousand": 1000.0}.get(text) or float(text.replace(",", ""))


def _bounded(bound: str | None, lo: float, hi: float) -> tuple[float, float]:
    bound = (bound or "").lower()
    if bound and re.fullmatch(MORE, bound):
        return lo, 100.0
    if bound and re.fullmatch(LESS, bound):
        return 0.0, hi
    if bound:  # about
        return lo * 0.8, hi * 1.2
    return lo, hi


def ae_frequency(r: Reading) -> Iterator[Assertion]:
    if "not_frequency" in r.cues or any(m.concept != r.drug for m in r.partners):
        return
    effects = [m for m in r.ents if m.label == Label.ADVERSE_EFFECT and m.concept]
    if not effects and "side_effect" not in r.cues:
        return
    placebo = [c.start - r.base for c in r.cues.get("placebo", [])]
    for lo, hi, s, e in frequencies(r.text):
        if any(0 <= p - e <= PLACEBO_WINDOW for p in placebo):
            continue  # the placebo group's number
        if RELATIVE_BEFORE.search(r.text[max(0, s - 30) : s]) or RELATIVE_AFTER.match(r.text[e:]):
            continue  # a relative change
        rng = f"{lo:.3g}-{hi:.3g}%"
        for m in _effects_of(r, effects, s):
            yield r.make(
                "ae_frequency", m.concept, m, "effect+frequency", qualifier=rng, polarity=True
            )
        cue = _effect_cue(r)
        if not effects and cue is not None:
            if r.negated(cue):  # "most users have no side effects": the rest have some
                rng = f"{100 - hi:.3g}-{100 - lo:.3g}%"
            yield r.make(
                "ae_frequency", "any", cue, "side-effects+frequency", qualifier=rng, polarity=True
            )
    yield from _in_general(r, effects)
    yield from _said_of_effects(r, effects)


# "dizziness is really common", "nausea and wind are also common": a band word said of an effect
# after a copula (with no "side effects" cue, which the uses reader reads)
BAND_AFTER = re.compile(
    r"^\s*(?:with\s+[\w-]+\s+)?(?:is|are|was|were)\s+(?:also\s+|really\s+|very\s+|quite\s+|"
    r"fairly\s+|pretty\s+|relatively\s+|the\s+)*$",
    re.I,
)


def _said_of_effects(r: Reading, effects) -> Iterator[Assertion]:
    if not effects or "side_effect" in r.cues:
        return
    for word in r.cues.get("frequent", []) + r.cues.get("rare", []):
        before = [m for m in effects if m.end <= word.start]
        if not before or not BAND_AFTER.match(
            r.text[before[-1].end - r.base : word.start - r.base]
        ):
            continue
        low = word in r.cues.get("rare", [])
        band = (
            "rare" if low else "most_common" if word.text.lower().startswith("most") else "frequent"
        )
        if band == "most_common" and len(effects) > 1:
            band = "frequent"  # "X, Y and Z are the most common": each is merely frequent
        for m in effects:
            yield r.make(
                "adverse_effect", m.concept, m, "effect+band", qualifier=band, polarity=True
            )
        return


def _effects_of(r: Reading, effects, at: int):
    """The effects a number at `at` counts: the one just before it ("drowsiness (38%)"), else
    every effect of its clause within EFFECT_WINDOW ("X and Y each affect half of users")."""
    before = [m for m in effects if 0 <= at - (m.end - r.base) <= ADJACENT]
    if before:
        return before[-1:]
    return [m for m in effects if abs((m.start - r.base) - at) <= EFFECT_WINDOW]


def _effect_cue(r: Reading):
    """The side-effect cue that names effects ("side effects", "adverse reactions"), not a verb
    of a list ("experience", "include"), or None."""
    return next((c for c in r.cues.get("side_effect", []) if EFFECT_WORD.search(c.text)), None)


def _in_general(r: Reading, effects) -> Iterator[Assertion]:
    """ "Side effects are rare / uncommon / common", with no effect named: a band word said of
    side effects (after a copula), not one that picks some out ("common side effects include")."""
    cue = _effect_cue(r)
    words = r.cues.get("rare", []) + r.cues.get("frequent", [])
    if effects or cue is None or not words or frequencies(r.text):
        return
    said = [
        w
        for w in words
        if w.start >= cue.end and PREDICATIVE.match(r.text[cue.end - r.base : w.start - r.base])
    ]
    if not said or said[0].text.lower().startswith("most"):
        return
    word = said[0]
    low = word in r.cues.get("rare", [])
    if r.negated(word):
        low = not low
    yield r.make(
        "ae_frequency",
        "any",
        cue,
        "side-effects+band",
        qualifier="0-1%" if low else "10-100%",
        polarity=True,
    )
