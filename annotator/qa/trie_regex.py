"""Word lists as trie-shaped regular expressions.

Why: Python's `re` tries the alternatives of `a|b|c...` one after the other at every position
of the text, so a cue list of a hundred phrases costs a hundred failed comparisons per
character. Factoring common prefixes (`order|orders|offer` -> `o(?:rder(?:s)?|ffer)`) makes a
position fail on its first character. The pattern matches exactly what the flat alternation
`|`.join(sorted(escaped words, key=len, reverse=True)) matches, in the same order of preference:
the words that match at one position are prefixes of one another, so they lie on one path of
the trie, and a greedy optional group tries the longer continuation before ending, longest
first, as the length-sorted alternation does (so a trailing `(?!\\w)` backtracks the same way).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # the key marking that a word ends at this node


def alternation(words: Iterable[str], ignore_case: bool = False) -> str:
    """A regex (no outer group) matching any of `words`, longest first. With `ignore_case`
    the trie is only used for lower-case ASCII words, where two different characters never
    match one character of the text; otherwise the flat alternation is returned."""
    words = sorted(set(words), key=len, reverse=True)
    if ignore_case and not all(w.isascii() and w == w.lower() for w in words):
        return "|".join(re.escape(w) for w in words)
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _emit(trie)


def _emit(node: dict) -> str:
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END not in node:
        return body
    if len(branches) == 1 and len(branches[0]) == 1:
        return body + "?"
    return "(?:" + "|".join(branches) + ")?"  # greedy: the longer word first
