"""Reading adverse reactions out of label tables, and the shapes every reaction finder shares
(`Reaction`, what counts as a term, list splitting, percentage thresholds → bands).

Label tables differ in layout: term in the first or second cell, header rows shorter than
body rows, "n (%)" or bare counts with "N=" per arm, placebo in any column, and old-format
tables whose columns are incidence bands holding comma lists. Columns are aligned from the
right and placebo columns are found by their header, so the band always comes from a drug arm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .adr_lexicon import AdrLexicon
from .facts import tidy
from .knowledge import band_for, cue
from .records import Table

PCT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%?")
ARM_N = re.compile(r"\b[Nn]\s*=\s*(\d+)")
NUMERIC_CELL = re.compile(
    r"[<≤>]?\s*\d{1,5}(?:\.\d+)?\s*%?(?:\s*\(\s*\d{1,3}(?:\.\d+)?\s*%?\s*\))?"
)
COUNT = re.compile(r"\d{1,5}")
FOOTNOTE = re.compile(r"[*†‡§¶#]+|\b[a-e]\b$|\s\d$")
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
