"""Run every extractor over a label: the one function callers need.

Order matters only for readability of the output (what a curator reviews first: class, status,
indications, safety, doses, reactions); each extractor reads the label independently, so a
bug in one cannot hide the facts of another.
"""

from __future__ import annotations

from collections.abc import Iterable

from .adr_lexicon import AdrLexicon
from .extract_adr import adverse_reactions
from .extract_class import dea_schedule, drug_class
from .extract_dose import doses
from .extract_label import boxed_warning, contraindications, indications, warning_topics
from .extract_use import dependence, half_life, lactation, pediatric_use, pregnancy
from .facts import dedupe
from .indexing import ClassIndexEntry
from .records import Label, LabelFact

EXTRACTORS = (
    dea_schedule,
    indications,
    contraindications,
    boxed_warning,
    warning_topics,
    dependence,
    pregnancy,
    lactation,
    pediatric_use,
    half_life,
    doses,
)


def extract_facts(
    label: Label, class_index: Iterable[ClassIndexEntry] = (), lexicon: AdrLexicon | None = None
) -> list[LabelFact]:
    """Raw typed facts of one label, each citing set id, version, date, section and table."""
    if label.doc_kind == "indexing":
        return []
    facts = drug_class(label, tuple(class_index))
    for extractor in EXTRACTORS:
        facts += extractor(label)
    facts += adverse_reactions(label, lexicon)
    return dedupe(facts)
