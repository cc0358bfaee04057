"""Quantity comparisons: maximum and starting doses, duration limits, half-lives.

Doses are compared in mg (extraction normalises "20 mg four times daily" to "80 mg/day" and a
lone "10 mg" to "10 mg/dose"); a fact value is per day unless it says "/dose" ("2 mg/dose":
tizanidine starts with one 2 mg dose). A drug can have several facts of one kind (gabapentin
starts at 300 mg a day for shingles pain and 900 mg a day for epilepsy), so a claim is compared
with all the facts that hold for its population, product and indication: consistent when one
supports it, inconsistent only when every one contradicts it, never decided by row order.
Half-lives vary between sources, so only a claim off by more than 2x from every fact is flagged.
"""

from __future__ import annotations

import re
from dataclasses import replace

from annotator.checking.base import AMOUNT, Judgement, Lookup
from annotator.checking.registry import compares
from annotator.models import Assertion, Fact, Verdict

# Two amounts within 1% are the same dose (rounding of "0.5 g" vs "500 mg").
SAME = 0.01


@compares("max_daily_dose")
def max_daily_dose(table: Lookup, a: Assertion) -> Judgement:
    amount, per = _dose(a.value)
    limits = _amounts(_by_indication(table.facts(a, "max_daily_dose"), a))
    if amount is not None and not limits:
        return _above_every_population(table, a, amount, per) or table.none(a, "maximum dose")
    if amount is None:
        return table.none(a, "maximum dose")
    claimed, top = f"{amount:g} mg/{per}", max(v for _, v, _ in limits)
    if all(amount > v for _, v, _ in limits):
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            _facts(limits),
            f"{claimed} exceeds the maximum of {top:g} mg/day",
            claimed,
        )
    if a.qualifier == "max" and per == "day":
        same = [f for f, v, _ in limits if _same(amount, v)]
        if same:
            return Judgement(Verdict.CONSISTENT, a, tuple(same), f"a maximum of {claimed}")
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            _facts(limits),
            f"states a maximum of {claimed}; the reference maximum is {top:g} mg/day",
        )
    if per == "dose" and a.qualifier != "max":
        return Judgement(
            Verdict.UNVERIFIED, a, (), "a single dose; daily total not stated", neutral=True
        )
    within = tuple(f for f, v, _ in limits if amount <= v)
    return Judgement(
        Verdict.CONSISTENT, a, within, f"{claimed} is within the maximum of {top:g} mg/day"
    )


def _above_every_population(table: Lookup, a: Assertion, amount: float, per: str):
    """No maximum holds for the claimed population or product, but the claim exceeds the
    maximum for every one the reference has: no patient group may take that much."""
    every = _amounts(table.ref.facts_for(a.drug, "max_daily_dose"))
    if every and all(amount > v for _, v, _ in every):
        top = max(v for _, v, _ in every)
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            _facts(every),
            f"{amount:g} mg/{per} exceeds the maximum for any population or product in the "
            f"reference ({top:g} mg/day)",
            f"{amount:g} mg/{per}",
        )
    return None


@compares("starting_dose")
def starting_dose(table: Lookup, a: Assertion) -> Judgement:
    """A start above every labelled start is wrong; one below it is a lower start, which is
    not an error by itself (unverified) unless the claim calls it the usual start."""
    amount, per = _dose(a.value)
    over = max_daily_dose(table, replace(a, attribute="max_daily_dose"))
    if over.status == Verdict.INCONSISTENT:
        return over
    starts = _amounts(_by_indication(table.facts(a, "starting_dose"), a))
    if amount is None or not starts:
        return table.none(a, "starting dose")
    pool = [(f, v, p) for f, v, p in starts if p == per]
    unit = _unit_mg(a.evidence)
    if not pool and per == "day" and unit is not None:
        # "10 mg three times a day" against a start given per dose: compare the 10 mg
        amount, per = unit, "dose"
        pool = [(f, v, p) for f, v, p in starts if p == per]
    if not pool:
        shown = ", ".join(f"{v:g} mg/{p}" for _, v, p in starts)
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            _facts(starts),
            f"the reference gives the starting dose per {starts[0][2]} ({shown}); "
            f"the claim gives it per {per}",
        )
    claimed = f"{amount:g} mg/{per}"
    same = tuple(f for f, v, _ in pool if _same(amount, v))
    if same:
        return Judgement(Verdict.CONSISTENT, a, same, "starting dose as in the reference")
    shown = " or ".join(f"{v:g} mg/{per}" for _, v, _ in pool)
    if all(amount > v for _, v, _ in pool):
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            _facts(pool),
            f"starts at {claimed}; the reference starts at {shown}",
            claimed,
        )
    if all(amount < v for _, v, _ in pool) and a.qualifier == "usual_start":
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            _facts(pool),
            f"calls {claimed} the usual start; the reference starts at {shown}",
            claimed,
        )
    return Judgement(
        Verdict.UNVERIFIED,
        a,
        _facts(pool),
        f"{claimed} is not the labelled starting dose ({shown}); a lower start is not an "
        "error by itself",
    )


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
    """Sources disagree on half-lives, so only a claim off by more than 2x is flagged; a claim
    that one drug's half-life is longer (shorter) than another's needs their ranges apart."""
    if ":" in a.value:
        return _compared(table, a)
    claimed = _hours(a.value)
    facts = [(f, _hours(f.value)) for f in table.facts(a)]
    facts = [(f, r) for f, r in facts if r]
    if not claimed or not facts:
        return table.none(a, "half-life")
    c_lo, c_hi = claimed
    close = tuple(f for f, (lo, hi) in facts if not (c_hi < lo / 2 or c_lo > hi * 2))
    if close:
        return Judgement(Verdict.CONSISTENT, a, close, f"half-life close to {close[0].value}")
    shown = " or ".join(f.value for f, _ in facts)
    return Judgement(
        Verdict.INCONSISTENT,
        a,
        tuple(f for f, _ in facts),
        f"a half-life of {a.value} is far from the reference {shown}",
        a.value,
    )


def _compared(table: Lookup, a: Assertion) -> Judgement:
    way, other = a.value.split(":", 1)
    mine = [(f, _hours(f.value)) for f in table.facts(a)]
    theirs = [(f, _hours(f.value)) for f in table.ref.facts_for(other, "half_life")]
    mine, theirs = [(f, r) for f, r in mine if r], [(f, r) for f, r in theirs if r]
    if not mine or not theirs:
        return table.none(a, "half-life")
    lo, hi = min(r[0] for _, r in mine), max(r[1] for _, r in mine)
    olo, ohi = min(r[0] for _, r in theirs), max(r[1] for _, r in theirs)
    facts = tuple(f for f, _ in mine + theirs)
    longer, shorter = lo > ohi, hi < olo
    name, other_name = table.ref.display(a.drug), table.ref.display(other)
    if (way == "longer" and longer) or (way == "shorter" and shorter):
        return Judgement(
            Verdict.CONSISTENT, a, facts, f"{name}'s half-life is {way} than {other_name}'s"
        )
    if (way == "longer" and shorter) or (way == "shorter" and longer):
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            facts,
            f"says {name}'s half-life is {way} than {other_name}'s; the reference says the "
            "opposite",
            f"{way} than {other_name}",
        )
    return table.none(a, "half-life")


def _by_indication(facts: list[Fact], a: Assertion) -> list[Fact]:
    """Dose facts for an indication (qualifier cond:...) the claim names, when it names one
    ("for shingles pain, start at ..."); else all of them."""
    named = [f for f in facts if f.qualifier and f.qualifier in a.conditions]
    return named or facts


def _amounts(facts) -> list[tuple[Fact, float, str]]:
    """(fact, mg, 'day' | 'dose') for facts whose value is a dose."""
    out = []
    for f in facts:
        mg = _amount_mg(f.value)
        if mg is not None:
            out.append((f, mg, "dose" if f.value.endswith("/dose") else "day"))
    return out


def _facts(rows) -> tuple[Fact, ...]:
    return tuple(f for f, *_ in rows)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= SAME * max(a, b)


def _hours(value: str) -> tuple[float, float] | None:
    m = re.match(r"^([\d.]+)(?:\s*-\s*([\d.]+))?\s*(h|hours?|days?)$", value.strip())
    if not m:
        return None
    factor = 24 if m.group(3).startswith("day") else 1
    lo = float(m.group(1)) * factor
    return lo, (float(m.group(2)) * factor if m.group(2) else lo)


UNIT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(mg|milligrams?|mcg|micrograms?|g|grams?)\b", re.I)


def _unit_mg(evidence: str) -> float | None:
    """The amount of one dose in a dose phrase ("10 mg three times a day" -> 10)."""
    m = UNIT.search(evidence)
    if not m:
        return None
    unit = m.group(2).lower()
    factor = 0.001 if unit.startswith(("mc", "micro")) else 1000 if unit.startswith("g") else 1
    return float(m.group(1).replace(",", "")) * factor


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
