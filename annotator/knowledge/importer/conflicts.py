"""Where an imported row disagrees with a curated fact about the same drug and attribute.

Why listed and held back instead of resolved: the curated row was written and sourced by a
person, the imported one read by rules from one label that may be a stale copy or misread. The
import never edits a curated row; it names the curated facts an imported row contradicts (the
`conflicts` column), and the loader keeps such a row out of checking until a curator accepts
it. Agreement is not a conflict: an imported row that repeats a curated one is checked beside it.
"""

from __future__ import annotations

import re

from annotator.knowledge.reference import Reference
from annotator.models import Fact

_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)")


def conflicts(row: dict[str, str], reference: Reference) -> tuple[list[str], str]:
    """(curated fact ids the row contradicts, why) — empty when it agrees or adds."""
    attr, value, polarity = row["attribute"], row["value"], row["polarity"] == "+"
    curated = [
        f for f in reference.facts_for(row["drug"], attr) if f.status == "curated" and not f.set_id
    ]
    if not curated:
        return [], ""
    if attr in ("max_daily_dose", "starting_dose"):
        return _amounts(row, curated)
    if attr == "half_life":
        return _half_life(row, curated)
    same = [f for f in curated if f.value == value]
    opposite = [f.fact_id for f in same if f.polarity != polarity]
    if opposite:
        return opposite, "the curated fact says the opposite"
    if attr == "adverse_effect":  # adjacent bands differ between trials and formulations
        band = row["qualifier"]
        far = [f for f in same if _bands_apart(band, f.qualifier) >= 2]
        if far:
            return [
                f.fact_id for f in far
            ], f"frequency {band} against the curated {far[0].qualifier}"
        return [], ""
    if attr in ("drug_class", "controlled_status", "site_of_action"):
        excluded = [f.fact_id for f in curated if f.polarity and reference.excludes(value, f.value)]
        if excluded and not any(f.polarity and reference.related(f.value, value) for f in curated):
            return excluded, "the vocabulary says the two values exclude each other"
    if attr == "boxed_warning":
        none = [f.fact_id for f in curated if f.value == "warn:none" and f.polarity]
        if none and value != "warn:none":
            return none, "the curated table says there is no boxed warning"
    if attr == "indication":
        denied = [
            f.fact_id
            for f in reference.facts_for(row["drug"], "not_indicated")
            if f.value == value and f.status == "curated"
        ]
        if denied:
            return denied, "the curated table lists it as not indicated"
    return [], ""


BANDS = ("very_common", "common", "uncommon", "rare")  # frequency bands, not overdose etc.


def _bands_apart(a: str, b: str) -> int:
    return abs(BANDS.index(a) - BANDS.index(b)) if a in BANDS and b in BANDS else 0


def _mg(value: str) -> float | None:
    m = _NUMBER.match(value)
    if not m:
        return None
    factor = {"mg": 1, "g": 1000, "mcg": 0.001}.get(value.split()[-1].lower(), 1)
    return float(m.group(1)) * factor


def _family(products: str | tuple[str, ...], population: str | tuple[str, ...]) -> tuple:
    """(over the counter, extended release, population) of a dose row or fact."""
    terms = set(products.split("|") if isinstance(products, str) else products)
    pops = set(population.split("|") if isinstance(population, str) else population)
    return ("prod:otc" in terms, "prod:extended_release" in terms, frozenset(pops - {""}))


def _amounts(row: dict[str, str], curated: list[Fact]) -> tuple[list[str], str]:
    """A dose conflicts with the curated doses of the same product family (Rx or OTC,
    immediate or extended release) and population when none of them has the same amount."""
    mine = _mg(row["value"])
    family = _family(row.get("product", ""), row.get("population", ""))
    peers = [f for f in curated if _family(f.product, f.population) == family]
    if mine is None or not peers or any(_mg(f.value) == mine for f in peers):
        return [], ""
    shown = ", ".join(
        f"{f.value} ({'|'.join(f.product + f.population) or 'no qualifier'})" for f in peers
    )
    return [f.fact_id for f in peers], f"{row['value']} against the curated {shown}"


def _half_life(row: dict[str, str], curated: list[Fact]) -> tuple[list[str], str]:
    """Sources differ on half-lives; only one off by more than 2x from every curated value."""
    mine = _mg(row["value"])
    values = [(f, _mg(f.value)) for f in curated]
    values = [(f, v) for f, v in values if v]
    if mine is None or not values or any(v / 2 <= mine <= v * 2 for _, v in values):
        return [], ""
    return [f.fact_id for f, _ in values], "more than 2x from every curated half-life"
