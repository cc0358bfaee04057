"""Facts about who may take the drug and how it behaves: pregnancy and lactation statements,
pediatric approval, withdrawal and dependence, elimination half-life.

Each is a short statement code ("not established", "category C", "excreted in milk") plus the
sentence it came from, because curators compare codes while reviewers read the sentence.
Sections are found by kind, so PLR (8.1 Pregnancy, 8.2 Lactation), old-format (Nursing
Mothers, Usage in Pregnancy) and Drug Facts wording all land in the same attributes.
"""

from __future__ import annotations

from .facts import make, sentences, tidy
from .knowledge import cue
from .records import Label, LabelFact, qualifiers

PK_KINDS = ("pharmacokinetics", "clinical_pharmacology")
DEPENDENCE_KINDS = ("abuse_dependence", "dependence", "abuse", "controlled_substance")
MAX_HALF_LIVES = 3


def pregnancy(label: Label) -> list[LabelFact]:
    out = []
    for section in label.find("pregnancy", "teratogenic_effects", "otc_pregnancy_breastfeeding"):
        for sentence in sentences(section.full_text):
            m = cue("pregnancy_category").search(sentence)
            if m:
                out.append(
                    make(
                        label,
                        section,
                        "pregnancy",
                        f"category {m.group('cat').upper()}",
                        sentence,
                        "pregnancy-category",
                    )
                )
            if cue("pregnancy_contraindicated").search(sentence):
                out.append(
                    make(
                        label,
                        section,
                        "pregnancy",
                        "contraindicated",
                        sentence,
                        "pregnancy-contraindicated",
                    )
                )
            m = cue("pregnancy_avoid_weeks").search(sentence)
            if m:
                out.append(
                    make(
                        label,
                        section,
                        "pregnancy",
                        f"avoid from {m.group('val')} weeks",
                        sentence,
                        "pregnancy-avoid-weeks",
                    )
                )
            if cue("pregnancy_fetal_harm").search(sentence):
                out.append(
                    make(
                        label,
                        section,
                        "pregnancy",
                        "may cause fetal harm",
                        sentence,
                        "pregnancy-fetal-harm",
                    )
                )
    return out


def lactation(label: Label) -> list[LabelFact]:
    out = []
    rules = (
        ("lactation_unknown", "unknown whether excreted in milk"),
        ("lactation_present", "excreted in milk"),
        ("lactation_avoid", "do not breastfeed or stop the drug"),
        ("lactation_caution", "caution when nursing"),
    )
    for section in label.find("lactation", "nursing_mothers", "otc_pregnancy_breastfeeding"):
        for sentence in sentences(section.full_text):
            for name, value in rules:
                if cue(name).search(sentence):
                    out.append(
                        make(label, section, "lactation", value, sentence, name.replace("_", "-"))
                    )
                    if name == "lactation_unknown":
                        break  # "not known whether excreted" must not also read as "excreted"
    return out


def pediatric_use(label: Label) -> list[LabelFact]:
    out = []
    for section in label.find("pediatric_use"):
        for sentence in sentences(section.full_text):
            age = cue("pediatric_age").search(sentence)
            quals = qualifiers(population="pediatric", age=tidy(age.group("age")) if age else "")
            if cue("pediatric_not_established").search(sentence):
                out.append(
                    make(
                        label,
                        section,
                        "pediatric_use",
                        "safety and effectiveness not established",
                        sentence,
                        "pediatric-not-established",
                        qualifiers=quals,
                        polarity=False,
                    )
                )
            elif cue("pediatric_established").search(sentence):
                out.append(
                    make(
                        label,
                        section,
                        "pediatric_use",
                        "safety and effectiveness established",
                        sentence,
                        "pediatric-established",
                        qualifiers=quals,
                    )
                )
            elif cue("pediatric_not_indicated").search(sentence):
                out.append(
                    make(
                        label,
                        section,
                        "pediatric_use",
                        "not indicated",
                        sentence,
                        "pediatric-not-indicated",
                        qualifiers=quals,
                        polarity=False,
                    )
                )
    return out


def dependence(label: Label) -> list[LabelFact]:
    """Withdrawal and dependence statements from the abuse/dependence sections, and from
    warnings subsections whose titles name them."""
    sections = label.find(*DEPENDENCE_KINDS)
    sections += [
        sub
        for sec in label.find("warnings_precautions", "warnings")
        for sub in sec.subsections
        if cue("withdrawal").search(sub.title) or cue("dependence").search(sub.title)
    ]
    out = []
    for section in sections:
        for sentence in sentences(section.full_text):
            for attr in ("withdrawal", "dependence"):
                m = cue(attr).search(sentence)
                if m:
                    out.append(
                        make(label, section, attr, m.group(0).lower(), sentence, f"{attr}-cue")
                    )
    return out


def half_life(label: Label) -> list[LabelFact]:
    out = []
    for section in (s for top in label.find(*PK_KINDS) for s in top.walk()):
        for sentence in sentences(section.text):
            for m in cue("half_life").finditer(sentence):
                unit = m.group("unit").lower()
                unit = {
                    "h": "hours",
                    "hr": "hours",
                    "hrs": "hours",
                    "hour": "hours",
                    "min": "minutes",
                    "mins": "minutes",
                    "minute": "minutes",
                    "day": "days",
                    "week": "weeks",
                }.get(unit, unit)
                value = f"{' '.join(m.group('val').split())} {unit}"
                out.append(make(label, section, "half_life", value, sentence, "half-life"))
                if len(out) >= MAX_HALF_LIVES:
                    return out
    return out
