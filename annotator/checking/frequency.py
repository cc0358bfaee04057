"""How often an effect occurs: a claimed range of percent against the label's numbers
(ae_frequency facts, e.g. drowsiness "10-63%") or, when the label gives none, its frequency
band (the adverse_effect fact's qualifier: very common >= 10%, common 1-10%, ...).

Labels pool trials and round, so a claim is consistent when it lies within the label's range
give or take CLOSE (or is a bound the label's range meets: "most people" for 53%), inconsistent
only when it is more than FAR times away from every range the label gives for that effect (and
product), and unverified in between. "Side effects are rare"
(the value "any") is wrong when the label lists an effect in 10% of patients or more.
"""

from __future__ import annotations

from annotator.checking.base import Judgement, Lookup
from annotator.checking.registry import compares
from annotator.models import Assertion, Fact, Verdict

BANDS = {
    "very_common": (10.0, 100.0),
    "common": (1.0, 10.0),
    "uncommon": (0.1, 1.0),
    "rare": (0.0, 1.0),
}
CLOSE = 1.25
FAR = 2.0
VERY_COMMON = 10.0


@compares("ae_frequency")
def ae_frequency(table: Lookup, a: Assertion) -> Judgement:
    lo, hi = percent(a.qualifier)
    if a.value == "any":
        return _in_general(table, a, lo, hi)
    ranges = _ranges(table, a)
    if not ranges:
        return table.none(a, "frequency")
    shown, effect = _shown(lo, hi), table.ref.display(a.value)
    # within the label's range, or a bound the label's range meets ("the majority": 53%)
    inside = [
        f
        for f, (flo, fhi) in ranges
        if (lo >= flo / CLOSE and hi <= fhi * CLOSE) or (lo <= flo and fhi <= hi)
    ]
    if inside:
        return Judgement(
            Verdict.CONSISTENT, a, tuple(inside), f"{effect} in {shown}, as the label says"
        )
    label = " or ".join(_shown(flo, fhi) for _, (flo, fhi) in ranges)
    if all(hi * FAR < flo or lo > fhi * FAR for _, (flo, fhi) in ranges):
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(f for f, _ in ranges),
            f"{effect} in {shown} of patients; the label says {label}",
            f"{effect} in {shown}",
        )
    return Judgement(
        Verdict.UNVERIFIED,
        a,
        tuple(f for f, _ in ranges),
        f"{effect} in {shown} of patients is not what the label says ({label})",
    )


def _ranges(table: Lookup, a: Assertion) -> list[tuple[Fact, tuple[float, float]]]:
    """The label's numbers for the effect, else its bands."""
    numbers = [(f, percent(f.qualifier)) for f in table.facts(a) if table.covers(f, a)]
    if numbers:
        return numbers
    return [
        (f, BANDS[f.qualifier])
        for f in table.facts(a, "adverse_effect")
        if f.polarity and f.qualifier in BANDS and table.covers(f, a)
    ]


def _in_general(table: Lookup, a: Assertion, lo: float, hi: float) -> Judgement:
    """Side effects in general: the most frequent effect of the label decides."""
    common = [
        f for f in table.facts(a, "adverse_effect") if f.polarity and f.qualifier == "very_common"
    ]
    common += [f for f in table.facts(a) if percent(f.qualifier)[0] >= VERY_COMMON]
    if not common:
        return table.none(a, "very common adverse effect")
    names = ", ".join(dict.fromkeys(table.ref.display(f.value) for f in common[:3]))
    if hi <= VERY_COMMON / 2:
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(common),
            f"calls side effects uncommon; the label lists very common ones ({names})",
            "side effects are uncommon",
        )
    if lo >= VERY_COMMON:
        return Judgement(Verdict.CONSISTENT, a, tuple(common), f"very common effects: {names}")
    return Judgement(
        Verdict.UNVERIFIED, a, tuple(common), f"the label's most common effects: {names}"
    )


def _shown(lo: float, hi: float) -> str:
    return f"{lo:g}%" if lo == hi else f"{lo:g}-{hi:g}%"


def percent(text: str) -> tuple[float, float]:
    """'10-63%' -> (10, 63); '5%' -> (5, 5); anything else -> (0, 0)."""
    body = text.rstrip("%")
    lo, _, hi = body.partition("-")
    try:
        return float(lo), float(hi or lo)
    except ValueError:
        return 0.0, 0.0
