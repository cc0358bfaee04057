"""Reading hygiene: invisible characters out, look-alike letters to Latin, offsets kept.

Why: one zero-width space or one Cyrillic "а" inside "Baclofen" looks the same on screen but
stops the name from matching, so a critical `inconsistent` verdict quietly became `unverified`.
The reader therefore removes every invisible character (all Unicode format characters (Cf),
control characters (Cc) other than tab and the line breaks, variation selectors, tag
characters and the other default-ignorable fillers) and, inside words that mix Latin with
Cyrillic, Greek or Armenian, reads the look-alike letters as the Latin ones; full-width and
mathematical letters are read through NFKC.

Nothing is hidden from the reviewer: every change is kept as an *edit* `(start, end, original)`
(`text[start:end]` replaced `original`), so `OffsetMap` maps any span of the cleaned text back to
the text as it was (`source_span`), and `qa/hidden.py` turns the edits into findings that name
the characters and where they were.

The look-alike table is small and written out here on purpose rather than taken from Unicode's
confusables.txt (via `confusable_homoglyphs`): confusables.txt maps many letters that drug texts
use in their own right (Greek μ in "μg", κ in "NF-κB", β in "β-blocker") and multi-letter
sequences ("rn" -> "m"), and a replacement must be one letter for one letter. The table holds
only letters that are drawn the same as a Latin letter in common fonts, and they are replaced
only inside a word that also has Latin letters ("Bаclofen"), never in Greek or Russian words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache

# Unicode format characters (category Cf, Unicode 15; tests/test_textclean.py checks this list
# against the running Python's unicodedata) plus the other default-ignorable code points.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_IGNORABLE = "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8"
# Control characters (Cc) without tab, line feed, carriage return (a line break) and the
# separators below; \x85 (NEL) is a line break too.
_CONTROLS = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
_REMOVABLE = _FORMAT + _IGNORABLE + _CONTROLS
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Line breaks and separators: read as "\n" (vertical tab, form feed, file/group/record/unit
# separators, NEL, Unicode line and paragraph separators).
_BREAKS = "\x0b\x0c\x1c-\x1f\x85\u2028\u2029"
REMOVABLE = re.compile(f"[{_REMOVABLE}]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Letters drawn like a Latin letter (one for one). Left out on purpose: Greek μ κ β γ and the
# other letters drug texts use as symbols, and Cyrillic letters that only look Latin in italics.
_LOOKALIKES = {
    # Cyrillic
    **dict(zip("аеорсухіјѕһԁԛԝӏүԍ", "aeopcyxijshdqwlyg", strict=True)),
    **dict(zip("АВЕКМНОРСТХІЈЅҮԚԜӀ", "ABEKMHOPCTXIJSYQWI", strict=True)),
    # Greek
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
    **dict(zip("οανρι", "oavpi", strict=True)),
    # Armenian
    **dict(zip("օսոհ", "ounh", strict=True)),
}


@lru_cache(maxsize=4096)
def _compatible(ch: str) -> str | None:
    """The ASCII a full-width or compatibility letter stands for (NFKC), else None. Only
    letters and full-width forms: superscript digits, fractions and the ordinals ª º (used as
    degree signs) keep their meaning as written."""
    if "\uff01" <= ch <= "\uff5e":
        return unicodedata.normalize("NFKC", ch)
    if ch in "ªº" or not (ch.isalpha() or unicodedata.category(ch) == "Nd"):
        return None
    folded = unicodedata.normalize("NFKC", ch)
    return folded if folded != ch and folded.isascii() and folded.isalnum() else None


# The BMP blocks holding every letter NFKC folds to ASCII (Latin-1 and extended, modifier
# letters, phonetic extensions, super/subscripts, letterlike symbols, Latin extended-C/D,
# ligatures, full-width forms); tests/test_textclean.py checks no other BMP letter folds so.
_COMPAT_BLOCKS = (
    (0x80, 0x2FF),
    (0x1D00, 0x1DBF),
    (0x2070, 0x218F),
    (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF),
    (0xFB00, 0xFB4F),
    (0xFF00, 0xFFEF),
)


def _candidates() -> str:
    """A character class of everything that may be replaced: the look-alikes, full-width forms,
    mathematical letters and the letters NFKC folds to ASCII, so the scan stays in the regex
    engine for the curly quotes, dashes and accents of ordinary text."""
    folded = (chr(c) for a, b in _COMPAT_BLOCKS for c in range(a, b + 1))
    found = "".join(ch for ch in folded if _compatible.__wrapped__(ch) is not None)
    return re.escape("".join(_LOOKALIKES) + found) + "\\U0001d400-\\U0001d7ff"


def flagged_lookalike(ch: str) -> bool:
    """A replaced letter a reviewer should hear about (look-alike, full-width or mathematical),
    as opposed to a ligature or a compatibility letter such as ℓ read silently."""
    name = unicodedata.name(ch, "")
    return ch in _LOOKALIKES or name.startswith(("FULLWIDTH", "MATHEMATICAL"))


# one character class, no alternation: three times faster over ordinary text
_SPECIAL = re.compile(f"[\r{_BREAKS}{_REMOVABLE}{_candidates()}]")


_ASCII_LETTER = re.compile("[A-Za-z]")


def _word_span(text: str, i: int) -> tuple[int, int]:
    """The word around text[i]: letters and the invisible characters planted between them."""
    s = e = i
    while s > 0 and (text[s - 1].isalpha() or REMOVABLE.match(text[s - 1])):
        s -= 1
    while e < len(text) and (text[e].isalpha() or REMOVABLE.match(text[e])):
        e += 1
    return s, e


def clean_text(text: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """`text` as the pipeline reads it, and the edits that made it (see the module docstring).
    Lone surrogates become U+FFFD (same length; they crashed spaCy)."""
    text = _SURROGATE.sub("\ufffd", text)
    if text.isascii() and not REMOVABLE.search(text) and not re.search(f"[\r{_BREAKS}]", text):
        return text, ()
    pieces: list[str] = []
    edits: list[tuple[int, int, str]] = []
    last = out = 0
    word = (0, 0, False)  # the last word a look-alike was found in, and has it Latin letters
    for m in _SPECIAL.finditer(text):
        at, first = m.start(), m.group()
        found = first
        if first == "\r" or first in "\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029":
            new = "\n"
            if text.startswith("\r\n", at):
                found = "\r\n"
        elif REMOVABLE.match(first):
            new = ""
        elif first in _LOOKALIKES:
            if not word[0] <= at < word[1]:  # each word is scanned once: linear time
                s, e = _word_span(text, at)
                word = (s, e, _ASCII_LETTER.search(text, s, e) is not None)
            if not word[2]:
                continue
            new = _LOOKALIKES[first]
        else:
            new = _compatible(first)
            if new is None:
                continue
        if not new and edits and at == last and edits[-1][0] == edits[-1][1] == out:
            edits[-1] = (out, out, edits[-1][2] + found)  # a run of invisible characters
        else:
            pieces.append(text[last:at])
            out += at - last
            pieces.append(new)
            edits.append((out, out + len(new), found))
            out += len(new)
        last = at + len(found)
    pieces.append(text[last:])
    return "".join(pieces), tuple(edits)


class OffsetMap:
    """Offsets in the cleaned text -> offsets in the text before cleaning."""

    def __init__(self, edits: tuple[tuple[int, int, str], ...]):
        self.starts = [s for s, _, _ in edits]
        self.ends = [e for _, e, _ in edits]
        self.shift = [0]  # shift[k]: source length gained by the first k edits
        for s, e, original in edits:
            self.shift.append(self.shift[-1] + len(original) - (e - s))

    def start(self, pos: int) -> int:
        """Where the character at `pos` came from (invisible characters before it excluded)."""
        k = bisect_right(self.ends, pos)
        if k < len(self.starts) and self.starts[k] < pos:  # inside an expansion ("ﬁ" -> "fi")
            return self.starts[k] + self.shift[k]
        return pos + self.shift[k]

    def end(self, pos: int) -> int:
        """Where a span ending at `pos` ends (invisible characters right after it excluded)."""
        k = bisect_left(self.ends, pos)
        if k < len(self.starts) and self.starts[k] < pos <= self.ends[k]:
            return self.ends[k] + self.shift[k + 1]
        return pos + self.shift[k]


def source_span(edits, start: int, end: int) -> tuple[int, int]:
    """A span of the cleaned text as a span of the text before cleaning: it covers every
    character that was removed or replaced inside it."""
    m = OffsetMap(tuple(edits))
    return m.start(start), max(m.start(start), m.end(end))


def original_text(text: str, edits) -> str:
    """The text before cleaning, rebuilt from the cleaned text and its edits."""
    pieces, last = [], 0
    for s, e, original in edits:
        pieces += [text[last:s], original]
        last = e
    pieces.append(text[last:])
    return "".join(pieces)


def describe(ch: str) -> str:
    """'U+200B ZERO WIDTH SPACE' (control characters have no name: their code only)."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".rstrip()


def is_bidi(ch: str) -> bool:
    return ch in _BIDI
