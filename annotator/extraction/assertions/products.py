"""What the drug comes as: dosage forms ("also comes as an oral liquid", "there is an
extended-release tablet"), strengths ("25 mg tablets", "Capsules: 2 mg, 4 mg and 6 mg", "sold as
a single 1,500 mg tablet"), and whether it is sold over the counter or by prescription
("800 mg tablets can be bought over the counter").

A form is a claim only with a word of existence (the `exists` cue: "comes as", "available",
"there is"): "take the tablets with food" says nothing about which forms exist. A strength is
an amount written against a form: right before it ("25 mg tablets", and the list that ends
there: "5 mg, 7.5 mg and 10 mg tablets") or after it ("Tablet, 1000 mg", "capsules of 25 mg").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from annotator.extraction.assertions.common import Reading
from annotator.extraction.assertions.regimen import dated
from annotator.models import Assertion, Label, Mention

SUPPLY = ("prod:otc", "prod:prescription")
# How a list of strengths is joined ("5 mg, 7.5 mg and 10 mg"), and what may stand between a
# form and the strength after it ("Tablet, 1000 mg", "tablets: 2 mg", "capsules of 25 mg",
# "a tablet strength of 500 mg"): at most STRENGTH_GAP characters.
LIST_JOIN = re.compile(r"^\s*(,|and|or|, and|, or|/)?\s*$", re.I)
FORM_TO_STRENGTH = re.compile(
    r"^[\s,:]*(?:(?:of|in|at|come|comes|are|is|available|sold|strengths?|one|two|three|four|"
    r"following|the|these)\b[\s,:]*)*$",
    re.I,
)
STRENGTH_GAP = 45
# A form said to exist: within 40 characters of the existence cue ("also comes as an oral
# liquid", "extended-release tablets are available"), with no clause break between ("comes
# as capsules, so children may need ... a liquid" says nothing of a liquid form).
FORM_WINDOW = 40
CLAUSE_BREAK = re.compile(r"\b(so|but|because|while|which|if|although|though|whereas)\b|;", re.I)
UNIT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(mg|milligrams?|mcg|micrograms?|g|grams?)\b", re.I)


def forms_and_strengths(r: Reading) -> Iterator[Assertion]:
    if dated(r):
        return
    forms = [
        m for m in r.ents if m.label == Label.PRODUCT and m.concept and m.concept not in SUPPLY
    ]
    doses = [m for m in r.ents if m.label == Label.DOSE]
    seen: set[int] = set()
    for form in forms:
        strengths = _strengths_of(r, form, doses)
        if form.concept == "prod:oral":
            continue  # "by mouth": a route every one of these drugs has, not a form
        if not strengths and _said_to_exist(r, form):  # "25 mg tablets" claims the strength
            yield r.make("dosage_form", form.concept, form, "form+exists")
        for d in strengths:
            amount = unit_amount(d.text)
            if amount is None or d.start in seen:
                continue
            seen.add(d.start)
            yield r.make(
                "strength", f"{amount:g} mg", d, "strength+form", polarity=not r.negated(d)
            )


def supply(r: Reading) -> Iterator[Assertion]:
    """Over the counter or prescription only, with the strengths the claim names."""
    marks = [m for m in r.ents if m.label == Label.PRODUCT and m.concept in SUPPLY]
    if not marks or not ("supply" in r.cues or "exists" in r.cues) or dated(r):
        return
    amounts = [unit_amount(d.text) for d in r.ents if d.label == Label.DOSE]
    amounts = [a for a in amounts if a is not None]
    for m in marks:
        for amount in amounts or [None]:
            yield r.make(
                "otc_status",
                m.concept,
                m,
                "supply+cue",
                qualifier=f"{amount:g} mg" if amount is not None else "",
            )


def _said_to_exist(r: Reading, form: Mention) -> bool:
    for cue in r.cues.get("exists", []):
        a, b = (cue, form) if cue.end <= form.start else (form, cue)
        between = r.text[a.end - r.base : b.start - r.base]
        if b.start - a.end <= FORM_WINDOW and not CLAUSE_BREAK.search(between):
            return True
    return False


def _strengths_of(r: Reading, form: Mention, doses: list[Mention]) -> list[Mention]:
    """Doses written against this form: the list ending right before it, or the list starting
    right after it."""
    text, base = r.text, r.base
    before = [d for d in doses if d.end <= form.start]
    out: list[Mention] = []
    if (
        before
        and LIST_JOIN.match(text[before[-1].end - base : form.start - base])
        and (form.start - before[-1].end <= 2)
    ):
        out.append(before[-1])
        for d in reversed(before[:-1]):
            if not LIST_JOIN.match(text[d.end - base : out[-1].start - base]):
                break
            out.append(d)
    after = [d for d in doses if d.start >= form.end]
    if (
        after
        and after[0].start - form.end <= STRENGTH_GAP
        and FORM_TO_STRENGTH.match(text[form.end - base : after[0].start - base])
    ):
        out.append(after[0])
        for prev, d in itertools.pairwise(after):
            if not LIST_JOIN.match(text[prev.end - base : d.start - base]):
                break
            out.append(d)
    return out


def unit_amount(text: str) -> float | None:
    """mg in one unit of a dose phrase ("two 350 mg tablets" -> 350, "1,500 mg" -> 1500)."""
    m = UNIT.search(text)
    if not m:
        return None
    unit = m.group(2).lower()
    factor = 0.001 if unit.startswith(("mc", "micro")) else 1000 if unit.startswith("g") else 1
    return float(m.group(1).replace(",", "")) * factor
