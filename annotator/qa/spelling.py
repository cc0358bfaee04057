"""Misspelled drug names ("Bacclofen", "Zanaflx", "sertaline") as findings, and fuzzy linking.

Why this shape: a misspelling is a token that is close to a known drug name but is neither that
name nor an ordinary word. Closeness is rapidfuzz (Indel ratio, plus Damerau-Levenshtein so a
transposition "sertarline" costs one edit, plus a sound-alike pass "baclophen" ~ "baclofen").
The false positives of a fuzzy matcher are ordinary words that happen to be near a name
("horizon" ~ "Horizant", "motion" ~ "Motrin"), so a token is only a candidate when wordfreq's
English frequency list does not know it as a common word; derived words that contain a name
("gabapentinoid", "arbaclofen") are not misspellings either. Settings are data
(`data/spelling.json`); the names come from the caller (the reference table's drugs.csv).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from annotator.knowledge.datafiles import DATA_DIR, RuleDataError, check_keys, read_json
from annotator.models import Finding

SPELLING_PATH = DATA_DIR / "spelling.json"
_TOKEN = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z]*(?:-[A-Za-z]+)*(?![\w-])")
_POSSESSIVE = re.compile(r"['’]s$")


class SpellingDataError(RuleDataError):
    """spelling.json or a names file is malformed; the message names the file and problem."""


@dataclass(frozen=True)
class SpellingRules:
    min_length: int
    acronym_max_length: int
    min_score: float
    english_zipf: float
    own_word_margin: float
    sound_alike_discount: float
    sound_alike: tuple[tuple[str, str], ...]
    known_words: frozenset[str]


_KEYS = {
    "description": str,
    "min_length": int,
    "acronym_max_length": int,
    "min_score": (int, float),
    "english_zipf": (int, float),
    "own_word_margin": (int, float),
    "sound_alike_discount": (int, float),
    "sound_alike": list,
    "known_words": list,
}


def load_spelling_rules(path: Path | str = SPELLING_PATH) -> SpellingRules:
    """Read and validate spelling.json; problems are one-line SpellingDataError messages."""
    path = Path(path)
    data = check_keys(
        str(path), read_json(path, SpellingDataError, "settings"), _KEYS, SpellingDataError
    )
    pairs = data["sound_alike"]
    if not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
    ):
        raise SpellingDataError(f"{path}: 'sound_alike' must be a list of [from, to] strings")
    return SpellingRules(
        data["min_length"],
        data["acronym_max_length"],
        float(data["min_score"]),
        float(data["english_zipf"]),
        float(data["own_word_margin"]),
        float(data["sound_alike_discount"]),
        tuple((a.lower(), b.lower()) for a, b in pairs),
        frozenset(w.lower() for w in data["known_words"]),
    )


def _read_names(path: Path | str, keep) -> dict[str, str]:
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as err:
        raise SpellingDataError(f"{path}: cannot read names: {err}") from None
    out: dict[str, str] = {}
    for line, row in enumerate(rows, 2):
        drug, name = (row.get("drug") or "").strip(), (row.get("name") or "").strip()
        if not drug or not name:
            raise SpellingDataError(f"{path}:{line}: needs 'drug' and 'name'")
        if keep((row.get("kind") or "").strip()):
            out.setdefault(name.lower(), drug)
    return out


def load_names(path: Path | str) -> dict[str, str]:
    """Correctly spelled name (lower case) -> drug id from a CSV with `drug`, `name` and optional
    `kind` columns (reference_notes/drugs.csv); rows of kind "misspelling" are left out, since a
    misspelling must never be suggested as the correction."""
    return _read_names(path, lambda kind: kind != "misspelling")


def load_misspellings(path: Path | str) -> dict[str, str]:
    """Curated misspelling (lower case) -> drug id: the rows of kind "misspelling"."""
    return _read_names(path, lambda kind: kind == "misspelling")


@lru_cache(maxsize=1)
def _default_rules() -> SpellingRules:
    return load_spelling_rules()


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # ships its English list inside the wheel: offline

    return zipf_frequency(word, "en")


def _sound(word: str, rules: SpellingRules) -> str:
    word = re.sub(r"(.)\1+", r"\1", word.lower())
    for a, b in rules.sound_alike:
        word = word.replace(a, b)
    return word


def _score(token: str, name: str, rules: SpellingRules) -> float:
    return max(
        fuzz.ratio(token, name),
        DamerauLevenshtein.normalized_similarity(token, name) * 100,
        rules.sound_alike_discount * fuzz.ratio(_sound(token, rules), _sound(name, rules)),
    )


@dataclass(frozen=True)
class _Index:
    """One-word names prepared for matching; built once per names mapping."""

    names: Mapping[str, str]
    singles: tuple[str, ...]
    sounds: dict[str, str]  # sound-alike form -> name
    stems: tuple[str, ...]  # names long enough to carry derived words
    size: int = 0  # len(names) when built: a grown mapping gets a new index
    best: dict = field(default_factory=dict)  # token -> _best() result, for the process
    candidate: dict = field(default_factory=dict)  # token -> _candidate() result, likewise
    clean: dict = field(default_factory=dict)  # (rules, misspellings) -> words never flagged


_INDEXES: list[_Index] = []


def _index(names: Mapping[str, str], rules: SpellingRules) -> _Index:
    for idx in _INDEXES:
        if idx.names is names and idx.size == len(names):
            return idx
    singles = tuple(n for n in names if n.isalpha())
    idx = _Index(
        names,
        singles,
        {_sound(n, rules): n for n in singles},
        tuple(n for n in singles if len(n) >= 6),
        len(names),
    )
    _INDEXES[:] = [idx] + _INDEXES[:3]
    return idx


def _candidate(token: str, idx: _Index, rules: SpellingRules) -> bool:
    low = _POSSESSIVE.sub("", token).lower()
    if len(low) < rules.min_length or low in idx.names or low in rules.known_words:
        return False
    if token.isupper() and len(token) <= rules.acronym_max_length:  # "GABAB", "SNRIS"
        return False
    if _zipf(low) >= rules.english_zipf:
        return False
    return not any(_derived(low, n) for n in idx.stems if n in low)


def _candidate_memo(token: str, idx: _Index, rules: SpellingRules) -> bool:
    """_candidate, memoised per index (a batch meets the same words in every article)."""
    key = (token, id(rules))
    hit = idx.candidate.get(key)
    if hit is None:
        if len(idx.candidate) > 200_000:
            idx.candidate.clear()
        hit = idx.candidate[key] = _candidate(token, idx, rules)
    return hit


def _derived(low: str, name: str) -> bool:
    """'gabapentinoid', 'arbaclofen', 'baclofens' build on a name; 'gabapentine' misspells it."""
    return name in low and (len(low) - len(name) >= 2 or low == name + "s")


def _best(low: str, idx: _Index, rules: SpellingRules) -> tuple[str, float] | None:
    """The closest one-word known name and its score, or None below min_score (memoised per
    index: a batch meets the same unknown words in every article)."""
    key = (low, id(rules))
    if key not in idx.best:
        if len(idx.best) > 200_000:
            idx.best.clear()
        idx.best[key] = _best_uncached(low, idx, rules)
    return idx.best[key]


def _best_uncached(low: str, idx: _Index, rules: SpellingRules) -> tuple[str, float] | None:
    if not idx.singles:
        return None
    cut = rules.min_score * rules.sound_alike_discount - 1  # nothing below can reach min_score
    pool = {
        m[0]
        for m in process.extract(low, idx.singles, scorer=fuzz.ratio, limit=3, score_cutoff=cut)
    }
    pool |= {
        idx.sounds[m[0]]
        for m in process.extract(
            _sound(low, rules), list(idx.sounds), scorer=fuzz.ratio, limit=3, score_cutoff=cut
        )
    }
    pool |= {
        m[0]
        for m in process.extract(  # transpositions: "sertarline"
            low,
            idx.singles,
            scorer=DamerauLevenshtein.normalized_similarity,
            limit=3,
            score_cutoff=rules.min_score / 100,
        )
    }
    if not pool:
        return None
    best = max(((n, _score(low, n, rules)) for n in pool), key=lambda p: (p[1], p[0]))
    if best[1] < rules.min_score:
        return None
    # a word about as common as the name is a word of its own ("coumarin" ~ "Coumadin",
    # "ofloxacin" ~ "moxifloxacin"): misspellings are far rarer than what they misspell
    own = _zipf(low)
    return None if own > 0 and own >= _zipf(best[0]) - rules.own_word_margin else best


def link_misspelling(
    token: str,
    names: Mapping[str, str],
    rules: SpellingRules | None = None,
    misspellings: Mapping[str, str] | None = None,
) -> tuple[str, float] | None:
    """(drug id, score 0-100) for a known or misspelled drug name, None for anything else.

    A curated misspelling (`misspellings`, from drugs.csv) links with score 100 like a name."""
    rules = rules or _default_rules()
    low = _POSSESSIVE.sub("", token).lower()
    if low in names:
        return names[low], 100.0
    if misspellings and low in misspellings:
        return misspellings[low], 100.0
    idx = _index(names, rules)
    if not _candidate(token, idx, rules):
        return None
    best = _best(low, idx, rules)
    return (names[best[0]], best[1]) if best else None


def _styled(name: str, like: str) -> str:
    if like.isupper():
        return name.upper()
    if like[:1].isupper():
        return name[:1].upper() + name[1:]
    return name


def _preferred(drug: str, names: Mapping[str, str]) -> str:
    """The name to suggest for a curated misspelling: the drug id when it is a name (generic)."""
    if names.get(drug.lower()) == drug:
        return drug.lower()
    return next((n for n, d in names.items() if d == drug), drug)


def find_misspellings(
    text: str,
    names: Mapping[str, str],
    rules: SpellingRules | None = None,
    misspellings: Mapping[str, str] | None = None,
) -> list[Finding]:
    """One `misspelled_drug` finding per token that is close to, but not, a known drug name.

    `names` must hold correct spellings only (see load_names); `misspellings` (curated, from
    load_misspellings) are flagged with confidence 1 whatever the fuzzy score says."""
    rules = rules or _default_rules()
    findings = []
    cache: dict[str, tuple[str, float] | None] = {}
    idx = _index(names, rules)
    for low, drug in (misspellings or {}).items():
        cache[low] = (_preferred(drug, names), 100.0)
    # judge each distinct word once, and a word once judged clean never again in this process
    # (the verdict depends only on the word, the names, the rules and the listed misspellings)
    clean = idx.clean.setdefault((id(rules), frozenset(misspellings or ())), set())
    if len(clean) > 200_000:
        clean.clear()
    found = False
    for token in set(_TOKEN.findall(text)).difference(clean):
        low = token if token.isupper() else token.lower()
        if low not in cache:
            cache[low] = (
                _best(low.lower(), idx, rules) if _candidate_memo(token, idx, rules) else None
            )
        if cache[low] is None:
            clean.add(token)
        else:
            found = True
    if not found:
        return []
    for m in _TOKEN.finditer(text):
        token = m.group()
        low = token if token.isupper() else token.lower()  # key: acronyms are judged apart
        if low not in cache:
            cache[low] = (
                _best(low.lower(), idx, rules) if _candidate_memo(token, idx, rules) else None
            )
        hit = cache[low]
        if hit is None:
            continue
        name, score = hit
        drug = names.get(name) or (misspellings or {}).get(low.lower(), name)
        how = (
            "a listed misspelling"
            if misspellings and low.lower() in misspellings
            else "not a known name"
        )
        findings.append(
            Finding(
                m.start(),
                m.end(),
                "misspelled_drug",
                token,
                f"'{token}' is {how}; closest is '{name}' ({drug}), similarity {score:.0f}",
                suggestion=_styled(name, token),
                confidence=round(score / 100, 3),
            )
        )
    return findings
