"""Adverse reactions with frequency bands: from the label's tables (drug arm, never placebo),
from "the most common adverse reactions (≥5%) were A, B and C" prose, and, when a term list is
given, from every mention of a listed term in the section text.

Tables and "most common" lists are read without any term list, because their structure says
"this is a reaction": first cell of a row with percentages, item of a cued list. A lexicon
adds the reactions that prose only names; its matches carry no band unless a list cue gave one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .adr_lexicon import AdrLexicon, norm
from .facts import make, sentences, tidy
from .knowledge import band_for, cue
from .records import Label, LabelFact, Section, Table, qualifiers

ADR_KINDS = ("adverse_reactions",)
PCT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%?")
FOOTNOTE = re.compile(r"[*†‡§¶#]+|\b[a-e]\b$|\s\d$")
SPLIT_LIST = re.compile(r",\s*|;\s*|\s+and\s+|\s+or\s+|\n")


@dataclass(frozen=True)
class Reaction:
    term: str  # as written
    preferred: str  # lexicon preferred term, else the term
    band: str  # very_common / common / uncommon ... or ""
    rule: str  # table / most-common / other-list / lexicon
    passage: str
    table_id: str = ""
    percent: str = ""


def is_term(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 6 and not cue("adr_not_a_term").search(text) and len(text) >= 3 \
        and not any(ch.isdigit() for ch in text)


def table_reactions(table: Table, lexicon: AdrLexicon | None = None) -> list[Reaction]:
    """Rows whose first cell names a reaction; the percentage is the first drug-arm column
    (header cells matching the placebo cue are skipped)."""
    header = table.rows[: table.header_rows] or table.rows[:1]
    width = max((len(r) for r in table.rows), default=0)
    placebo = set()
    for row in header:
        for i, cell in enumerate(row):
            if cue("placebo_arm").search(cell):
                placebo.add(i + (width - len(row)))  # spanning first cells shift short rows
    percent_table = any("%" in c or "percent" in c.lower() for r in header for c in r) or "%" in table.caption
    out = []
    for row in table.rows[len(header):]:
        if len(row) < 2:
            continue
        term = tidy(FOOTNOTE.sub("", row[0]))
        if not is_term(term):
            continue
        pct = ""
        for i, cell in enumerate(row[1:], 1):
            if i + (width - len(row)) in placebo:
                continue
            m = re.search(r"\((\d{1,3}(?:\.\d+)?)\s*%?\)", cell) if "(" in cell else None
            m = m or (PCT.search(cell) if percent_table or "%" in cell else None)
            if m:
                pct = m.group(1)
                break
        if not pct:
            continue
        preferred = lexicon.preferred(term) if lexicon else ""
        out.append(Reaction(term, preferred or term, band_for(float(pct)), "table",
                            " | ".join(row), table.table_id, pct))
    return out


def list_items(text: str) -> list[str]:
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    return [t for t in (tidy(x) for x in SPLIT_LIST.split(text)) if is_term(t)]


def threshold_band(cond: str) -> str:
    m = cue("adr_threshold").search(cond)
    return band_for(float(m.group("pct"))) if m else ""


def prose_reactions(text: str, lexicon: AdrLexicon | None = None) -> list[Reaction]:
    out = []
    for sentence in sentences(text):
        m = cue("adr_most_common").search(sentence)
        if m:
            band = threshold_band(m.group("cond") + " " + m.group(0)[:200])
            for item in list_items(m.group("list")):
                pref = lexicon.preferred(item) if lexicon else ""
                out.append(Reaction(item, pref or item, band, "most-common", sentence))
        m = cue("adr_other_list").search(sentence)
        if m:
            band = band_for(float(m.group("pct")) - 0.001)
            for item in list_items(m.group("list")):
                pref = lexicon.preferred(item) if lexicon else ""
                out.append(Reaction(item, pref or item, band, "other-list", sentence))
    return out


def lexicon_reactions(text: str, lexicon: AdrLexicon) -> list[Reaction]:
    return [Reaction(m.text, m.preferred, "", "lexicon", text[max(0, m.start - 80): m.end + 80])
            for m in lexicon.find(text)]


def reactions_in_text(text: str, lexicon: AdrLexicon | None = None) -> list[Reaction]:
    """Every reaction named in plain section text (tables flattened in), first mention each."""
    found = prose_reactions(text, lexicon) + (lexicon_reactions(text, lexicon) if lexicon else [])
    seen, out = set(), []
    for r in found:
        key = norm(r.preferred)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def adverse_reactions(label: Label, lexicon: AdrLexicon | None = None) -> list[LabelFact]:
    out: list[LabelFact] = []
    seen: set[tuple[str, str]] = set()
    for top in label.find(*ADR_KINDS):
        for section in top.walk():
            found: list[tuple[Section, Reaction, Table | None]] = []
            for table in section.tables:
                found += [(section, r, table) for r in table_reactions(table, lexicon)]
            for text in (section.text, top.highlight if section is top else ""):
                found += [(section, r, None) for r in prose_reactions(text, lexicon)]
                if lexicon:
                    found += [(section, r, None) for r in lexicon_reactions(text, lexicon)]
            for sec, r, table in found:
                key = (norm(r.preferred), r.band)
                if key in seen:
                    continue
                seen.add(key)
                out.append(make(label, sec, "adverse_effect", r.preferred.lower(), r.passage, r.rule,
                                table=table, qualifiers=qualifiers(frequency=r.band, percent=r.percent)))
    return out
