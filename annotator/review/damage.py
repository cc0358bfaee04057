"""Reading stored rows as records without letting one damaged row break a page.

Why: the Queue and Audit pages read every decision, sign-off, version and account; a single
row with garbage in it (bytes where text belongs, a NULL in a required field, a decision
outside the vocabulary, an unparseable time or JSON field), made by a faulty tool or by hand,
used to raise in the middle of a listing and take the page down. read() checks each row
against its record's fields and the store's vocabularies, returns the records that pass, and
hands the others to the caller as DamagedRow (table, id, what is wrong) to show.
"""

from __future__ import annotations

import json
import logging
from dataclasses import fields
from datetime import datetime

from annotator.review.records import (
    CLAIM_DECISIONS,
    FINDING,
    FINDING_DECISIONS,
    OUTCOMES,
    ROLES,
    VERDICTS,
    DamagedRow,
)

log = logging.getLogger("annotator.review")
TIMES = ("created_at", "added_at", "at")
VOCABULARY = {  # (table, column) -> allowed values; None in a set allows NULL where typed so
    ("decisions", "decision"): set(CLAIM_DECISIONS),
    ("decisions", "verdict_shown"): set(VERDICTS),
    ("decisions", "decided_verdict"): {*VERDICTS, None, ""},
    ("finding_decisions", "decision"): set(FINDING_DECISIONS),
    ("finding_decisions", "verdict_shown"): {FINDING},
    ("signoffs", "action"): {"sign_off", "reopen"},
    ("signoffs", "outcome"): {*OUTCOMES, "", None},
    ("account_states", "role"): set(ROLES),
}


def problem(table: str, cls, values: dict) -> str | None:
    """What is wrong with `values` as a `cls` record of `table`, or None."""
    for f in fields(cls):
        value, kind = values.get(f.name), str(f.type)
        if value is None:
            if "None" not in kind:
                return f"{f.name} is empty (NULL)"
            continue
        if kind.startswith("int") and (not isinstance(value, int) or isinstance(value, bool)):
            return f"{f.name} is not a number ({value!r:.40})"
        if kind.startswith("str") and not isinstance(value, str):
            return f"{f.name} is not text ({type(value).__name__})"
        if kind.startswith("bool") and not isinstance(value, bool | int):
            return f"{f.name} is not true or false ({value!r:.40})"
        allowed = VOCABULARY.get((table, f.name))
        if allowed is not None and value not in allowed:
            return f"{f.name} {value!r:.40} is not one of the store's values"
        if f.name in TIMES:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                return f"{f.name} {value!r:.40} is not a time"
        if f.name == "heads":
            try:
                json.loads(value)
            except ValueError:
                return "heads is not valid JSON"
        if f.name in ("seen", "confirms") and value and not value.isdigit():
            return f"{f.name} {value!r:.40} is not a row id"
    return None


def read(conn, query, cls, table: str, damaged: list | None = None) -> list:
    """The rows of `query` as `cls` records; damaged ones are left out, appended to
    `damaged` (when given) as DamagedRow and logged."""
    out = []
    for row in conn.execute(query):
        values = dict(row._mapping)
        wrong = problem(table, cls, values)
        if wrong is None:
            try:
                out.append(cls(**values))
                continue
            except TypeError as exc:  # a column the record does not know
                wrong = str(exc)
        bad = DamagedRow(table, values.get("id"), wrong)
        log.warning("damaged row: %s", bad)
        if damaged is not None:
            damaged.append(bad)
    return out


def read_one(conn, query, cls, table: str, damaged: list | None = None):
    found = read(conn, query.limit(1), cls, table, damaged)
    return found[0] if found else None
