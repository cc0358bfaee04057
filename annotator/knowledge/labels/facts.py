"""Small helpers every extractor shares: citing a section, splitting label text into sentences,
and building `LabelFact` records with their passage.

Kept in one place so every fact cites its label the same way (set id, version, effective date,
section code and number, table id) and so passages are always verbatim label text.
"""

from __future__ import annotations

import re

from .records import Citation, Label, LabelFact, Section, Table

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(•\[])|\n+")
ABBREV_END = re.compile(r"\b(?:e\.g|i\.e|vs|approx|Fig|No|Dr|al|b\.i\.d|t\.i\.d|q\.i\.d)\.$", re.I)
MAX_PASSAGE = 400


def cite(label: Label, section: Section, table: Table | None = None) -> Citation:
    return Citation(
        set_id=label.set_id,
        version=label.version,
        effective=label.effective,
        section_code=label.coded(section),
        section_number=section.number,
        table_id=table.table_id if table else "",
    )


def sentences(text: str) -> list[str]:
    """Sentences and list items of label text; abbreviations such as 'e.g.' do not split."""
    out: list[str] = []
    for piece in SENTENCE_END.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if out and ABBREV_END.search(out[-1]) and not out[-1].endswith("\n"):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def passage(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_PASSAGE else text[: MAX_PASSAGE - 1].rstrip() + "…"


def tidy(value: str) -> str:
    """A value as a curator reads it: single spaces, no trailing punctuation or '(see 5.1)'."""
    value = re.sub(
        r"\[\s*see[^\]]*\]?|\(\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*\)", " ", value
    )
    value = " ".join(value.split())
    return value.strip(" ,;:.-•")


def make(
    label: Label,
    section: Section,
    attribute: str,
    value: str,
    text: str,
    rule: str,
    table: Table | None = None,
    qualifiers: tuple[tuple[str, str], ...] = (),
    polarity: bool = True,
    drug: str = "",
) -> LabelFact:
    return LabelFact(
        drug=drug or label.drug,
        attribute=attribute,
        value=value,
        citation=cite(label, section, table),
        passage=passage(text),
        qualifiers=qualifiers,
        polarity=polarity,
        rule=rule,
    )


def dedupe(facts: list[LabelFact]) -> list[LabelFact]:
    """First fact per key: the same statement in the Highlights and the full text is one fact."""
    seen: set = set()
    out = []
    for fact in facts:
        if fact.key not in seen:
            seen.add(fact.key)
            out.append(fact)
    return out
