"""How often and when: dosing frequency ("once a day", "every 6 to 8 hours", "three times
daily", "a once-a-week injection") and timing rules ("wait 14 days after stopping an MAOI",
"liver damage appears in the first week").

Frequencies are read as doses per day, a range [lo, hi]. A claim about the first days of
titration ("300 mg once on day one, then twice a day") is not a claim about the regimen, so a
claim with a start or titration cue gives no frequency. Timing needs a span of time and what it
is about: a partner drug or class (a gap before or after it) or an adverse effect or warning
(when it appears).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotator.extraction.assertions.common import Reading
from annotator.extraction.assertions.quantities import DOSING, NOT_DOSING
from annotator.extraction.entities import DOSE, mg_per_unit, number
from annotator.models import Assertion, Label, Mention

N = r"(\d{1,2}|one|two|three|four|five|six|eight|twelve|twenty-four)"
WORD = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "eight": 8,
    "twelve": 12,
    "twenty-four": 24,
}
TIMES = {"once": 1, "twice": 2, "thrice": 3}
# "once a day", "twice daily", "3 times a day", "once-daily", "every 6 to 8 hours", "once a week"
PER = r"(?:a|per|each|every)?[\s-]*"
FREQUENCY = re.compile(
    r"\b(?:(?P<times>once|twice|thrice|"
    + N
    + r"(?:\s*(?:-|to)\s*"
    + N
    + r")?\s+times)[\s-]*"
    + PER
    + r"(?P<unit>day|daily|week|weekly|24\s*hours)"
    r"|every\s+(?P<h1>"
    + N[1:-1]
    + r")(?:\s*(?:-|to|or)\s*(?P<h2>"
    + N[1:-1]
    + r"))?\s*(?:hours|hrs|h)\b"
    r"|every\s+(?:an?\s+)?(?P<hour>hour)(?:\s+or\s+(?P<h3>two|2))?\b"
    r"|(?P<abbr>\bBID\b|\bTID\b|\bQID\b|\bb\.i\.d\.|\bt\.i\.d\.|\bq\.i\.d\.))",
    re.I,
)
BEDTIME = re.compile(
    r"^[\s,]*(?:and|plus)\s+(?:once\s+|one\s+|a\s+dose\s+)?at\s+(?:bedtime|night)", re.I
)
# Words every frequency has (a substring test before the patterns: most claims have none).
FREQUENCY_WORDS = ("once", "twice", "thrice", "times", "every", "daily", "weekly", "bid", "tid")
FREQUENCY_WORDS += ("qid", "i.d.", "doses")
UP_TO = re.compile(r"\b(?:up to|no more than|at most|maximum of)\s+" + N + r"\s+doses", re.I)
ABBR = {"bid": 2, "b.i.d.": 2, "tid": 3, "t.i.d.": 3, "qid": 4, "q.i.d.": 4}
# A span of time: "14 days", "two weeks", "24 hours", "a month", and windows "in the first week",
# "between the third and twelfth month".
SPAN = re.compile(
    r"\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|ten|fourteen|a|an)\s*(?P<u>hours?|days?|weeks?|months?)\b",
    re.I,
)
ORDINAL = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "sixth": 6,
    "twelfth": 12,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "6th": 6,
    "12th": 12,
}
WINDOW = re.compile(
    r"\b(?:in|within|during)\s+the\s+first\s+(?P<u1>few\s+weeks|weeks|week|months|month|few\s+days|days)\b"
    r"|\bbetween\s+the\s+(?P<a>\w+)\s+and\s+(?:the\s+)?(?P<b>\w+)\s+(?P<u2>week|month)",
    re.I,
)
DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30}


def dosing_frequency(r: Reading) -> Iterator[Assertion]:
    """Doses per day; with a single dose named ("800 mg every 4 hours", "two 350 mg tablets
    four times a day") also the daily total it makes, as a dose to compare with the maximum."""
    low = r.text.lower()
    if not any(w in low for w in FREQUENCY_WORDS):
        return  # no frequency word: most claims
    if any(c in r.cues for c in ("starting", "titration", "dose_change")):
        return  # titration and dose changes: not the regimen
    if NOT_DOSING.search(r.text) or dated(r):
        return  # pharmacokinetic studies, history
    forms = any(m.label in (Label.PRODUCT, Label.DOSE) for m in r.ents)
    if not (forms or DOSING.search(r.text)):
        return
    found = [(m, _per_day(m)) for m in FREQUENCY.finditer(r.text)]
    found = [(m, rng) for m, rng in found if rng]
    cap = UP_TO.search(r.text)
    if cap and not found:
        found = [(cap, (1.0, float(_n(cap.group(1)))))]
    if not found:
        return
    lo = min(rng[0] for _, rng in found)
    hi = max(rng[1] for _, rng in found)
    if BEDTIME.search(r.text[found[-1][0].end() :]):  # "three times a day and at bedtime"
        lo, hi = lo + 1, hi + 1
    if cap:
        hi = min(hi, float(_n(cap.group(1))))
        lo = min(lo, hi)
    anchor = _span(r, found[0][0])
    value = f"{lo:.3g}/day" if lo == hi else f"{lo:.3g}-{hi:.3g}/day"
    yield r.make("dosing_frequency", value, anchor, "frequency", polarity=True)
    if "maximum" in r.cues:
        return  # "200-400 mg every 4-6 hours, not more than 1200 mg in 24 hours": capped
    first = found[0][0]
    before = [
        m
        for m in r.ents
        if m.label == Label.DOSE
        and (m.concept or "").endswith("/dose")
        and 0 <= r.base + first.start() - m.end <= DOSE_TO_FREQUENCY
    ]
    if before:  # the least the claim can mean: the smaller dose, the fewer doses a day
        d = before[-1]
        daily = f"{smallest_dose(d.text) * lo:g} mg/day"
        yield r.make("max_daily_dose", daily, d, "dose×frequency", polarity=True)


def timing(r: Reading) -> Iterator[Assertion]:
    """A gap around a partner ("14 days after stopping an MAOI") or the onset window of an
    effect ("appears in the first week")."""
    partners = [m for m in r.partners if m.concept] + [
        m for m in r.ents if m.label == Label.DRUG_CLASS and m.concept
    ]
    effects = [m for m in r.ents if m.label == Label.ADVERSE_EFFECT and m.concept] + [
        m for m in r.terms if m.concept.startswith("warn:")
    ]
    if partners and re.search(
        r"\b(after|before|wait|within|stopping|stopped|last dose)\b", r.text, re.I
    ):
        for s in SPAN.finditer(r.text):
            days = _days(s.group("n"), s.group("u"))
            for m in partners[:1]:
                yield r.make(
                    "timing",
                    f"{days:.3g} days",
                    m,
                    "gap+partner",
                    qualifier=m.concept,
                    polarity=True,
                )
            return
    if effects:
        window = _window(r.text)
        if window:
            lo, hi = window
            for m in effects[:1]:
                yield r.make(
                    "timing",
                    f"{lo:.3g}-{hi:.3g} days",
                    m,
                    "onset+effect",
                    qualifier=m.concept,
                    polarity=True,
                )


# A single dose and the frequency right after it make a daily total: "800 mg every 4 hours",
# "two 350 mg Soma tablets four times a day" (at most 40 characters, about six words, apart).
DOSE_TO_FREQUENCY = 40


def smallest_dose(text: str) -> float:
    """mg in the smaller reading of a dose phrase: "200 to 400 mg" -> 200, "two 350 mg
    tablets" -> 700."""
    m = DOSE.search(text)
    if not m:
        return 0.0
    amount = number(m.group("amount")) * (number(m.group("count")) if m.group("count") else 1)
    return amount * mg_per_unit(m.group("unit"))


YEAR = re.compile(r"\b(18|19|20)\d{2}\b")


def dated(r: Reading) -> bool:
    """A claim with a year or another jurisdiction is history or law elsewhere ("approved in
    2009", "reclassified in Canada"), not what the label says the product is."""
    return bool(YEAR.search(r.text)) or "jurisdiction" in r.cues


def _per_day(m: re.Match) -> tuple[float, float] | None:
    if m.group("abbr"):
        n = ABBR[m.group("abbr").lower()]
        return float(n), float(n)
    if m.group("hour"):  # "every hour", "every hour or two"
        return (12.0 if m.group("h3") else 24.0), 24.0
    if m.group("h1"):
        a, b = _n(m.group("h1")), _n(m.group("h2") or m.group("h1"))
        return (24 / b, 24 / a) if a else None
    times = m.group("times").lower()
    if times in TIMES:
        lo = hi = TIMES[times]
    else:
        nums = re.findall(N, times, re.I)
        lo, hi = _n(nums[0]), _n(nums[-1])
    per_week = m.group("unit").lower().startswith("week")
    return (lo / 7, hi / 7) if per_week else (float(lo), float(hi))


def _n(text: str) -> int:
    text = text.lower()
    return WORD[text] if text in WORD else int(text)


def _days(n: str, unit: str) -> float:
    count = (
        1
        if n.lower() in ("a", "an")
        else _n(n)
        if n.lower() in WORD
        else {"seven": 7, "ten": 10, "fourteen": 14}.get(n.lower()) or int(n)
    )
    return count * DAYS[unit.lower().rstrip("s")]


def _window(text: str) -> tuple[float, float] | None:
    m = WINDOW.search(text)
    if not m:
        return None
    if m.group("u1"):
        unit = m.group("u1").lower()
        return {"week": (0.0, 7.0), "month": (0.0, 30.0), "months": (0.0, 90.0)}.get(
            unit, (0.0, 28.0) if "week" in unit else (0.0, 5.0)
        )
    a, b = ORDINAL.get(m.group("a").lower()), ORDINAL.get(m.group("b").lower())
    if not (a and b):
        return None
    size = DAYS[m.group("u2").lower()]
    return a * size, b * size  # "between the 3rd and 12th month": 3-12 months


def _span(r: Reading, m: re.Match) -> Mention:
    """The matched words as a mention (document offsets), for the assertion's negation,
    certainty and qualifiers."""
    return Mention(r.base + m.start(), r.base + m.end(), m.group(0), Label.CUE, "cue:frequency")
