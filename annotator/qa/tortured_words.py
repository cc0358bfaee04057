"""Words of a text for the tortured-phrase detector: normal forms, clause barriers, offsets.

Why a module of its own: the detector reads every word of every checked text, so tokenising
is most of its cost. Here it runs in C (findall, map, split, accumulate) and offsets are only
computed for a text with a variant to report; tortured.py keeps the matching logic.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, chain, compress, count
from operator import itemgetter

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”|/\n]")


@lru_cache(maxsize=65536)
def norm(word: str) -> str:
    """Lower case, no possessive, a simple singular: 'Impacts' -> 'impact'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ys", "as", "os")):
        return w[:-1]
    return w


# One pass for words and clause breaks: a break swallows what follows it up to the next word,
# so a gap yields one barrier however much punctuation it holds. Words start with a letter and
# breaks hold none, so the words are exactly _TOKEN's words. Group 2 is the hyphen joining a
# word to the next ('breast-feeding'). findall and map run in C; offsets are only computed
# (`spans`) for a text with a variant to report.
_SCAN = re.compile(
    r"(" + _TOKEN.pattern + r")(-(?=[A-Za-z]))?|(?:" + _BREAK.pattern + r")[^A-Za-z]*"
)


def scan(text: str) -> list[tuple[str, str]]:
    found = _SCAN.findall(text)
    if found and not found[0][0]:
        del found[0]  # a break before the first word bars nothing
    return found


def tokens(text: str) -> list[str]:
    """Normal words, a clause break (punctuation, newline) as an empty-word barrier."""
    return list(map(norm, map(itemgetter(0), scan(text))))  # norm("") == ""


def hyphen_joined(found: list[tuple[str, str]]) -> frozenset[int]:
    """Indices of the words joined to the next by a hyphen."""
    return frozenset(compress(count(), map(itemgetter(1), found)))


_SPLIT = re.compile("(" + _SCAN.pattern + ")")  # every piece of the text: gaps and matches


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each of `tokens`' entries (a barrier: its first break character)."""
    at = Offsets(text)
    return [at.span(k) for k in range(len(at.words))]


class Offsets:
    """Offsets of `tokens`' entries from the lengths of the text's pieces (re.split and
    accumulate run in C, where a Match object per word would cost a Python call each)."""

    def __init__(self, text: str):
        parts = _SPLIT.split(text)  # gap, match, word or None, hyphen or None, gap, ...
        gaps, matches = map(len, parts[0::4]), map(len, parts[1::4])  # one gap more
        lengths = chain.from_iterable(zip(gaps, matches, strict=False))
        self.starts = list(accumulate(lengths))[0::2]  # a match starts after its gap
        self.words = parts[2::4]
        if self.words and self.words[0] is None:  # the dropped leading barrier
            del self.starts[0], self.words[0]

    def span(self, k: int) -> tuple[int, int]:
        s = self.starts[k]
        return s, s + len(self.words[k] or "")
