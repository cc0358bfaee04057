"""Tortured phrases: a fixed drug-text expression with words swapped for thesaurus synonyms.

Spinners rewrite "side effects" as "side impacts" and "blood pressure" as "blood strain": each
new word is a dictionary synonym of the old one, in some sense, and the result is a phrase no
writer of drug text uses. So a finding needs three things, all data in
`data/tortured_phrases.json.gz` (built by `tools/build_tortured_phrases.py` from FDA label text,
the reference vocabularies and WordNet, never at run time):
- a fixed expression: a collocation of drug text ("side effect", "room temperature");
- a variant of it in the article whose every word is the expression's word or one of its
  synonyms, with at least one word swapped (synonyms may be several words: "visually impaired"
  for "blind");
- and the variant never occurs in drug text (the build lists variants the label text does use,
  "adverse effect", under `attested`; they are never flagged).
Confidence grows with the words kept (an anchor word makes the match specific), with the
length of the expression, and falls when every word was swapped.
Words are compared in a normal form (lower case, simple singular) so "impacts" meets "effect".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count, pairwise
from operator import itemgetter
from pathlib import Path

from annotator.knowledge.datafiles import DATA_DIR, RuleDataError, check_keys, read_json
from annotator.models import Finding
from annotator.qa.tortured_words import (  # _BREAK, _TOKEN, norm: also for the build tool
    _BREAK,  # noqa: F401
    _TOKEN,
    Offsets,
    hyphen_joined,
    norm,
    scan,
)

TORTURED_PATH = DATA_DIR / "tortured_phrases.json.gz"  # 4.4 MB of JSON, 1.3 MB shipped


class TorturedDataError(RuleDataError):
    """tortured_phrases.json.gz is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class TorturedData:
    expressions: dict[tuple[str, ...], str]  # normal words -> the expression as written
    synonyms: dict[str, list[str]]  # word -> synonyms in normal form, parsed on first use
    attested: frozenset[tuple[str, ...]]
    natural: frozenset[tuple[str, str]]  # word pairs frequent in English at large
    seen: frozenset[str]  # synonym words drug text uses: a swap to them needs a fixed slot
    fixed: dict[tuple[str, ...], frozenset[int]]  # expression -> positions drug text never varies
    by_id: tuple[tuple[str, ...], ...]  # expressions by number
    stands_for: dict[str, tuple[str, ...]]  # word -> expression words it starts a synonym of
    continues: dict[str, tuple[str, ...]]  # word -> words it is a synonym's second word of
    at: dict[tuple[str, int], frozenset[int]]  # (expression word, position) -> expressions
    cache: dict[tuple[str, int], frozenset]  # (token, slot) -> expressions or words, lazily
    parsed: dict[str, dict[str, tuple[tuple[str, ...], ...]]]  # word -> first word -> synonyms
    min_confidence: float
    all_swapped_min_words: int
    max_variant_words: int
    path: str = ""
    # per-word and per-word-pair memos of `candidates`, which sees every word of every text
    starts: dict[str, frozenset[int]] = field(default_factory=dict)  # word -> _could_be slot 0
    pairs: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = field(default_factory=dict)


_KEYS = {
    "description": str,
    "source": str,
    "min_confidence": (int, float),
    "all_swapped_min_words": int,
    "max_variant_words": int,
    "expressions": list,
    "synonyms": dict,
    "attested": list,
    "natural_pairs": list,
    "seen_in_drug_text": list,
    "fixed_slots": dict,
    "index": dict,
}
_INDEX = {"first": dict, "second": dict}


_NORMAL = re.compile(r"[a-z']+(?: [a-z']+)*")


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(norm(w) for w in _TOKEN.findall(phrase))


def load_tortured(path: Path | str = TORTURED_PATH) -> TorturedData:
    """Read and validate tortured_phrases.json.gz; problems are one-line TorturedDataError."""
    path = Path(path)
    data = check_keys(str(path), read_json(path, TorturedDataError), _KEYS, TorturedDataError)
    expressions: dict[tuple[str, ...], str] = {}
    for i, e in enumerate(data["expressions"]):
        if not isinstance(e, str) or len(_words(e)) < 2:
            raise TorturedDataError(f"{path}: expressions[{i}] must be a phrase of 2+ words")
        expressions.setdefault(_words(e), e)
    synonyms = data["synonyms"]
    if not all(isinstance(v, list) for v in synonyms.values()):
        raise TorturedDataError(f"{path}: every synonyms entry must be a list of phrases")
    index = check_keys(f"{path}: index", data["index"], _INDEX, TorturedDataError)
    stands_for = _index(path, "first", index["first"])
    continues = _index(path, "second", index["second"])
    at: dict[tuple[str, int], set[int]] = {}  # (word, position) -> expression numbers
    for n, words in enumerate(expressions):
        keys = [(words[0], 0), (" ".join(words[:2]), 0), (words[1], 1)]
        for key in keys + ([(words[2], 2)] if len(words) > 2 else []):
            at.setdefault(key, set()).add(n)
    return TorturedData(
        expressions,
        synonyms,
        frozenset(_words(a) for a in data["attested"]),
        frozenset(tuple(p.split()) for p in data["natural_pairs"] if p.count(" ") == 1),
        frozenset(norm(w) for w in data["seen_in_drug_text"]),
        _fixed(path, data["fixed_slots"]),
        tuple(expressions),
        {k: tuple(v) for k, v in stands_for.items()},
        {k: tuple(v) for k, v in continues.items()},
        {k: frozenset(v) for k, v in at.items()},
        {},
        {},
        float(data["min_confidence"]),
        data["all_swapped_min_words"],
        data["max_variant_words"],
        str(path),
    )


def _index(path: Path, name: str, raw: dict) -> dict[str, tuple[str, ...]]:
    """index.first: a synonym's first word -> the words it is a synonym of; index.second: a
    multi-word synonym's second word -> the same (built with the synonyms, so a variant's
    first two words find their expressions without parsing every synonym at load time)."""
    if not all(isinstance(v, list) for v in raw.values()):
        raise TorturedDataError(f"{path}: index.{name} must map words to lists of words")
    return {k: tuple(v) for k, v in raw.items()}


def _synonyms_of(key: str, data: TorturedData) -> dict[str, tuple[tuple[str, ...], ...]]:
    """A word's synonyms by first word, parsed on first use ('impact' -> (('impact',),))."""
    hit = data.parsed.get(key)
    if hit is None:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for syn in data.synonyms.get(key, ()):
            if not isinstance(syn, str) or not _NORMAL.fullmatch(syn):
                raise TorturedDataError(
                    f"{data.path}: synonyms.{key}: {syn!r} is not a phrase in normal form "
                    "(lower case, simple singular, single spaces)"
                )
            words = tuple(syn.split())
            by_first.setdefault(words[0], []).append(words)
        hit = data.parsed[key] = {k: tuple(v) for k, v in by_first.items()}
    return hit


def _fixed(path: Path, raw: dict) -> dict[tuple[str, ...], frozenset[int]]:
    out = {}
    for expr, slots in raw.items():
        if not isinstance(slots, list) or not all(isinstance(i, int) for i in slots):
            raise TorturedDataError(f"{path}: fixed_slots.{expr} must be a list of positions")
        out[_words(expr)] = frozenset(slots)
    return out


@lru_cache(maxsize=1)
def _default() -> TorturedData:
    return load_tortured()


def _match(
    words: list[str],
    p: int,
    expr: tuple[str, ...],
    data: TorturedData,
    joined: Callable[[], frozenset[int]] = frozenset,
) -> Iterator[tuple[int, tuple[int, ...]]]:
    """(end token index, expression positions swapped) for each way expr's words match words
    from p. A synonym may stand for one expression word or two ("momentary" for "short term")."""

    # depth first, in the order of the recursive definition: the word itself, then one-word
    # synonyms, then two-word ones (an explicit stack: generator recursion costs per step)
    stack = [(0, p, ())]
    n_expr, n_words = len(expr), len(words)
    while stack:
        i, q, swapped = stack.pop()
        if i == n_expr:
            yield q, swapped
            continue
        if q >= n_words:  # no word left: only an expression already matched could end here
            continue
        children = []
        if words[q] == expr[i]:
            children.append((i + 1, q + 1, swapped))
        for k in (1, 2):
            if i + k > n_expr:
                break
            key = expr[i] if k == 1 else expr[i] + " " + expr[i + 1]
            for syn in _synonyms_of(key, data).get(words[q], ()):
                n = len(syn)
                if tuple(words[q : q + n]) == syn and not (
                    n > 1 and any(j in joined() for j in range(q, q + n - 1))
                ):  # a hyphenated compound of the text is a word of its own ('breast-feeding')
                    children.append((i + k, q + n, swapped + tuple(range(i, i + k))))
        stack.extend(reversed(children))


def _ends_near(expr: tuple[str, ...], words: list[str], p: int, data: TorturedData) -> bool:
    last, pair = expr[-1], expr[-2] + " " + expr[-1]
    for w in words[p + 1 : p + data.max_variant_words]:
        if w == last:
            return True
        stands = _stands_for(w, data)
        if last in stands or pair in stands:
            return True
    return False


def _stands_for(token: str, data: TorturedData) -> frozenset[str]:
    key = (token, -1)
    hit = data.cache.get(key)
    if hit is None:
        hit = data.cache[key] = frozenset(data.stands_for.get(token, ()))
    return hit


def _could_be(token: str, slot: int, data: TorturedData) -> frozenset[int]:
    """Expressions whose variant may have `token` as its first (slot 0) or second (slot 1)
    word: the expression's own word there or the start of a synonym of it; as second word
    also the second word of a multi-word synonym of the first word, or the third word when
    one synonym stands for the first two. Computed per token on first use and kept."""
    key = (token, slot)
    hit = data.cache.get(key)
    if hit is not None:
        return hit
    none: frozenset[int] = frozenset()
    words = (token, *data.stands_for.get(token, ()))
    if slot == 0:
        out = none.union(*(data.at.get((w, 0), none) for w in words))
    else:
        out = none.union(
            *(data.at.get((w, 1), none) for w in words),
            *(data.at.get((w, 2), none) for w in words),
            *(data.at.get((w, 0), none) for w in data.continues.get(token, ())),
        )
    data.cache[key] = out
    return out


def _related(a: str, b: str) -> bool:
    """Morphological variants are not swaps ('muscular' ~ 'muscle', 'relaxer' ~ 'relaxant')."""
    k = min(len(a), len(b), 5)
    return (a[:k] == b[:k] and k >= 4) or a in b or b in a


def candidates(
    text: str, data: TorturedData, keep_attested: bool = False
) -> Iterator[tuple[int, int, tuple[str, ...], float]]:
    """(start, end, expression, confidence) of every variant in `text`, overlapping; with
    keep_attested the build script finds the variants drug text uses."""
    found = scan(text)
    words = list(map(norm, map(itemgetter(0), found)))  # as tokens(text)
    offsets: list[Offsets] = []  # computed for the first variant
    hyphens: list[frozenset[int]] = []

    def joined() -> frozenset[int]:
        if not hyphens:
            hyphens.append(hyphen_joined(found))
        return hyphens[0]

    starts, pairs, distinct = data.starts, data.pairs, set(words)
    for w in distinct.difference(starts):
        starts[w] = _could_be(w, 0, data)
    able = {w for w in distinct if starts[w]}  # words that may start a variant
    for p in compress(count(), map(able.__contains__, words[:-1])):  # the rest, in C
        w, nxt = words[p], words[p + 1]
        if not nxt:
            continue
        exprs = pairs.get((w, nxt))
        if exprs is None:  # the expressions whose first two words fit, by number
            ids = sorted(starts[w] & _could_be(nxt, 1, data))
            exprs = pairs[w, nxt] = tuple(data.by_id[n] for n in ids)
        for expr in exprs:
            if words[p : p + len(expr)] == list(expr):
                continue  # the expression itself
            if len(expr) > 2 and not _ends_near(expr, words, p, data):
                continue  # cheap filter: nothing nearby can stand for its last word
            for q, swapped_at in _match(words, p, expr, data, joined):
                kept = len(expr) - len(swapped_at)
                variant = tuple(words[p:q])
                if kept == len(expr) or (variant in data.expressions and not keep_attested):
                    continue
                if variant in data.attested and not keep_attested:
                    continue
                if len(variant) > data.max_variant_words:
                    continue
                if kept == 0 and len(expr) < data.all_swapped_min_words:
                    continue
                swapped = [v for v in variant if v not in expr]
                if any(_related(v, e) for v in swapped for e in expr):
                    continue
                if _free_modifier(variant, expr, data) or _natural(variant, expr, data):
                    continue
                if not keep_attested and _open_slot(swapped, swapped_at, expr, data):
                    continue
                if not keep_attested and kept == 0 and all(v in data.seen for v in swapped):
                    continue  # nothing kept and nothing foreign to drug text: plain wording
                conf = _confidence(len(expr), kept)
                offsets = offsets or [Offsets(text)]
                s, e = offsets[0].span(p)[0], offsets[0].span(q - 1)[1]
                whole = text[s - 1 : s] != "-" and text[e : e + 1] != "-"  # not in a compound
                if conf >= data.min_confidence and whole and not _in_name(text, s, e):
                    yield s, e, expr, conf


def _free_modifier(variant, expr, data: TorturedData) -> bool:
    """Only a modifier around a fixed expression was changed ("life-threatening side effects"
    for "serious side effects"): the kept words are themselves a fixed expression, so the
    variant is another modifier of it, not a swap inside it."""
    kept = [i for i, v in enumerate(variant) if v in expr]
    if len(kept) < 2 or kept != list(range(kept[0], kept[-1] + 1)):
        return False
    return tuple(variant[kept[0] : kept[-1] + 1]) in data.expressions


_LINE = re.compile(r"[^\n]*")
_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
_CAPITAL_WORD = re.compile(r"\b[A-Z][a-z]+")


def _in_name(text: str, s: int, e: int) -> bool:
    """The variant is part of a proper name in running text ("the Drug Safety journal", "the
    Pain Societies guideline"): a capitalised word after a capitalised word, in a line that is
    not itself a title-case heading."""
    start = text.rfind("\n", 0, s) + 1
    line = _LINE.match(text, start).group()
    before = text[max(start, s - 40) : s].split()
    caps = [m for m in _CAPITAL_WORD.finditer(text, s, e)]
    if not caps or not before or not before[-1][:1].isupper() or before[-1].endswith((".", ":")):
        return False
    return len(_LOWER_WORD.findall(line)) >= 2


def _open_slot(swapped, swapped_at, expr, data: TorturedData) -> bool:
    """One word swapped for a word drug text itself uses ("central pain", "standard doses"),
    at a position drug text does not always fill the same way: another modifier or head, not
    a swap. A word foreign to drug text ("back agony") or two words swapped at once
    ("unfavorable occasions") need no such test."""
    if len(swapped_at) != 1 or not all(v in data.seen for v in swapped):
        return False
    return swapped_at[0] not in data.fixed.get(expr, ())


def _natural(variant, expr, data: TorturedData) -> bool:
    """A swapped word forms a pair that is frequent in English at large with its neighbour
    ('negative effects', 'good way'): ordinary wording, not a swap."""
    return any(
        (a not in expr or b not in expr) and (a, b) in data.natural for a, b in pairwise(variant)
    )


def find_tortured(text: str, data: TorturedData | None = None) -> list[Finding]:
    """One `tortured_phrase` finding per variant of a fixed expression, longest first."""
    data = data or _default()
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    cands = sorted(candidates(text, data), key=lambda c: (c[0] - c[1], -c[3], c[0], c[2]))
    for s, e, expr, conf in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        expected = data.expressions[expr]
        found.append(
            Finding(
                s,
                e,
                "tortured_phrase",
                text[s:e],
                f"'{text[s:e]}' reads like a synonym swap of the fixed expression '{expected}'",
                suggestion=expected,
                confidence=conf,
            )
        )
    return sorted(found, key=lambda f: f.start)


def _confidence(n: int, kept: int) -> float:
    """0.6 for a two-word expression with one word swapped; more with more anchors and length;
    0.5 when nothing of the expression is left (then a word foreign to drug text is needed)."""
    return round(0.5 + 0.1 * min(kept, 2) + 0.05 * min(n - 2, 2), 2)
