"""Machine-translation garble and broken grammar, by general rules and document evidence.

Why this shape: a leaflet translated word for word keeps its source language's order and
prepositions ("Take Gabapentin not in", "allergic against", "25 mg at day") and its false
friends ("apothecary", "embarrassed" for pregnant). The structural patterns are wrong English
wherever they occur, so they always fire (`mt_garble`). False friends are ordinary English
elsewhere ("eventually", "Actually"), so they fire only in a document that already shows
`gate_min_hits` distinct pieces of evidence: structural rules, and the lexical rules marked
`"evidence": true` (an unmistakable false friend, "transpiration" for sweating, or a word left
untranslated, "comprimés"). Evidence accumulates per document, and an edited article (none)
never reaches the gate. In a gated document a rare word that drug text never uses
("benumbedness": English Zipf frequency below `rare_zipf`, absent from the label vocabulary
in `data/drug_text_words.txt`) is garble too, and tortured-phrase findings become `mt_garble`
(a fixed expression translated by a dictionary equivalent). Learner-English grammar errors
("must to swallow", "the pills is") are `garbled_grammar`. Rules are data
(`data/mt_rules.json`), each naming the interference it stands for.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from annotator.knowledge.datafiles import DATA_DIR, RuleDataError, check_keys, read_json
from annotator.models import Finding
from annotator.qa.regex_literals import requirements
from annotator.qa.tortured import norm
from annotator.qa.trie_regex import alternation

MT_RULES_PATH = DATA_DIR / "mt_rules.json"
DRUG_WORDS_PATH = DATA_DIR / "drug_text_words.txt"
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z-]{4,}(?![\w-])")


class MtRulesError(RuleDataError):
    """mt_rules.json or drug_text_words.txt is malformed; the message names file and problem."""


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern[str]
    suggestion: str
    detail: str
    gated: bool = False
    evidence: bool = False  # a hit counts towards the gate (even for a gated rule)
    anchors: tuple[str, ...] = ()  # a text containing none of them skips the rule
    lower: bool = True  # matched against the lower-cased text


@dataclass(frozen=True)
class MtRules:
    gate_min_hits: int
    rare_zipf: float
    mt: tuple[Rule, ...]
    grammar: tuple[Rule, ...]


_TOP = {
    "description": str,
    "source": str,
    "gate_min_hits": int,
    "rare_zipf": (int, float),
    "mt": list,
    "grammar": list,
}
_RULE = {
    "id": str,
    "pattern": str,
    "suggestion": str,
    "detail": str,
    "gated": bool,
    "evidence": bool,
    "kind": str,
    "case_sensitive": bool,
    "anchors": list,
}


def _anchors(where: str, raw: dict) -> tuple[str, ...]:
    """Strings of which every match contains one: a document without any skips the rule.
    Lower case unless the rule is case-sensitive (then they are searched in the text as is)."""
    anchors = raw.get("anchors", [])
    lower = not raw.get("case_sensitive")
    if not all(isinstance(a, str) and a and (a == a.lower() or not lower) for a in anchors):
        raise MtRulesError(f"{where}: anchors must be non-empty strings (lower case)")
    return tuple(anchors)


def _rule(where: str, raw: object) -> Rule:
    check_keys(where, raw, _RULE, MtRulesError, {"id", "pattern", "suggestion", "detail"})
    if not raw.get("case_sensitive") and re.search(r"\\[A-Z]", raw["pattern"]):
        raise MtRulesError(f"{where}: an upper-case escape needs 'case_sensitive': true")
    try:  # case-insensitive rules run on the lower-cased text: faster than re.IGNORECASE
        rx = re.compile(raw["pattern"] if raw.get("case_sensitive") else raw["pattern"].lower())
    except re.error as err:
        raise MtRulesError(f"{where}: bad regular expression: {err}") from None
    return Rule(
        raw["id"],
        rx,
        raw["suggestion"],
        raw["detail"],
        raw.get("gated", False),
        raw.get("evidence", not raw.get("gated", False)),
        _anchors(where, raw),
        not raw.get("case_sensitive", False),
    )


def load_mt_rules(path: Path | str = MT_RULES_PATH) -> MtRules:
    """Read and validate mt_rules.json; problems are one-line MtRulesError messages."""
    path = Path(path)
    data = check_keys(str(path), read_json(path, MtRulesError), _TOP, MtRulesError)
    mt = tuple(_rule(f"{path}: mt[{i}]", r) for i, r in enumerate(data["mt"]))
    grammar = tuple(_rule(f"{path}: grammar[{i}]", r) for i, r in enumerate(data["grammar"]))
    ids = [r.id for r in mt + grammar]
    if len(ids) != len(set(ids)):
        raise MtRulesError(f"{path}: rule ids must be unique")
    return MtRules(data["gate_min_hits"], float(data["rare_zipf"]), mt, grammar)


def load_drug_words(path: Path | str = DRUG_WORDS_PATH) -> frozenset[str]:
    """The label-text vocabulary, one lower-case word a line ('#' lines are comments)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise MtRulesError(f"{path}: cannot read words: {err}") from None
    words = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
    bad = next((n for n, w in enumerate(words, 1) if not w.isalpha() or w != w.lower()), None)
    if bad:
        raise MtRulesError(f"{path}: word {bad} is not a lower-case word")
    return frozenset(words)


@lru_cache(maxsize=1)
def _defaults() -> tuple[MtRules, frozenset[str]]:
    return load_mt_rules(), load_drug_words()


def _zipf(word: str) -> float:
    from annotator.qa.spelling import _zipf as zipf  # one cached wordfreq look-up for all stages

    return zipf(word)


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


_SELECTIVE = 6  # shorter strings occur in most texts: they would slow the scan, not skip rules
_SCANNERS: dict[int, tuple[MtRules, tuple, dict[str, tuple[frozenset[str], ...]]]] = {}


def _scanners(rules: MtRules) -> tuple[tuple, dict[str, tuple[frozenset[str], ...]]]:
    """Per case (lower-cased text, text as is): a pattern finding, at every offset, the longest
    literal starting there, and for each literal the literals that are its prefixes. Every
    literal that occurs starts where some longest one does and is its prefix, so one scan of
    the text tells which occur, where a substring test per literal scanned the text hundreds
    of times. The literals are the rules' anchors and the strings their patterns cannot
    match without (regex_literals.requirements, by rule id)."""
    hit = _SCANNERS.get(id(rules))
    if hit is None or hit[0] is not rules:
        required = {
            r.id: tuple(q for q in requirements(r.pattern) if min(map(len, q)) >= _SELECTIVE)
            for r in rules.mt + rules.grammar
        }
        out = []
        for lower in (True, False):
            lits = {
                a
                for r in rules.mt + rules.grammar
                if r.lower == lower
                for a in r.anchors + tuple(s for req in required[r.id] for s in req)
            }
            rx = re.compile("(?=(" + alternation(lits) + "))") if lits else None
            out.append((rx, {a: frozenset(b for b in lits if a.startswith(b)) for a in lits}))
        hit = _SCANNERS[id(rules)] = (rules, tuple(out), required)
    return hit[1], hit[2]


def _present(text: str, low: str, rules: MtRules) -> tuple[frozenset[str], frozenset[str]]:
    """The literals occurring in the lower-cased text, and those of case-sensitive rules in
    text."""
    out = []
    for hay, (rx, prefixes) in zip((low, text), _scanners(rules)[0], strict=True):
        longest = set(rx.findall(hay)) if rx else set()
        out.append(frozenset().union(*(prefixes[a] for a in longest)))
    return out[0], out[1]


def _may_match(rule: Rule, present: frozenset[str], required) -> bool:
    """The text holds one of the rule's anchors (if it has any) and, for each set of strings
    its pattern needs, one of them: otherwise the scan could find nothing."""
    if rule.anchors and not any(a in present for a in rule.anchors):
        return False
    return all(not req.isdisjoint(present) for req in required[rule.id])


def _hits(
    text: str,
    rules: tuple[Rule, ...],
    kind: str,
    low: str,
    present: tuple[frozenset[str], frozenset[str]],
    required: dict[str, tuple[frozenset[str], ...]],
) -> list[Finding]:
    return [
        Finding(
            m.start(),
            m.end(),
            kind,
            text[m.start() : m.end()],
            f"{rule.detail} (rule {rule.id})",
            suggestion=rule.suggestion,
            confidence=0.6 if rule.gated else 0.8,
        )
        for rule in rules
        if _may_match(rule, present[not rule.lower], required)
        for m in rule.pattern.finditer(low if rule.lower else text)
        if m.end() > m.start()
    ]


def find_translation_garble(
    text: str,
    tortured: list[Finding] = (),
    known: Collection[str] = (),
    rules: MtRules | None = None,
    drug_words: frozenset[str] | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """(garble and grammar findings, tortured findings kept as they are). `known` holds words
    that are not garble whatever their frequency (drug names)."""
    default_rules, default_words = _defaults()
    rules, drug_words = rules or default_rules, drug_words or default_words
    low = _lower(text)
    present, required = _present(text, low, rules), _scanners(rules)[1]
    seen = (low, present, required)
    found = _hits(text, tuple(r for r in rules.mt if not r.gated), "mt_garble", *seen)
    found += _hits(text, rules.grammar, "garbled_grammar", *seen)
    telling = tuple(r for r in rules.mt if r.gated and r.evidence)
    telling = _hits(text, telling, "mt_garble", *seen)
    evidence = {_rule_id(f) for f in found + telling if f.kind == "mt_garble"}
    if len(evidence) < rules.gate_min_hits:
        return _dedupe(found, text), list(tortured)
    found += _hits(text, tuple(r for r in rules.mt if r.gated), "mt_garble", *seen)
    for m in _LOWER_WORD.finditer(text):
        w = m.group()
        us = w.replace("ae", "e").replace("oe", "e")  # British medical spelling
        if (
            norm(w) in drug_words
            or norm(us) in drug_words
            or w in known
            or "-" in w
            or _zipf(w) >= rules.rare_zipf
        ):
            continue
        found.append(
            Finding(
                m.start(),
                m.end(),
                "mt_garble",
                w,
                f"'{w}' is rare in English and absent from drug text, in a page that reads as "
                "machine-translated",
                confidence=0.5,
            )
        )
    found += [
        replace(
            f, kind="mt_garble", detail=f.detail + ", in a page that reads as machine-translated"
        )
        for f in tortured
    ]
    return _dedupe(found, text), []


def _rule_id(f: Finding) -> str:
    return f.detail.rpartition("(rule ")[2].rstrip(")")


_SENTENCE_END = re.compile(r"[.!?\n]")
_GAP = re.compile(r"[\s\w]{0,6}")


def _dedupe(found: list[Finding], text: str) -> list[Finding]:
    """One finding per garbled stretch: overlapping or adjacent findings of one kind merge (two
    rules may read one calque: 'Give it not' + 'further to third'), and broken grammar is one
    finding per sentence however many rules fire in it."""
    out: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        last = out[-1] if out else None
        if last and last.kind == f.kind:
            gap = text[last.end : f.start] if f.start > last.end else ""
            near = _GAP.fullmatch(gap) is not None
            same_sentence = f.kind == "garbled_grammar" and not _SENTENCE_END.search(gap)
            if f.start < last.end or near or same_sentence:
                end = max(last.end, f.end)
                rules = last.detail if f.start < last.end else f"{last.detail}; {f.detail}"
                out[-1] = replace(last, end=end, text=text[last.start : end], detail=rules)
                continue
        out.append(f)
    return out
