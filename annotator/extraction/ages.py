"""Ages a claim speaks of: "aged 8 and older", "from age 12", "under 16", "6 to 17 years",
"as young as six", "of any age", or a population word that names ages ("babies", "teenagers").

Ages are read as a range in whole years, [lo, hi]; an open upper end of a pediatric claim is 17
(an approval "from age 12" speaks of children 12-17). The patterns are grammar (numbers and
comparison words); which population words name which ages is data
(annotator/knowledge/data/ages.csv, checked against the table's pop: terms).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from annotator.knowledge.datafiles import DATA_DIR, RuleDataError

AGES_PATH = DATA_DIR / "ages.csv"
CHILD_MAX = 17
ADULT = 18  # "under 18" is the widest pediatric limit; a larger "under N" is something else
WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen".split()
    )
}
NUM = r"(\d{1,2}|" + "|".join(WORDS) + r")\b"
YEARS = r"(?:\s*(?:years?|yrs?)(?:\s+(?:of\s+age|old))?)?"
# "6 to 17 years", "ages 6-17", "aged 3 to 12": a range needs an age word on one side, so that
# "5 to 10 mg" is not an age
TO = r"\s*(?:-|–|to|through)\s*"
RANGE = re.compile(
    "|".join(
        (
            r"\b(?:aged?|ages)\s+" + NUM + TO + NUM + YEARS,
            r"\b" + NUM + TO + NUM + r"\s*(?:years?|yrs?)",
        )
    ),
    re.I,
)
# "aged 8 and older", "12 years and over", "from age 12", "as young as six", "over 12 years"
OLDER = r"\s*(?:and|or|\+)\s*(?:older|over|up|above)"
FROM = re.compile(
    "|".join(
        (
            r"\b(?:aged?|ages)\s+" + NUM + YEARS + OLDER,
            r"\b" + NUM + YEARS + OLDER,
            r"\bfrom\s+(?:the\s+)?ages?\s+(?:of\s+)?" + NUM,
            r"\bfrom\s+" + NUM + r"\s*(?:years?|yrs?)",
            r"\bas\s+young\s+as\s+" + NUM,
            r"\b(?:older\s+than|at\s+least|over)\s+" + NUM + r"\s*(?:years?|yrs?)",
        )
    ),
    re.I,
)
# a number followed by a unit is an amount, not an age ("under 10 mg", "less than 2 in 100")
NOT_AMOUNT = r"(?!\s*(?:mg|mcg|g\b|ml|%|percent|per|in\s|out|kg|hours?|days?|weeks?|months?))"
# "12-year-olds", "a 6 year old": one age
ONE = re.compile(r"\b" + NUM + r"[\s-]+years?[\s-]+olds?\b", re.I)
# "under 16", "younger than 16", "below the age of 12", "12 and under", "12 or younger"
UNDER = re.compile(
    "|".join(
        (
            r"\b(?:under|younger\s+than|below|less\s+than)\s+(?:the\s+age\s+of\s+|age\s+)?"
            + NUM
            + NOT_AMOUNT,
            r"\b" + NUM + YEARS + r"\s*(?:and|or)\s*(?:under|younger|below)",
        )
    ),
    re.I,
)


def load_ages(path: Path = AGES_PATH) -> dict[str, tuple[int, int]]:
    """term_id -> (min_age, max_age) of population words that name ages; strict."""
    out: dict[str, tuple[int, int]] = {}
    with path.open(encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            if row.get("term_id", "").startswith("#"):
                continue
            try:
                out[row["term_id"]] = (int(row["min_age"]), int(row["max_age"]))
            except (KeyError, TypeError, ValueError):
                raise RuleDataError(
                    f"{path}:{line}: columns must be term_id, min_age, max_age (whole years)"
                ) from None
    return out


def _n(text: str) -> int:
    text = text.lower()
    return WORDS[text] if text in WORDS else int(text)


# Every age phrase has a number and a word of age or comparison; most claims lack one or the
# other and skip the patterns (a test on the set of words: a regular expression scanning for any
# of them costs more than the patterns it would spare).
AGE_WORDS = frozenset(
    (
        "age aged ages year years yr yrs old olds under young younger below less over least from"
    ).split()
)
WORD = re.compile(r"[a-z]+")


def _may_hold_an_age(text: str) -> bool:
    words = set(WORD.findall(text.lower()))
    has_number = any(c.isdigit() for c in text) or not words.isdisjoint(WORDS)
    return has_number and not words.isdisjoint(AGE_WORDS)


@lru_cache(maxsize=4096)  # read for the claim's qualifiers and again by the pediatric reader
def read_ages(text: str) -> tuple[tuple[int, int, int], ...]:
    """(lo, hi, offset in text) of every age phrase, ranges first."""
    if not _may_hold_an_age(text):
        return ()
    out, taken = [], []
    for m in RANGE.finditer(text):
        a, b = [g for g in m.groups() if g]
        out.append((_n(a), _n(b), m.start()))
        taken.append((m.start(), m.end()))
    for m in FROM.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        (a,) = [g for g in m.groups() if g]
        out.append((_n(a), CHILD_MAX, m.start()))
    for m in ONE.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            out.append((_n(m.group(1)), _n(m.group(1)), m.start()))
            taken.append((m.start(), m.end()))
    for m in UNDER.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        (a,) = [g for g in m.groups() if g]
        under = m.group(0).lower().startswith(("under", "younger", "below", "less"))
        if _n(a) <= ADULT:  # "under 25", "eGFR below 30": not an age limit of children
            out.append((0, _n(a) - 1 if under else _n(a), m.start()))
    return tuple(out)
