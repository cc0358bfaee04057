"""What the drug is: its established pharmacologic class and its DEA schedule.

The class comes from FDA's own indexing (Pharmacologic Class Indexing SPL files, or openFDA's
`pharm_class_epc`) when it is supplied, because that is FDA's wording; only without it is the
label's "X is a <class> indicated for" Highlights line, or a description sentence, read. The
schedule comes from the product data's DEA policy code, which a label's prose may lack.
"""

from __future__ import annotations

from collections.abc import Iterable

from .facts import make, sentences, tidy
from .indexing import ClassIndexEntry
from .knowledge import cue
from .records import Citation, Label, LabelFact, qualifiers

CLASS_SECTIONS = ("description", "clinical_pharmacology", "mechanism", "pharmacodynamics")
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}


def drug_class(label: Label, index: Iterable[ClassIndexEntry] = ()) -> list[LabelFact]:
    uniis = {i.unii for p in label.products for i in p.active_ingredients if i.unii}
    names = {(i.moiety or i.name).upper() for p in label.products for i in p.active_ingredients}
    out = []
    for entry in index:
        if entry.unii in uniis or entry.substance.upper() in names:
            cited = Citation(entry.set_id, entry.version, entry.effective, "48779-3")
            for epc in entry.epc:
                out.append(
                    LabelFact(
                        drug=label.drug,
                        attribute="drug_class",
                        value=epc,
                        citation=cited,
                        passage=f"{entry.substance}: {epc} [EPC]",
                        rule="epc-indexing",
                        qualifiers=qualifiers(kind="EPC"),
                    )
                )
    if out:
        return out
    for epc in label.pharm_classes:  # openFDA carries FDA's EPC itself
        section = label.sections[0]
        out.append(
            make(
                label,
                section,
                "drug_class",
                epc.rsplit(" [", 1)[0],
                epc,
                "openfda-epc",
                qualifiers=qualifiers(kind="EPC"),
            )
        )
    if out:
        return out
    for section in label.find("indications"):
        for text in (section.highlight, section.text):
            m = cue("class_highlight").search(text.split("\n")[0] if text else "")
            if m and not cue("not_a_class").search(m.group("cls")):
                return [
                    make(
                        label,
                        section,
                        "drug_class",
                        tidy(m.group("cls")),
                        m.group(0),
                        "class-highlights",
                        qualifiers=qualifiers(kind="label text"),
                    )
                ]
    for section in label.find(*CLASS_SECTIONS):
        for sentence in sentences(section.text):
            m = cue("class_prose").search(sentence)
            if (
                m
                and len(m.group("cls").split()) > 1
                and not cue("not_a_class").search(m.group("cls"))
            ):
                return [
                    make(
                        label,
                        section,
                        "drug_class",
                        tidy(m.group("cls")),
                        sentence,
                        "class-prose",
                        qualifiers=qualifiers(kind="label text"),
                    )
                ]
    return []


def dea_schedule(label: Label) -> list[LabelFact]:
    """From the product data's DEA policy code; failing that (openFDA JSON), from a 'Schedule II
    controlled substance' sentence. A label whose products list no schedule yields none."""
    product_section = next(iter(label.find("product_data")), None)
    out = []
    for product in label.products:
        if product.dea_schedule and product_section is not None:
            out.append(
                make(
                    label,
                    product_section,
                    "controlled_status",
                    product.dea_schedule,
                    f"{product.name}: DEA schedule {product.dea_schedule}",
                    "product-policy",
                )
            )
    if out or label.format == "spl":
        return out[:1]
    for section in label.find(
        "abuse_dependence", "controlled_substance", "description", "warnings"
    ):
        for sentence in sentences(section.full_text):
            m = cue("schedule_text").search(sentence)
            if m:
                val = ROMAN.get(m.group("val"), m.group("val").upper())
                return [
                    make(label, section, "controlled_status", f"C{val}", sentence, "schedule-text")
                ]
    return []
