"""Tortured phrases: a fixed drug-text expression with words swapped for thesaurus synonyms.

Spinners rewrite "side effects" as "side impacts" and "blood pressure" as "blood strain": each
new word is a dictionary synonym of the old one, in some sense, and the result is a phrase no
writer of drug text uses. So a finding needs three things, all data in
`data/tortured_phrases.json` (built by `tools/build_tortured_phrases.py` from FDA label text,
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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from annotator.knowledge.datafiles import DATA_DIR, RuleDataError, check_keys, read_json
from annotator.models import Finding

TORTURED_PATH = DATA_DIR / "tortured_phrases.json"
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”|/\n]")


class TorturedDataError(RuleDataError):
    """tortured_phrases.json is malformed; the message names the file and the problem."""


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


@dataclass(frozen=True)
class TorturedData:
    expressions: dict[tuple[str, ...], str]  # normal words -> the expression as written
    synonyms: dict[str, dict[str, tuple[tuple[str, ...], ...]]]  # word -> first word -> synonyms
    attested: frozenset[tuple[str, ...]]
    common: frozenset[str]  # words frequent in drug text: a swap needs one word not among them
    first: dict[str, tuple[tuple[str, ...], ...]]  # first word of a variant -> expressions
    second: dict[tuple[str, ...], frozenset[str]]  # expression -> words a variant's 2nd may be
    min_confidence: float
    all_swapped_min_words: int
    max_variant_words: int


_KEYS = {
    "description": str,
    "source": str,
    "min_confidence": (int, float),
    "all_swapped_min_words": int,
    "max_variant_words": int,
    "expressions": list,
    "synonyms": dict,
    "attested": list,
    "common_in_drug_text": list,
}


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(norm(w) for w in _TOKEN.findall(phrase))


def load_tortured(path: Path | str = TORTURED_PATH) -> TorturedData:
    """Read and validate tortured_phrases.json; problems are one-line TorturedDataError."""
    path = Path(path)
    data = check_keys(str(path), read_json(path, TorturedDataError), _KEYS, TorturedDataError)
    expressions: dict[tuple[str, ...], str] = {}
    for i, e in enumerate(data["expressions"]):
        if not isinstance(e, str) or len(_words(e)) < 2:
            raise TorturedDataError(f"{path}: expressions[{i}] must be a phrase of 2+ words")
        expressions.setdefault(_words(e), e)
    synonyms: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
    for word, syns in data["synonyms"].items():
        if not isinstance(syns, list) or not all(isinstance(s, str) and s for s in syns):
            raise TorturedDataError(f"{path}: synonyms.{word} must be a list of phrases")
        by_first: dict[str, set[tuple[str, ...]]] = {}
        for syn in filter(None, map(_words, syns)):
            by_first.setdefault(syn[0], set()).add(syn)
        synonyms[" ".join(_words(word))] = {k: tuple(sorted(v)) for k, v in by_first.items()}
    first: dict[str, set[tuple[str, ...]]] = {}
    for words in expressions:
        opts = {words[0], *synonyms.get(words[0], ()), *synonyms.get(" ".join(words[:2]), ())}
        for opt in opts:
            first.setdefault(opt, set()).add(words)
    second = {}
    for words in expressions:
        opts = [(words[0],), (words[1],), *synonyms.get(words[0], {}).values()]
        opts += [
            *synonyms.get(words[1], {}).values(),
            *synonyms.get(" ".join(words[:2]), {}).values(),
        ]
        second[words] = frozenset(w for group in opts for syn in group for w in syn) | set(
            words[:3]
        )
    return TorturedData(
        expressions,
        synonyms,
        frozenset(_words(a) for a in data["attested"]),
        frozenset(norm(w) for w in data["common_in_drug_text"]),
        {k: tuple(sorted(v)) for k, v in first.items()},
        second,
        float(data["min_confidence"]),
        data["all_swapped_min_words"],
        data["max_variant_words"],
    )


@lru_cache(maxsize=1)
def _default() -> TorturedData:
    return load_tortured()


_TOKEN_OR_BREAK = re.compile(_TOKEN.pattern + "|" + _BREAK.pattern)


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Words with offsets; a clause break (punctuation, newline) is an empty-word barrier."""
    out: list[tuple[int, int, str]] = []
    for m in _TOKEN_OR_BREAK.finditer(text):
        word = m.group()
        if word[0].isalpha():
            out.append((m.start(), m.end(), norm(word)))
        elif out and out[-1][2]:
            out.append((m.start(), m.start(), ""))
    return out


def _match(
    toks: list[tuple[int, int, str]], p: int, expr: tuple[str, ...], data: TorturedData
) -> Iterator[tuple[int, int]]:
    """(end token index, words kept) for each way expr's words match toks from p. A synonym
    may stand for one expression word or two ("momentary" for "short term")."""

    def step(i: int, q: int, kept: int) -> Iterator[tuple[int, int]]:
        if i == len(expr):
            yield q, kept
            return
        if q < len(toks) and toks[q][2] == expr[i]:
            yield from step(i + 1, q + 1, kept + 1)
        for k in (1, 2):
            key = expr[i] if k == 1 else " ".join(expr[i : i + 2])
            if i + k > len(expr):
                break
            if q >= len(toks):
                break
            for syn in data.synonyms.get(key, {}).get(toks[q][2], ()):
                n = len(syn)
                if tuple(t[2] for t in toks[q : q + n]) == syn:
                    yield from step(i + k, q + n, kept)

    yield from step(0, p, 0)


def _related(a: str, b: str) -> bool:
    """Morphological variants are not swaps ('muscular' ~ 'muscle', 'relaxer' ~ 'relaxant')."""
    k = min(len(a), len(b), 5)
    return (a[:k] == b[:k] and k >= 4) or a in b or b in a


def candidates(
    text: str, data: TorturedData, keep_attested: bool = False
) -> Iterator[tuple[int, int, tuple[str, ...], float]]:
    """(start, end, expression, confidence) of every variant in `text`, overlapping; with
    keep_attested the build script finds the variants drug text uses."""
    toks = _tokens(text)
    for p, (_, _, w) in enumerate(toks):
        nxt = toks[p + 1][2] if p + 1 < len(toks) else ""
        for expr in data.first.get(w, ()):
            if nxt not in data.second[expr]:
                continue  # cheap filter: the next word cannot continue this expression
            for q, kept in _match(toks, p, expr, data):
                variant = tuple(t[2] for t in toks[p:q])
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
                if _free_modifier(variant, expr, data):
                    continue
                if all(v in data.common for v in swapped) and not keep_attested:
                    continue
                conf = _confidence(len(expr), kept)
                if conf >= data.min_confidence:
                    s, e = toks[p][0], toks[q - 1][1]
                    if text[s - 1 : s] != "-" and text[e : e + 1] != "-":  # whole compounds only
                        yield s, e, expr, conf


def _free_modifier(variant, expr, data: TorturedData) -> bool:
    """Only a modifier around a fixed expression was changed ("life-threatening side effects"
    for "serious side effects"): the kept words are themselves a fixed expression, so the
    variant is another modifier of it, not a swap inside it."""
    kept = [i for i, v in enumerate(variant) if v in expr]
    if len(kept) < 2 or kept != list(range(kept[0], kept[-1] + 1)):
        return False
    return tuple(variant[kept[0] : kept[-1] + 1]) in data.expressions


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
    """0.5 for a two-word expression with one word swapped; more with more anchors and length,
    less when nothing of the expression is left."""
    base = 0.5 + 0.1 * min(kept, 2) + 0.05 * min(n - 2, 2)
    return round(base - (0.15 if kept == 0 else 0.0), 2)
