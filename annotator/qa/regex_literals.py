"""Literal strings a regular expression cannot match without: a cheap test before a scan.

Why: the translation rules are ~90 regular expressions, and Python's `re` tries each at every
position of the text, even when the text lacks a word every match needs ('since years',
'many patient'). `requirements(pattern)` reads the parsed pattern and returns sets of strings
such that every match contains a string of each set; a text lacking all strings of one set
cannot match, so the scan is skipped, and the findings are those of the scan (the sets are
necessary conditions, never guesses). Patterns that ignore case get none (case folding maps
characters, e.g. 'ſ' to 's', that a lower-cased copy of the text keeps apart).
"""

from __future__ import annotations

import re
from itertools import product

try:  # the parser of the `re` module: public as sre_parse before Python 3.11
    from re import _constants as C
    from re import _parser as parser
except ImportError:  # pragma: no cover
    import sre_constants as C
    import sre_parse as parser

MAX_STRINGS = 48  # a set with more alternatives is dropped (it would bloat the scan)
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_Lang = frozenset[str] | None


def requirements(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of non-empty strings: every match of `pattern` contains one string of each set."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return ()
    try:
        parsed = parser.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()
    return tuple(dict.fromkeys(r for r in _sequence(list(parsed)) if r and "" not in r))


def _cross(a: frozenset[str], b: frozenset[str]) -> _Lang:
    if len(a) * len(b) > MAX_STRINGS:
        return None
    return frozenset(x + y for x, y in product(a, b))


def _lang_seq(items) -> _Lang:
    """All strings the sequence can match, when they are few and fixed (else None)."""
    out: _Lang = frozenset({""})
    for item in items:
        lang = _lang(item)
        out = _cross(out, lang) if lang is not None else None
        if out is None:
            return None
    return out


def _lang(item) -> _Lang:
    op, av = item
    if op is C.LITERAL:
        return frozenset({chr(av)})
    if op in _ZERO_WIDTH:
        return frozenset({""})  # matches no characters: adds none to a string
    if op is C.IN:
        chars = set()
        for kind, value in av:
            if kind is C.LITERAL:
                chars.add(chr(value))
            elif kind is C.RANGE and value[1] - value[0] < 10:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:  # a negation, a category (\d, \w), a wide range
                return None
        return frozenset(chars) if len(chars) <= MAX_STRINGS else None
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return None if add_flags & re.IGNORECASE else _lang_seq(body)
    if op is C.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            lang = _lang_seq(alt)
            if lang is None or len(out | lang) > MAX_STRINGS:
                return None
            out |= lang
        return frozenset(out)
    if op in _REPEATS:
        low, high, body = av
        lang = _lang_seq(body)
        if lang is None:
            return None
        if low == 0 and high == 1:  # optional
            return lang | {""}
        if low == high and low <= 3:
            out = frozenset({""})
            for _ in range(low):
                out = _cross(out, lang)
                if out is None:
                    return None
            return out
    return None


def _sequence(items) -> list[frozenset[str]]:
    """Requirements of a sequence: runs of fixed text (every match holds one string of the
    run's set, contiguous), and the requirements of the mandatory parts between them."""
    reqs: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    for item in items:
        lang = _lang(item)
        joined = _cross(run, lang) if lang is not None else None
        if joined is not None:
            run = joined
            continue
        reqs.append(run)  # the run ends here; what follows starts a new one
        run = frozenset({""})
        op, av = item
        if lang is not None:  # fixed but too varied to join: a run of its own
            run = lang if len(lang) <= MAX_STRINGS else run
        elif op in _REPEATS and av[0] >= 1:  # at least one repetition
            reqs += _sequence(list(av[2]))
        elif op is C.SUBPATTERN and not av[1] & re.IGNORECASE:
            reqs += _sequence(list(av[3]))
        elif op is C.BRANCH:
            reqs.append(_either(av[1]))
        elif op is getattr(C, "ATOMIC_GROUP", None):
            reqs += _sequence(list(av))
    reqs.append(run)
    return [r for r in reqs if r and "" not in r]


def _either(alternatives) -> frozenset[str]:
    """A requirement of a choice: one requirement of each alternative, pooled (empty when an
    alternative has none)."""
    out: set[str] = set()
    for alt in alternatives:
        reqs = _sequence(list(alt))
        if not reqs:
            return frozenset()
        out |= max(reqs, key=lambda r: (min(map(len, r)), -len(r)))
    return frozenset(out) if len(out) <= MAX_STRINGS else frozenset()
