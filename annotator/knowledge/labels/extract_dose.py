"""Starting and maximum doses from Dosage and Administration (and OTC Directions), each with
route, formulation, population and indication qualifiers.

A dose without its qualifiers is a wrong fact ("max 40 mg/kg" is a pediatric figure; "2000 mg"
may be the extended-release maximum), so qualifiers come from the sentence first, then from
the subsection title ("2.3 Pediatric Patients", "2.2 Rheumatoid Arthritis"), then from the
product data when the label has a single route or dosage form.
"""

from __future__ import annotations

import re

from .facts import make, sentences, tidy
from .knowledge import cue
from .records import Label, LabelFact, Section, qualifiers

PER_DAY = re.compile(r"/\s*day|per\s+day|daily|a\s+day|/\s*24|in\s+24\s+hours", re.I)


def first_group(pattern_name: str, *texts: str) -> str:
    """Name of the first named group of a cue that matches, looking at texts in order."""
    rx = cue(pattern_name)
    for text in texts:
        m = rx.search(text)
        if m:
            return next(k for k, v in m.groupdict().items() if v).replace("_", "-")
    return ""


TIMES = re.compile(
    r"\b(?:(?P<n>once|twice|two|three|four)\s+times?|(?P<once>once)|(?P<twice>twice)|"
    r"(?P<abbr>b\.?i\.?d|t\.?i\.?d|q\.?i\.?d)\b\.?|every\s+(?P<hours>\d+)\s*hours)",
    re.I,
)
COUNTS = {"once": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "b": 2, "t": 3, "q": 4}


def doses_per_day(per: str) -> int | None:
    """How many doses a day a frequency phrase gives ("twice daily" 2, "every 8 hours" 3),
    None when it names none or a range ("every 6 to 8 hours")."""
    m = TIMES.search(per)
    if not m:
        return None
    if m.group("hours"):
        hours = int(m.group("hours"))
        return 24 // hours if hours and 24 % hours == 0 else None
    word = (m.group("n") or m.group("once") or m.group("twice") or m.group("abbr")).lower()
    return COUNTS[word[0] if m.group("abbr") else word]


def dose_value(m: re.Match) -> str:
    """'500 mg orally twice a day' -> '1000 mg/day': a per-dose amount with its frequency
    becomes the daily total the table keeps; without a frequency it stays per dose."""
    val = " ".join(m.group("val").replace(",", "").split())
    unit = m.group("unit")
    per = " ".join((m.group("per") or "").split()).lower()
    n = doses_per_day(per) if per else None
    if n and re.fullmatch(r"\d+(?:\.\d+)?", val):
        total = float(val) * n
        return f"{total:g} {unit}/day"
    if per and PER_DAY.search(per) and not TIMES.search(per):
        per = "/day"
    return f"{val} {unit}{per if per == '/day' else (' ' + per if per else '')}"


def label_defaults(label: Label) -> tuple[str, str]:
    routes = {r.lower() for p in label.products for r in p.routes}
    forms = {p.dosage_form.lower() for p in label.products if p.dosage_form}
    return (
        next(iter(routes)) if len(routes) == 1 else "",
        next(iter(forms)) if len(forms) == 1 else "",
    )


def doses(label: Label) -> list[LabelFact]:
    route0, form0 = label_defaults(label)
    out: list[LabelFact] = []
    for top in label.find("dosage"):
        for section in top.walk():
            context = " ".join(p for p in (section.title,) if p)
            indication = (
                tidy(section.title)
                if section is not top
                and section.title
                and not (
                    cue("population").search(section.title)
                    or cue("formulation").search(section.title)
                    or cue("route").search(section.title)
                )
                else ""
            )
            texts = [section.text] + ([top.highlight] if section is top and top.highlight else [])
            for text in texts:
                for sentence in sentences(text):
                    out += sentence_doses(
                        label, section, sentence, context, indication, route0, form0
                    )
    return out


def sentence_doses(
    label: Label,
    section: Section,
    sentence: str,
    context: str,
    indication: str,
    route0: str,
    form0: str,
) -> list[LabelFact]:
    out = []
    for attr, cue_name in (("starting_dose", "dose_start"), ("max_daily_dose", "dose_max")):
        c = cue(cue_name).search(sentence)
        if not c:
            continue
        amount = cue("dose_amount").search(sentence, c.end())
        if not amount or amount.start() - c.end() > 120:
            continue
        quals = qualifiers(
            route=first_group("route", sentence, context) or route0,
            formulation=first_group("formulation", sentence, context) or form0,
            population=first_group("population", sentence, context),
            indication=indication,
        )
        out.append(
            make(
                label,
                section,
                attr,
                dose_value(amount),
                sentence,
                cue_name.replace("_", "-"),
                qualifiers=quals,
            )
        )
    return out
