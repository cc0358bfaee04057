"""Adverse reactions with frequency bands: from the label's tables (drug arm, never placebo),
from "the most common adverse reactions (≥5%) were A, B and C" prose, and, when a term list is
given, from every mention of a listed term in the section text.

Tables and "most common" lists are read without any term list, because their structure says
"this is a reaction": first cell of a row with percentages, item of a cued list. A lexicon
adds the reactions that prose only names; its matches carry no band unless a list cue gave one.
"""

from __future__ import annotations

import re

from .adr_lexicon import AdrLexicon, term_key
from .adr_tables import NOS, PCT, Reaction, is_term, list_items, table_reactions, threshold_band
from .facts import make, sentences, tidy
from .knowledge import adr_settings, band_for, cue
from .records import Label, LabelFact, Section, Table, qualifiers

ADR_KINDS = ("adverse_reactions",)
TEXT_ROW = re.compile(
    r"^\s+(?P<term>[A-Za-z][A-Za-z ,/'()-]{2,60}?)\s+(?:[a-z*†‡§]\s+)?"
    r"(?P<rest>[<≤>]?\s*\d[\d\s.%()<>=≥≤,/-]*)$"
)
LEAD_WORDS = re.compile(
    r"^.*\b(?:and|or|including|included|being|were|was|with|of|as|such as|the)\s+", re.I
)


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


def structured_reactions(text: str, lexicon: AdrLexicon | None = None) -> list[Reaction]:
    """Reactions that the text's layout marks, listed or not: rows of a flattened table
    ("  Nausea   29   0.2   28"), "term (12%)" mentions and "Gastrointestinal: a, b, c" lines."""
    out = []
    for line in text.split("\n"):
        m = TEXT_ROW.match(line)
        if m:
            term = tidy(NOS.sub("", re.sub(r"\([^)]*\)", " ", m.group("term"))))
            if "/" in term and lexicon:  # "Fatigue/malaise": keep the listed halves
                parts = [p for p in map(tidy, term.split("/")) if lexicon.preferred(p)]
                out += [
                    Reaction(p, lexicon.preferred(p), "", "text-table", line.strip()) for p in parts
                ]
                continue
            if is_term(term):
                pct = PCT.search(m.group("rest"))
                band = (
                    band_for(float(pct.group(1)))
                    if pct and "%" in line and float(pct.group(1)) <= 100
                    else ""
                )
                out.append(
                    Reaction(
                        term,
                        (lexicon.preferred(term) if lexicon else "") or term,
                        band,
                        "text-table",
                        line.strip(),
                    )
                )
                continue
        m = cue("adr_soc_list").match(line.strip())
        if m:
            for item in list_items(m.group("list")):
                out.append(
                    Reaction(
                        item,
                        (lexicon.preferred(item) if lexicon else "") or item,
                        "",
                        "soc-list",
                        line.strip(),
                    )
                )
    for m in cue("adr_inline_pct").finditer(text):
        term = tidy(LEAD_WORDS.sub("", m.group("term")))
        if is_term(term):
            band = band_for(float(m.group("pct")))
            out.append(
                Reaction(
                    term,
                    (lexicon.preferred(term) if lexicon else "") or term,
                    band,
                    "inline-percent",
                    text[max(0, m.start() - 40) : m.end() + 10],
                )
            )
    return out


def lexicon_reactions(text: str, lexicon: AdrLexicon, section: str = "") -> list[Reaction]:
    """Listed terms found in the text, less those that annotators rarely counted as reactions
    in this section type (reliability learned from the gold set the lexicon was built from)."""
    settings = adr_settings()
    condition = cue("adr_condition_context")
    kept: dict[str, Reaction] = {}
    for m in lexicon.find(text):
        share, seen = lexicon.reliability(m.text, section)
        if seen >= settings["min_occurrences"] and share < settings["min_reliability"]:
            continue
        key = term_key(m.preferred)
        if condition.search(text[max(0, m.start - 80) : m.start]):
            continue  # "patients with renal impairment": a condition, not a reaction, here
        kept.setdefault(
            key,
            Reaction(m.text, m.preferred, "", "lexicon", text[max(0, m.start - 80) : m.end + 80]),
        )
    return list(kept.values())


def reactions_in_text(
    text: str, lexicon: AdrLexicon | None = None, section: str = "adverse reactions"
) -> list[Reaction]:
    """Every reaction named in plain section text (tables flattened in), first mention each."""
    found = prose_reactions(text, lexicon)
    found += lexicon_reactions(text, lexicon, section) if lexicon else []
    seen, out = set(), []
    for r in found:
        key = term_key(r.preferred)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def adverse_reactions(label: Label, lexicon: AdrLexicon | None = None) -> list[LabelFact]:
    out: list[LabelFact] = []
    seen: set[tuple[str, str]] = set()
    for top in label.find(*ADR_KINDS):
        found: list[tuple[Section, Reaction, Table | None]] = []
        for section in top.walk():  # tables first: they carry the percentage
            for table in section.tables:
                found += [(section, r, table) for r in table_reactions(table, lexicon)]
        for section in top.walk():
            for text in (section.text, top.highlight if section is top else ""):
                found += [(section, r, None) for r in prose_reactions(text, lexicon)]
                found += [
                    (section, r, None)
                    for r in structured_reactions(text, lexicon)
                    if r.rule == "soc-list"
                ]
                if lexicon:
                    found += [(section, r, None) for r in lexicon_reactions(text, lexicon)]
        for sec, r, table in found:
            key = (term_key(r.preferred), r.band)
            if key in seen or (r.rule != "table" and (term_key(r.preferred), "*") in seen):
                continue
            seen.update({key, (term_key(r.preferred), "*")})
            out.append(
                make(
                    label,
                    sec,
                    "adverse_effect",
                    r.preferred.lower(),
                    r.passage,
                    r.rule,
                    table=table,
                    qualifiers=qualifiers(frequency=r.band, percent=r.percent),
                )
            )
    return out
