"""How often and when: dosing frequency, timing rules, effect directions and metabolites.

- Frequency: doses per day against the label's range for the claim's product and population
  ("3/day"; "continuous" for an infusion pump). Within the range is consistent; far outside it
  (below half the lowest, or above 1.5 times the highest: once a day for a three-times-daily
  drug) inconsistent; near it, unverified.
- Timing: a gap around a partner is wrong when it is shorter than the label's (2 days after an
  MAOI where the label says 14); an onset window is wrong when it does not meet the label's
  ("in the first week" where hepatitis appears between the 3rd and 12th month).
- Direction: the same effect: term is consistent, another one of its exclusive group (the
  other direction of the same measure) inconsistent; facts about withdrawal decide only claims
  about stopping.
- Metabolite: a listed metabolite is consistent, another drug inconsistent when the list is
  complete, and "X is a metabolite of Y" wrong when Y is a metabolite of X.
"""

from __future__ import annotations

from annotator.checking.base import Judgement, Lookup
from annotator.checking.registry import compares
from annotator.models import Assertion, Verdict

FAR_BELOW, FAR_ABOVE = 2.0, 1.5
CLOSE = 0.75  # a gap at least 75% of the label's is "about" it (two weeks for 14 days)


@compares("dosing_frequency")
def dosing_frequency(table: Lookup, a: Assertion) -> Judgement:
    facts = table.facts(a)
    if not facts:
        return table.none(a, "dosing frequency")
    lo, hi = per_day(a.value)
    shown = _times(lo, hi)
    continuous = [f for f in facts if f.value == "continuous"]
    ranges = [(f, per_day(f.value)) for f in facts if f.value != "continuous"]
    fits = [f for f, (flo, fhi) in ranges if flo <= lo and hi <= fhi * 1.001]
    if fits:
        return Judgement(Verdict.CONSISTENT, a, tuple(fits), f"{shown}, as the label says")
    label = "; ".join(
        "continuous infusion" if f.value == "continuous" else _times(*per_day(f.value))
        for f in facts
    )
    far = all(hi * FAR_BELOW < flo or lo > fhi * FAR_ABOVE for _, (flo, fhi) in ranges)
    if far:
        return Judgement(
            Verdict.INCONSISTENT, a, tuple(facts), f"{shown}; the label says {label}", shown
        )
    if continuous and not ranges:
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(continuous),
            "the label gives it by continuous infusion, not in separate doses",
            shown,
        )
    return Judgement(Verdict.UNVERIFIED, a, tuple(facts), f"{shown}; the label says {label}")


@compares("timing")
def timing(table: Lookup, a: Assertion) -> Judgement:
    ref = table.ref
    facts = [
        f
        for f in table.facts(a)
        if a.qualifier
        and (
            ref.related(a.qualifier, f.qualifier)
            or table.partner_matches(a.qualifier, f.qualifier)
            or table.topic_matches(a.qualifier, f.qualifier)
        )
    ]
    if not facts:
        return table.none(a, "timing rule")
    lo, hi = days(a.value)
    label = " or ".join(f.value for f in facts)
    if a.rule.startswith("gap"):
        need = max(days(f.value)[1] for f in facts)
        if hi < need * CLOSE:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts),
                f"a gap of {a.value}; the label requires {label}",
                a.value,
            )
        if lo <= need * 1.25:
            return Judgement(
                Verdict.CONSISTENT, a, tuple(facts), f"a gap of {a.value}, as the label says"
            )
        return Judgement(
            Verdict.UNVERIFIED, a, tuple(facts), f"a gap of {a.value}; the label says {label}"
        )
    windows = [days(f.value) for f in facts]
    if any(flo <= lo and hi <= fhi for flo, fhi in windows):
        return Judgement(Verdict.CONSISTENT, a, tuple(facts), f"within {label}, as the label says")
    if all(hi < flo / 2 or lo > fhi * 2 for flo, fhi in windows):
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(facts),
            f"says {a.value}; the label says {label}",
            a.value,
        )
    return Judgement(Verdict.UNVERIFIED, a, tuple(facts), f"says {a.value}; the label says {label}")


@compares("effect_direction")
def effect_direction(table: Lookup, a: Assertion) -> Judgement:
    ref = table.ref
    facts = [f for f in table.facts(a) if f.qualifier == a.qualifier and f.polarity]
    shown = ref.display(a.value)
    same = [f for f in facts if f.value == a.value]
    other = [f for f in facts if ref.excludes(a.value, f.value)]
    if same:
        status = Verdict.CONSISTENT if a.polarity else Verdict.INCONSISTENT
        return Judgement(
            status,
            a,
            tuple(same),
            f"{'' if a.polarity else 'denies: '}{shown}, which the reference states",
            shown,
        )
    if other:
        status = Verdict.INCONSISTENT if a.polarity else Verdict.CONSISTENT
        return Judgement(
            status,
            a,
            tuple(other),
            f"says it {shown}; the reference says it {ref.display(other[0].value)}",
            shown,
        )
    return table.none(a, "effect direction")


@compares("metabolite")
def metabolite(table: Lookup, a: Assertion) -> Judgement:
    ref = table.ref
    shown = ref.display(a.value)
    if a.qualifier == "of":  # "X is a metabolite of Y": Y's facts must not name X
        reverse = [f for f in ref.facts_for(a.value, "metabolite") if f.value == a.drug]
        mine = [f for f in table.facts(a) if f.value == a.value]
        if mine:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(mine),
                f"{ref.display(a.drug)} is metabolised to {shown}, not the reverse",
                shown,
            )
        if reverse:
            return Judgement(Verdict.CONSISTENT, a, tuple(reverse), "as the reference says")
        return table.none(a, "metabolite")
    facts = [f for f in table.facts(a) if f.polarity]
    same = [f for f in facts if f.value == a.value]
    if same:
        status = Verdict.CONSISTENT if a.polarity else Verdict.INCONSISTENT
        return Judgement(status, a, tuple(same), f"metabolised to {shown}", shown)
    if facts and all(f.qualifier == "complete" for f in facts) and a.polarity:
        listed = ", ".join(ref.display(f.value) for f in facts)
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(facts),
            f"not metabolised to {shown}: its metabolite is {listed}",
            shown,
        )
    return table.none(a, "metabolite")


def _times(lo: float, hi: float) -> str:
    """3 a day, 1-3 a day, 1 a week."""
    if hi < 1:
        lo, hi, unit = lo * 7, hi * 7, "a week"
    else:
        unit = "a day"
    return f"{lo:.2g} {unit}" if lo == hi else f"{lo:.2g}-{hi:.2g} {unit}"


def per_day(value: str) -> tuple[float, float]:
    """'1-3/day' -> (1, 3); '1/week' -> (1/7, 1/7)."""
    body, _, unit = value.partition("/")
    lo, _, hi = body.partition("-")
    scale = 1 / 7 if unit == "week" else 1.0
    return float(lo) * scale, float(hi or lo) * scale


def days(value: str) -> tuple[float, float]:
    """'14 days' -> (14, 14); '3-12 months' -> (90, 360); '48 h' -> (2, 2)."""
    number, _, unit = value.partition(" ")
    lo, _, hi = number.partition("-")
    scale = {
        "h": 1 / 24,
        "hours": 1 / 24,
        "days": 1,
        "day": 1,
        "weeks": 7,
        "week": 7,
        "months": 30,
        "month": 30,
    }.get(unit, 1)
    return float(lo) * scale, float(hi or lo) * scale
