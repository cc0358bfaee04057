"""Garbled text: doubled words and rule-detectable broken grammar, as findings.

Why this shape: spinners and careless rewrites leave two kinds of damage a rule can see without a
parser. Doubled words ("the the") and a word followed by a misspelled copy of itself
("baclofen Bacclofen": two renderings of one slot) are `doubled_word`; constructions that are
ungrammatical whatever the context ("belongs a", "may providing", "remains somewhat
understood") are `garbled_grammar`. Each rule is data (`data/garble_rules.json`, strict loader)
and names itself in the finding, so a reviewer can see which rule fired. Legitimate doubles
("had had", "that that") are listed there too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count, pairwise
from operator import eq, not_, or_
from pathlib import Path

from rapidfuzz import fuzz

from annotator.knowledge.datafiles import DATA_DIR, RuleDataError, check_keys, read_json
from annotator.models import Finding
from annotator.qa.casefold import case_sensitive, lowered
from annotator.qa.spelling import link_misspelling

GARBLE_RULES_PATH = DATA_DIR / "garble_rules.json"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_WORD_SPLIT = re.compile("(" + _WORD.pattern + ")")
_GAP = re.compile(r"[ \t]+")  # one line: a heading and the next line may repeat a word


class GarbleRulesError(RuleDataError):
    """garble_rules.json is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class GrammarRule:
    id: str
    pattern: re.Pattern[str]
    replacement: str
    detail: str
    except_group: int = 0
    except_words: frozenset[str] = frozenset()
    base_verb_group: int = 0


@dataclass(frozen=True)
class GarbleRules:
    allowed_doubles: frozenset[str]
    allowed_after: dict[str, frozenset[str]]  # a double allowed only after one of these words
    min_fuzzy_length: int
    min_fuzzy_score: float
    english_zipf: float
    grammar: tuple[GrammarRule, ...]


_TOP = {"description": str, "doubled_word": dict, "grammar": list}
_DOUBLED = {
    "allowed": list,
    "min_fuzzy_length": int,
    "min_fuzzy_score": (int, float),
    "english_zipf": (int, float),
    "allowed_after": dict,
}
_RULE = {
    "id": str,
    "pattern": str,
    "replacement": str,
    "detail": str,
    "except_group": int,
    "except_words": list,
    "base_verb_group": int,
}
_REQUIRED_RULE = {"id", "pattern", "replacement", "detail"}


def _keys(where: str, data: object, spec: dict, required: set[str]) -> dict:
    return check_keys(where, data, spec, GarbleRulesError, required)


def load_garble_rules(path: Path | str = GARBLE_RULES_PATH) -> GarbleRules:
    """Read and validate garble_rules.json; problems are one-line GarbleRulesError messages."""
    path = Path(path)
    data = read_json(path, GarbleRulesError)
    _keys(str(path), data, _TOP, set(_TOP) - {"description"})
    dbl = _keys(f"{path}: doubled_word", data["doubled_word"], _DOUBLED, set(_DOUBLED))
    after = {}
    for word, cues in dbl["allowed_after"].items():
        if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
            raise GarbleRulesError(f"{path}: doubled_word.allowed_after.{word} must be a list")
        after[word.lower()] = frozenset(c.lower() for c in cues)
    rules = []
    for i, raw in enumerate(data["grammar"]):
        where = f"{path}: grammar[{i}]"
        _keys(where, raw, _RULE, _REQUIRED_RULE)
        try:
            rx = re.compile(raw["pattern"], re.IGNORECASE)
            rx.sub(raw["replacement"], "")  # template syntax
        except re.error as err:
            raise GarbleRulesError(f"{where}: bad pattern or replacement: {err}") from None
        for key in ("except_group", "base_verb_group"):
            if not 0 <= raw.get(key, 0) <= rx.groups:
                raise GarbleRulesError(f"{where}: {key} {raw[key]} not in pattern")
        rules.append(
            GrammarRule(
                raw["id"],
                rx,
                raw["replacement"],
                raw["detail"],
                raw.get("except_group", 0),
                frozenset(w.lower() for w in raw.get("except_words", [])),
                raw.get("base_verb_group", 0),
            )
        )
    return GarbleRules(
        frozenset(w.lower() for w in dbl["allowed"]),
        after,
        dbl["min_fuzzy_length"],
        float(dbl["min_fuzzy_score"]),
        float(dbl["english_zipf"]),
        tuple(rules),
    )


@lru_cache(maxsize=1)
def _default_rules() -> GarbleRules:
    return load_garble_rules()


def _zipf(word: str) -> float:
    from annotator.qa.spelling import _zipf as zipf  # one cached wordfreq look-up for both stages

    return zipf(word.lower())


def _base_verb(ing: str) -> str:
    """'providing' -> 'provide', 'stopping' -> 'stop', 'helping' -> 'help': the likeliest word."""
    stem = ing[:-3]
    options = [stem, stem + "e"] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
    return max(options, key=_zipf)


def find_garble(
    text: str, names: Mapping[str, str] | None = None, rules: GarbleRules | None = None
) -> list[Finding]:
    """Doubled words and broken grammar in `text`; `names` (drug name -> id) links misspelled
    doubles such as "baclofen Bacclofen" to one drug."""
    rules = rules or _default_rules()
    findings = _doubles(text, names or {}, rules)
    low = lowered(text)
    for rule in rules.grammar:
        plain = case_sensitive(rule.pattern) if low is not None else None
        found = (
            (rule.pattern.match(text, m.start()) for m in plain.finditer(low))  # casefold.py
            if plain
            else rule.pattern.finditer(text)
        )
        for m in found:
            if rule.except_group and m.group(rule.except_group).lower() in rule.except_words:
                continue
            suggestion = m.expand(rule.replacement)
            if rule.base_verb_group:
                ing = m.group(rule.base_verb_group)
                s, e = m.span(rule.base_verb_group)
                fixed = text[m.start() : s] + _base_verb(ing) + text[e : m.end()]
                suggestion = fixed
            findings.append(
                Finding(
                    m.start(),
                    m.end(),
                    "garbled_grammar",
                    m.group(),
                    f"{rule.detail} (rule {rule.id})",
                    suggestion=suggestion,
                    confidence=0.8,
                )
            )
    return sorted(findings, key=lambda f: (f.start, f.end, f.kind))


_BORING: list[tuple[GarbleRules, Mapping[str, str] | None, int, set[tuple[str, str]]]] = []


def _boring(rules: GarbleRules, names: Mapping[str, str]) -> set[tuple[str, str]]:
    """Pairs of different words (lower case) that are never a near-double under these rules
    and names: too different in length, or _near_double said no. That verdict depends on
    nothing else, so it is kept across documents (a batch meets the same pairs again); a
    names mapping that grew gets a new memo, as spelling's index does."""
    key = names or None  # find_all passes no names: one memo for every empty mapping
    for r, n, size, pairs in _BORING:
        if r is rules and n is key and size == len(names):
            return pairs if len(pairs) < 500_000 else pairs.clear() or pairs
    _BORING[:] = [(rules, key, len(names), set())] + _BORING[:3]
    return _BORING[0][3]


def _doubles(text: str, names: Mapping[str, str], rules: GarbleRules) -> list[Finding]:
    """Doubled words. The pairs worth a look (the same word twice, or a pair not known to be
    boring) are picked in C (split, map, compress) from the text's pieces; offsets come from
    the pieces' lengths (accumulate)."""
    parts = _WORD_SPLIT.split(text)  # gap, word, gap, word, ..., gap
    words = parts[1::2]
    low = " ".join(words).lower().split(" ") if words else []  # words: no space, ASCII, '’'
    pairs = list(pairwise(low))
    boring = _boring(rules, names)
    worth = map(or_, map(eq, low, low[1:]), map(not_, map(boring.__contains__, pairs)))
    at: list[int] = []  # word i spans at[2i] .. at[2i + 1], computed on first need
    out = []
    short = rules.min_fuzzy_length
    for i in compress(count(), worth):
        (la, lb), wa, wb = pairs[i], words[i], words[i + 1]
        if la != lb and (
            len(la) < short or len(lb) < short or 2 * min(len(la), len(lb)) < max(len(la), len(lb))
        ):
            boring.add((la, lb))
            continue  # not a repeat, and too different in length for a near-copy
        score = 1.0 if la == lb else _near_double(la, lb, names, rules)
        if score is None:
            boring.add((la, lb))
            continue
        if not _GAP.fullmatch(parts[2 * i + 2]):
            continue
        at = at or list(accumulate(map(len, parts)))
        a_start, b_end = at[2 * i], at[2 * i + 3]
        if la == lb:
            if la in rules.allowed_doubles:
                cues = rules.allowed_after.get(la)
                before = {w.lower() for w in _WORD.findall(text[max(0, a_start - 40) : a_start])}
                if cues is None or cues & before:
                    continue
            detail, keep = f"'{wa}' is repeated", wa
        else:
            keep = wb if _zipf(la) < _zipf(lb) and la not in names else wa
            detail = f"'{wa} {wb}': a word followed by a misspelled copy of itself"
        out.append(
            Finding(
                a_start,
                b_end,
                "doubled_word",
                text[a_start:b_end],
                detail,
                suggestion=keep,
                confidence=round(score, 3),
            )
        )
    return out


def _near_double(la: str, lb: str, names: Mapping[str, str], rules: GarbleRules) -> float | None:
    """Similarity (0-1) when `lb` is a near-copy of `la` that is not a different real word."""
    if min(len(la), len(lb)) < rules.min_fuzzy_length:
        return None
    score = fuzz.ratio(la, lb)
    if score < rules.min_fuzzy_score:
        return None
    if names:
        da, db = link_misspelling(la, names), link_misspelling(lb, names)
        if da and db:
            return score / 100 if da[0] == db[0] else None
    if min(_zipf(la), _zipf(lb)) >= rules.english_zipf:  # "affect effect": two real words
        return None
    return score / 100
