"""`hidden_characters` and `lookalike_letters` findings: the text was tampered with.

Why: the reader removes invisible characters and reads look-alike letters as Latin
(extraction/textclean.py), so "Bac<U+200B>lofen" and "Bаclofen" (Cyrillic а) are checked as
"Baclofen". That keeps the verdict right, but a reviewer must still learn that the article hides
characters: whoever planted them meant a filter or a checker to miss the word. One finding per
word, on the word as the report shows it, naming each character and its offset in the text as
written. Invisible characters between words (a byte-order mark at the start, a variation
selector after an emoji, a zero-width space in a URL) are left alone, except bidi controls,
which reorder what a reader sees wherever they are. Ligatures and other compatibility letters
("ﬁ", "ℓ") are read silently: PDF exports are full of them.
"""

from __future__ import annotations

from annotator.extraction.textclean import (
    REMOVABLE,
    OffsetMap,
    describe,
    flagged_lookalike,
    is_bidi,
)
from annotator.models import Document, Finding


def _word(text: str, start: int, end: int) -> tuple[int, int]:
    """The word around text[start:end] (letters and digits; at most 64 each way)."""
    s, e = start, end
    while s > 0 and start - s < 64 and text[s - 1].isalnum():
        s -= 1
    while e < len(text) and e - end < 64 and text[e].isalnum():
        e += 1
    return s, e


def find_hidden(document: Document) -> list[Finding]:
    text, edits = document.text, document.edits
    if not edits:
        return []
    where = OffsetMap(edits)
    words: dict[tuple[str, int, int], list[str]] = {}
    for s, e, original in edits:
        source = where.start(s) if s < e else where.end(s)  # a deletion: after what is before it
        if REMOVABLE.match(original[0]):
            inside = 0 < s < len(text) and text[s - 1].isalnum() and text[s].isalnum()
            notes = [
                f"{describe(c)} at offset {source + i}"
                for i, c in enumerate(original)
                if inside or is_bidi(c)
            ]
            if not notes:
                continue
            kind = "hidden_characters"
        elif flagged_lookalike(original[0]):
            kind = "lookalike_letters"
            notes = [f"{describe(original)} read as '{text[s:e]}' at offset {source}"]
        else:
            continue
        span = _word(text, s, e) if s < e or text[s - 1 : s].isalnum() else (s, s)
        words.setdefault((kind, *span), []).extend(notes)
    found = []
    for (kind, s, e), notes in words.items():
        shown = text[s:e] or "(between words)"
        what = "hides invisible characters" if kind == "hidden_characters" else "mixes scripts"
        found.append(
            Finding(
                s,
                e,
                kind,
                text[s:e],
                f"'{shown}' {what} in the text as written: " + "; ".join(dict.fromkeys(notes)),
                "retype the word: it was checked as shown, but it reads differently to software",
            )
        )
    return found
