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

from .adr_lexicon import AdrLexicon, term_key
from .facts import make, sentences, tidy
from .knowledge import adr_settings, band_for, cue
from .records import Label, LabelFact, Section, Table, qualifiers

ADR_KINDS = ("adverse_reactions",)
PCT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%?")
ARM_N = re.compile(r"\b[Nn]\s*=\s*(\d+)")
NUMERIC_CELL = re.compile(
    r"[<≤>]?\s*\d{1,5}(?:\.\d+)?\s*%?(?:\s*\(\s*\d{1,3}(?:\.\d+)?\s*%?\s*\))?"
)
COUNT = re.compile(r"\d{1,5}")
FOOTNOTE = re.compile(r"[*†‡§¶#]+|\b[a-e]\b$|\s\d$")
TEXT_ROW = re.compile(
    r"^\s+(?P<term>[A-Za-z][A-Za-z ,/'()-]{2,60}?)\s+(?:[a-z*†‡§]\s+)?"
    r"(?P<rest>[<≤>]?\s*\d[\d\s.%()<>=≥≤,/-]*)$"
)
LEAD_WORDS = re.compile(
    r"^.*\b(?:and|or|including|included|being|were|was|with|of|as|such as|the)\s+", re.I
)
NOS = re.compile(r"\s+NOS\b|\s*\(excl[^)]*\)", re.I)
SPLIT_LIST = re.compile(r"[,;]\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\n")


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
    return (
        0 < len(words) <= 6
        and not cue("adr_not_a_term").search(text)
        and len(text) >= 3
        and not any(ch.isdigit() for ch in text)
    )


def header_count(table: Table) -> int:
    """Rows before the first body row: thead rows, else the rows before the first row that
    has a number in a cell after its first non-empty one (at most three)."""
    if table.header_rows:
        return table.header_rows
    for n, row in enumerate(table.rows[:4]):
        cells = [c for c in row if c]
        if len(cells) > 1 and any(NUMERIC_CELL.fullmatch(c) for c in cells[1:]):
            return min(n, 3)
    return 0


def table_reactions(table: Table, lexicon: AdrLexicon | None = None) -> list[Reaction]:
    """Rows whose first filled cell names a reaction; the percentage is the first drug-arm
    column. Columns are aligned from the right, because header rows often have fewer leading
    cells than body rows; header cells matching the placebo cue mark placebo columns.
    Rows like "Gastrointestinal: | nausea, vomiting, ..." are lists of reactions."""
    n_head = header_count(table)
    header, body = table.rows[:n_head], table.rows[n_head:]
    placebo = {
        len(row) - i for row in header for i, c in enumerate(row) if cue("placebo_arm").search(c)
    }
    arm_n = {
        len(row) - i: int(m.group(1))
        for row in header
        for i, c in enumerate(row)
        if (m := ARM_N.search(c)) and int(m.group(1)) > 0
    }
    head_text = " ".join(c for r in header for c in r)
    percent_head = "%" in head_text or "percent" in head_text.lower()
    percent_table = percent_head or "%" in table.caption
    column_band = {len(row) - i: column_threshold(c) for row in header for i, c in enumerate(row)}
    out = []
    for row in body:
        filled = [i for i, c in enumerate(row) if c]
        lists = [i for i in filled if row[i].count(",") >= 2 and not NUMERIC_CELL.fullmatch(row[i])]
        if lists and len(lists) == len([i for i in filled if i > filled[0]]) + (filled[0] in lists):
            for i in lists:  # incidence columns holding lists of reactions (old-format tables)
                band = column_band.get(len(row) - i, "")
                for item in list_items(row[i]):
                    pref = lexicon.preferred(item) if lexicon else ""
                    out.append(
                        Reaction(
                            item, pref or item, band, "table-list", row[i][:300], table.table_id
                        )
                    )
            continue
        if len(filled) < 2:
            continue
        k = filled[0]
        first = row[k]
        if first.rstrip().endswith(":") and len(filled) == 2:
            band = threshold_band(table.caption)
            for item in list_items(row[filled[1]]):
                pref = lexicon.preferred(item) if lexicon else ""
                out.append(
                    Reaction(
                        item, pref or item, band, "table-list", " | ".join(row), table.table_id
                    )
                )
            continue
        term = tidy(NOS.sub("", FOOTNOTE.sub("", first)))
        if not is_term(term):
            continue
        pct = ""
        for i in range(k + 1, len(row)):
            if len(row) - i in placebo:
                continue
            cell = row[i]
            m = re.search(r"\((\d{1,3}(?:\.\d+)?)\s*%?\)", cell) if "(" in cell else None
            if not m and not percent_head and (len(row) - i) in arm_n and COUNT.fullmatch(cell):
                pct = f"{100 * int(cell) / arm_n[len(row) - i]:.1f}"  # a count of patients
                break
            m = m or (PCT.search(cell) if percent_table or "%" in cell else None)
            if m:
                pct = m.group(1)
                break
        if not pct or float(pct) > 100:
            continue
        preferred = lexicon.preferred(term) if lexicon else ""
        out.append(
            Reaction(
                term,
                preferred or term,
                band_for(float(pct)),
                "table",
                " | ".join(row),
                table.table_id,
                pct,
            )
        )
    return out


def column_threshold(header: str) -> str:
    """Band named by an incidence column header ("Incidence Greater Than 1%", "less than 1%")."""
    below = cue("adr_below").search(header)
    if below:
        return band_for(float(below.group("pct")) - 0.001)
    return threshold_band(header)


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
