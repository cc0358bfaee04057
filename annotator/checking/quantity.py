"""Quantity comparisons: maximum and starting doses, duration limits, half-lives.

Doses are compared per day in mg (extraction normalises "20 mg four times daily" to
"80 mg/day"); a single dose above the daily maximum is flagged too. Half-lives vary between
sources, so only a claim off by more than 2x is inconsistent.
"""

from __future__ import annotations

import re
from dataclasses import replace

from annotator.checking.base import AMOUNT, Judgement, Lookup
from annotator.checking.registry import compares
from annotator.models import Assertion, Verdict


@compares("max_daily_dose")
def max_daily_dose(table: Lookup, a: Assertion) -> Judgement:
    amount, per = _dose(a.value)
    facts = table.facts(a, "max_daily_dose")
    limits = [(f, _amount_mg(f.value)) for f in facts]
    limits = [(f, v) for f, v in limits if v is not None]
    if amount is None or not limits:
        return table.none(a, "maximum dose")
    fact, limit = max(limits, key=lambda fv: fv[1])
    claimed = f"{amount:g} mg/{per}"
    if amount > limit:
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            (fact,),
            f"{claimed} exceeds the maximum of {limit:g} mg/day",
            claimed,
        )
    if a.qualifier == "max" and per == "day" and amount < limit:
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            (fact,),
            f"states a maximum of {claimed}; the reference maximum is {limit:g} mg/day",
        )
    if per == "dose" and a.qualifier != "max":
        return Judgement(
            Verdict.UNVERIFIED, a, (), "a single dose; daily total not stated", neutral=True
        )
    return Judgement(
        Verdict.CONSISTENT, a, (fact,), f"{claimed} is within the maximum of {limit:g} mg/day"
    )


@compares("starting_dose")
def starting_dose(table: Lookup, a: Assertion) -> Judgement:
    amount, per = _dose(a.value)
    over = max_daily_dose(table, replace(a, attribute="max_daily_dose"))
    if over.status == Verdict.INCONSISTENT:
        return over
    starts = [(f, _amount_mg(f.value)) for f in table.facts(a, "starting_dose")]
    starts = [(f, v) for f, v in starts if v is not None]
    if amount is None or not starts:
        return over if over.status == Verdict.CONSISTENT else table.none(a, "starting dose")
    fact, start = starts[0]
    if per == "dose":  # a single dose at most the daily start is consistent with it
        if amount <= start:
            return Judgement(Verdict.CONSISTENT, a, (fact,), "starting dose within the reference")
        return table.none(a, "starting dose")
    if amount > start:
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            (fact,),
            f"starts at {amount:g} mg/day; the reference starts at {start:g} mg/day",
            f"{amount:g} mg/day",
        )
    return Judgement(Verdict.CONSISTENT, a, (fact,), "starting dose as in the reference")


@compares("duration_limit")
def duration_limit(table: Lookup, a: Assertion) -> Judgement:
    facts = table.facts(a)
    if not facts:
        return table.none(a, "duration limit")
    if a.polarity:
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(facts),
            "presents long-term use; the reference limits use to short periods",
            "long-term use",
        )
    return Judgement(Verdict.CONSISTENT, a, tuple(facts), "respects the duration limit")


@compares("half_life")
def half_life(table: Lookup, a: Assertion) -> Judgement:
    """Sources disagree on half-lives, so only a claim off by more than 2x is flagged."""
    claimed = _hours(a.value)
    facts = [(f, _hours(f.value)) for f in table.facts(a)]
    facts = [(f, r) for f, r in facts if r]
    if not claimed or not facts:
        return table.none(a, "half-life")
    fact, (lo, hi) = facts[0]
    c_lo, c_hi = claimed
    if c_hi < lo / 2 or c_lo > hi * 2:
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            (fact,),
            f"a half-life of {a.value} is far from the reference {fact.value}",
            a.value,
        )
    return Judgement(Verdict.CONSISTENT, a, (fact,), f"half-life close to {fact.value}")


def _hours(value: str) -> tuple[float, float] | None:
    m = re.match(r"^([\d.]+)(?:\s*-\s*([\d.]+))?\s*(h|hours?|days?)$", value.strip())
    if not m:
        return None
    factor = 24 if m.group(3).startswith("day") else 1
    lo = float(m.group(1)) * factor
    return lo, (float(m.group(2)) * factor if m.group(2) else lo)


def _dose(value: str) -> tuple[float | None, str]:
    m = re.match(r"^([\d.]+) mg/(day|dose)$", value)
    return (float(m.group(1)), m.group(2)) if m else (None, "")


def _amount_mg(value: str) -> float | None:
    m = AMOUNT.match(value)
    if not m:
        return None
    unit = m.group(2).lower()
    factor = {"mg": 1, "g": 1000, "mcg": 0.001}.get(unit)
    return float(m.group(1)) * factor if factor else None
