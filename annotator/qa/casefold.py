"""Case-insensitive matching without IGNORECASE: a lower-case pattern over the lower-cased text.

Why: with IGNORECASE, Python's `re` compares every literal through case folding and loses its
quick first-character test in alternations, so a cue list scans several times slower. For a
pattern written in lower-case ASCII (no escapes naming other characters, no back-references),
matching it case-sensitively on `text.lower()` finds the same matches at the same offsets as
matching it with IGNORECASE on `text`, provided lower-casing keeps the text's length and the
text holds none of the four characters that IGNORECASE also equates with an ASCII letter
('İ', 'ı', 'ſ', 'K' Kelvin; checked over all of Unicode in tests). Otherwise the caller keeps
the IGNORECASE pattern.
"""

from __future__ import annotations

import re
from functools import lru_cache

FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"  # İ ı ſ K: IGNORECASE matches them to i, i, s, k
_FOLDS = re.compile(f"[{FOLDS_TO_ASCII}]")
_ESCAPE = re.compile(r"\\.")


def lowered(text: str) -> str | None:
    """text.lower(), when a lower-case ASCII pattern may run on it in place of IGNORECASE."""
    low = text.lower()
    if len(low) != len(text) or _FOLDS.search(text):
        return None
    return low


@lru_cache(maxsize=256)
def case_sensitive(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """`pattern` compiled without IGNORECASE, when its source qualifies (see module doc)."""
    src = pattern.pattern
    if not isinstance(src, str) or not src.isascii():
        return None
    if re.search(r"\\[0-9uxUN]|\(\?P=|\(\?[a-zA-Z]*i", src):
        return None  # escapes naming characters, back-references, inline IGNORECASE
    if re.search(r"[A-Z]", _ESCAPE.sub("", src)):  # \S, \W, \D, \B are fine
        return None
    return re.compile(src, pattern.flags & ~re.IGNORECASE)
