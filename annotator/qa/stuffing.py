"""Keyword stuffing: one search phrase repeated far more often than the article's length
explains ("metformin weight loss pills" five times in a forum thread).

Why this shape: real articles repeat words (the drug's name, "side effects") but rarely a
3-6 word phrase, and when they do the count grows with length. A phrase is stuffed when it
occurs at least `min_repeats` times and more than 2 + words / `words_per_natural_repeat`
times, does not start or end with a function word, and carries a search-query cue: a drug name
of the reference, a strength ("4mg"), or a shop word ("price", "pills", "best"). Of nested
phrases the longest with (nearly) the same count wins. The first use (usually a title or the
product name) is natural; every later one is a finding. Thresholds and words are data
(`data/promotion_rules.json`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator
from itertools import chain

from annotator.models import Finding
from annotator.qa.casefold import lowered
from annotator.qa.promotion_rules import PromotionRules, default_rules

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_BREAK = re.compile(r"[.!?|\n,;:()\"“”]")
_STRENGTH = re.compile(r"\d+(?:\.\d+)?(?:mg|mcg|g|ml|iu)")


_TOKEN_OR_BREAK = re.compile(_TOKEN.pattern + "|" + _BREAK.pattern)


def _clauses(text: str) -> list[list[tuple[int, int, str]]]:
    """Tokens (offsets, lower case) by clause, in one pass over the text."""
    out: list[list[tuple[int, int, str]]] = [[]]
    low = text.lower() if len(text.lower()) == len(text) else None
    for m in _TOKEN_OR_BREAK.finditer(text):
        s, e = m.span()
        if text[s].isalnum():
            out[-1].append((s, e, low[s:e] if low is not None else m.group().lower()))
        elif out[-1]:
            out.append([])
    return [c for c in out if c]


def _clause_words(text: str) -> list[list[str]]:
    """The words of `_clauses`, without offsets, at C speed: a word never holds a break
    character, so splitting at the breaks first cuts the text the same way; words are ASCII
    (and '’'), so lower-casing them joined equals lower-casing each."""
    low = lowered(text)  # no character lower-cases into a word or break character (casefold)
    if low is not None:
        return [words for words in map(_TOKEN.findall, _BREAK.split(low)) if words]
    out = []
    for piece in _BREAK.split(text):
        words = _TOKEN.findall(piece)
        if words:
            out.append(" ".join(words).lower().split(" "))
    return out


def _grams(words: list[str], n: int) -> Iterator[tuple[str, ...]]:
    """The n-word sequences of `words` (zip of shifted slices: no Python loop per word)."""
    return zip(*[words[i:] for i in range(n)], strict=False)  # shorter slices end it


def _cued(gram: tuple[str, ...], names: Collection[str], rules: PromotionRules) -> bool:
    return any(w in rules.stuffing_cues or w in names or _STRENGTH.fullmatch(w) for w in gram)


def find_stuffing(
    text: str, names: Collection[str] = (), rules: PromotionRules | None = None
) -> list[Finding]:
    """`keyword_stuffing` findings: each repetition after the first of a stuffed phrase."""
    rules = rules or default_rules()
    seqs = _clause_words(text)
    words = sum(len(ws) for ws in seqs)
    limit = max(rules.min_repeats - 1, 2 + words // rules.words_per_natural_repeat)
    n0 = rules.min_words
    seqs = [ws for ws in seqs if len(ws) >= n0]  # shorter clauses hold no phrase
    counts = Counter(chain.from_iterable(_grams(ws, n0) for ws in seqs))  # one C-level count
    frequent = {g for g, c in counts.items() if c > limit}  # a longer phrase starts with one
    if not frequent:
        return []
    starts = [(ws, [i for i, g in enumerate(_grams(ws, n0)) if g in frequent]) for ws in seqs]
    starts = [(ws, at) for ws, at in starts if at]
    for n in range(n0 + 1, rules.max_words + 1):
        for ws, at in starts:
            counts.update(tuple(ws[i : i + n]) for i in at if i + n <= len(ws))
    stuffed = [
        g
        for g, c in counts.items()
        if c > limit
        and g[0] not in rules.edge_words
        and g[-1] not in rules.edge_words
        and _cued(g, names, rules)
    ]
    # keep maximal phrases: drop one contained in a longer stuffed phrase of about its count
    keep = [
        g
        for g in stuffed
        if not any(
            len(h) > len(g) and _inside(g, h) and counts[h] >= counts[g] - 1 for h in stuffed
        )
    ]
    if not keep:
        return []
    clauses = _clauses(text)  # offsets, for the phrases to report
    found = []
    for gram in keep:
        n = len(gram)
        spans = [
            (cl[i][0], cl[i + n - 1][1])
            for cl in clauses
            for i in range(len(cl) - n + 1)
            if tuple(w for _, _, w in cl[i : i + n]) == gram
        ]
        phrase = " ".join(gram)
        for s, e in spans[1:]:
            found.append(
                Finding(
                    s,
                    e,
                    "keyword_stuffing",
                    text[s:e],
                    f"'{phrase}' occurs {len(spans)} times in {words} words "
                    f"(length explains at most {limit})",
                    suggestion="remove the repetition",
                    confidence=round(min(1.0, 0.5 + 0.1 * (len(spans) - limit)), 2),
                )
            )
    return _merge(sorted(found, key=lambda f: (f.start, f.end)), text)


def _merge(found: list[Finding], text: str) -> list[Finding]:
    """A repeated passage longer than max_words yields overlapping phrases: one finding each."""
    out: list[Finding] = []
    for f in found:
        if out and f.start < out[-1].end:
            last = out[-1]
            end = max(last.end, f.end)
            out[-1] = Finding(
                last.start,
                end,
                last.kind,
                text[last.start : end],
                last.detail,
                last.suggestion,
                last.confidence,
            )
        else:
            out.append(f)
    return out


def _inside(g: tuple[str, ...], h: tuple[str, ...]) -> bool:
    return any(h[i : i + len(g)] == g for i in range(len(h) - len(g) + 1))
