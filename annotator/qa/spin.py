"""Spin findings: alternatives a spinner left unrendered, and template debris.

Article spinners write "{is|represents|functions as}" and pick one; a broken renderer prints
"a/represents/functions as". One group is one finding (kind `spin_artifact`) whose span covers
every alternative, so the reviewer sees the whole debris and the first alternative as the fix.

Which slashes: a slash between letters, not inside a URL or path token, not between units
("mg/kg"), abbreviations (tokens with two capitals or a digit, "5-HT/NE"; or both sides at most
two letters, "w/v"), and not a listed pair ("and/or", "he/she"). Slashes whose in-between text is
at most `max_inner_words` words without punctuation or a conjunction chain into one run ("and"
joins the shared sentence, not an alternative: "physical/psychological dependence and
when/where" is two human pairs); a run of four or more
slashes whose inner segments are unequal is split at its longest inner segment ("offers/provides/
delivers noticeable/meaningful/substantial" is two groups). A run is reported when it has at
least `min_segments` alternatives (human writers use "physical/psychological", spinners render
three), or when a later alternative starts with a capital mid-sentence ("It can/May improve").

Group boundaries. Inner alternatives are known exactly; the first and last are cut from the
words around the run, within the clause and never into a neighbouring group:
- sentence-initial groups (a later alternative is capitalised: "It can/May/Has the potential to")
  start at the clause start and end at the last alternative's first closing word (preposition,
  complementizer or quantifier; not its first word when that is a preposition, and not before
  "be": "It is crucial to be aware of");
- otherwise the first alternative has as many words as the shortest inner one, trimmed to a
  function word when the inner alternative starts with one ("conditions like/such as" -> "like"),
  and a lone particle takes its head ("such as"); the last alternative has as many words as the
  fewest content words among the known alternatives (at least one), takes a following
  preposition after a content word ("functions as") and drops a trailing determiner.
The word classes and lists are data (`data/spin_rules.json`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from annotator.knowledge.datafiles import DATA_DIR, RuleDataError, check_keys, read_json
from annotator.models import Finding

SPIN_RULES_PATH = DATA_DIR / "spin_rules.json"

_SLASH = re.compile(r"(?<=[A-Za-z'’])/(?=[A-Za-z])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_STOP = re.compile(r"[.,;:!?()\[\]{}\"“”\n|]")
_TOKEN_OK = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:/[A-Za-z][A-Za-z'’-]*)+")


class SpinRulesError(RuleDataError):
    """spin_rules.json is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class DebrisRule:
    id: str
    pattern: re.Pattern[str]
    group: int
    suggestion: str
    detail: str


@dataclass(frozen=True)
class SpinRules:
    word_class: Mapping[str, str]  # closed-class word -> class name; other words are "content"
    dependent_particles: frozenset[str]
    closing_classes: frozenset[str]
    continuing_words: frozenset[str]
    legitimate_pairs: frozenset[str]
    article_choices: frozenset[str]
    units: frozenset[str]
    min_segments: int
    max_alternative_words: int
    max_inner_words: int
    max_clause_words: int
    debris: tuple[DebrisRule, ...]
    spintax: re.Pattern[str]


_KEYS = {
    "description": str,
    "word_classes": dict,
    "dependent_particles": list,
    "closing_classes": list,
    "continuing_words": list,
    "legitimate_pairs": list,
    "article_choices": list,
    "units": list,
    "min_segments": int,
    "max_alternative_words": int,
    "max_inner_words": int,
    "max_clause_words": int,
    "debris": list,
    "spintax": str,
}
_DEBRIS_KEYS = {"id": str, "pattern": str, "group": int, "suggestion": str, "detail": str}


def _check_keys(where: str, data: object, spec: dict[str, type]) -> dict:
    return check_keys(where, data, spec, SpinRulesError)


def _regex(where: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as err:
        raise SpinRulesError(f"{where}: bad regular expression: {err}") from None


def load_spin_rules(path: Path | str = SPIN_RULES_PATH) -> SpinRules:
    """Read and validate spin_rules.json; every problem is a one-line SpinRulesError."""
    path = Path(path)
    data = read_json(path, SpinRulesError)
    _check_keys(str(path), data, _KEYS)
    word_class = {}
    for cls, words in data["word_classes"].items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise SpinRulesError(f"{path}: word_classes.{cls} must be a list of strings")
        word_class.update({w.lower(): cls for w in words})
    bad = sorted(set(data["closing_classes"]) - set(data["word_classes"]))
    if bad:
        raise SpinRulesError(f"{path}: closing_classes {bad} are not word_classes")
    debris = []
    for i, rule in enumerate(data["debris"]):
        where = f"{path}: debris[{i}]"
        _check_keys(where, rule, _DEBRIS_KEYS)
        rx = _regex(where, rule["pattern"])
        if not 0 <= rule["group"] <= rx.groups:
            raise SpinRulesError(f"{where}: group {rule['group']} not in pattern")
        debris.append(DebrisRule(rule["id"], rx, rule["group"], rule["suggestion"], rule["detail"]))

    def low(key):
        return frozenset(w.lower() for w in data[key])

    return SpinRules(
        word_class,
        low("dependent_particles"),
        frozenset(data["closing_classes"]),
        low("continuing_words"),
        low("legitimate_pairs"),
        low("article_choices"),
        low("units"),
        data["min_segments"],
        data["max_alternative_words"],
        data["max_inner_words"],
        data["max_clause_words"],
        tuple(debris),
        _regex(str(path), data["spintax"]),
    )


def load_synonyms(path: Path | str) -> dict[str, str]:
    """Surface phrase (lower case) -> concept id, from a CSV with `term_id` and `names` columns.

    The format of reference_notes/terms.csv: `names` holds `|`-joined synonyms; rows whose first
    cell starts with "#" are comments. A phrase listed under two term ids (terms.csv has
    "headache" as a condition and as an adverse effect) keeps its first id: the same words name
    the same thing whichever role they play, so drift between them is never reported.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise SpinRulesError(f"{path}: cannot read synonyms: {err}") from None
    rows = [(n, r) for n, r in enumerate(csv.reader(lines), 1) if r and not r[0].startswith("#")]
    if not rows or "term_id" not in rows[0][1] or "names" not in rows[0][1]:
        raise SpinRulesError(f"{path}:1: header must have 'term_id' and 'names' columns")
    header = rows[0][1]
    tid, names = header.index("term_id"), header.index("names")
    out: dict[str, str] = {}
    for line, row in rows[1:]:
        if len(row) <= max(tid, names) or not row[tid].strip():
            raise SpinRulesError(f"{path}:{line}: missing term_id or names")
        for name in filter(None, (n.strip().lower() for n in row[names].split("|"))):
            out.setdefault(name, row[tid].strip())
    return out


@lru_cache(maxsize=1)
def _default_rules() -> SpinRules:
    return load_spin_rules()


def find_spin(
    text: str, synonyms: Mapping[str, str] | None = None, rules: SpinRules | None = None
) -> list[Finding]:
    """Spin artifacts (and, given a synonym vocabulary, spin drift) in `text`, by offset."""
    rules = rules or _default_rules()
    findings: list[Finding] = []
    for spans in _groups(text, rules):
        alts = [text[s:e] for s, e in spans]
        start, end = spans[0][0], spans[-1][1]
        findings.append(
            Finding(
                start,
                end,
                "spin_artifact",
                text[start:end],
                "alternatives: " + " | ".join(alts),
                suggestion=alts[0],
            )
        )
        if synonyms:
            drift = _drift(alts, synonyms)
            if drift:
                findings.append(
                    Finding(
                        start,
                        end,
                        "spin_drift",
                        text[start:end],
                        drift,
                        suggestion=alts[0],
                        confidence=0.9,
                    )
                )
    for rule in rules.debris:
        for m in rule.pattern.finditer(text):
            s, e = m.span(rule.group)
            findings.append(
                Finding(
                    s,
                    e,
                    "spin_artifact",
                    text[s:e],
                    f"{rule.detail} (rule {rule.id})",
                    suggestion=rule.suggestion,
                )
            )
    for m in rules.spintax.finditer(text):
        alts = [a.strip() for a in m.group(1).split("|")]
        findings.append(
            Finding(
                m.start(),
                m.end(),
                "spin_artifact",
                m.group(0),
                "alternatives: " + " | ".join(alts),
                suggestion=alts[0],
            )
        )
    return sorted(findings, key=lambda f: (f.start, f.end, f.kind))


def _drift(alts: list[str], synonyms: Mapping[str, str]) -> str:
    """Say which alternatives name different concepts ("vertigo is not dizziness")."""
    known = [(a, synonyms[a.lower().strip()]) for a in alts if a.lower().strip() in synonyms]
    concepts = list(dict.fromkeys(c for _, c in known))
    if len(concepts) < 2:
        return ""
    by_concept = {c: [a for a, k in known if k == c] for c in concepts}
    parts = [" / ".join(by_concept[c]) + f" ({c})" for c in concepts]
    return "alternatives differ in meaning, not synonyms: " + " vs ".join(parts)


def _candidate_slashes(text: str, rules: SpinRules) -> list[int]:
    out = []
    for m in _SLASH.finditer(text):
        i = m.start()
        ts = i
        while ts > 0 and not text[ts - 1].isspace():
            ts -= 1
        te = i
        while te < len(text) and not text[te].isspace():
            te += 1
        token = text[ts:te].strip(".,;:!?()[]\"'“”’*")
        if not _TOKEN_OK.fullmatch(token):  # URL, path, numbers, "@", ":" ...
            continue
        left = _WORD.findall(text[ts:i])
        right = _WORD.findall(text[i + 1 : te])
        if not left or not right:
            continue
        lw, rw = left[-1].split("/")[-1], right[0]
        if f"{lw.lower()}/{rw.lower()}" in rules.legitimate_pairs:
            continue
        if lw.lower() in rules.units or rw.lower() in rules.units:
            continue
        pair = {lw.lower(), rw.lower()}
        if pair <= rules.article_choices:  # "a/an/the": a spinner's article slot
            out.append(i)
            continue
        if _abbrev(lw) or _abbrev(rw) or (len(lw) <= 2 and len(rw) <= 2):
            continue
        if _heading_line(text, i):  # "Warnings/Precautions", "Dosage/Administration"
            continue
        out.append(i)
    return out


def _heading_line(text: str, i: int) -> bool:
    """A slash on a heading or label line (Markdown '#', or a short line without a full stop)
    joins section names, not spin alternatives."""
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    line = text[start : end if end != -1 else len(text)].strip()
    if line.startswith("#"):
        return True
    return len(line.split()) <= 4 and not line.rstrip("*_ ").endswith((".", "!", "?", ","))


def _abbrev(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 or any(c.isdigit() for c in word)


def _runs(text: str, slashes: list[int], rules: SpinRules) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in slashes:
        if runs:
            between = text[runs[-1][-1] + 1 : i]
            words = [w.lower() for w in _WORD.findall(between)]
            if (
                not _STOP.search(between)
                and len(words) <= rules.max_inner_words
                and not any(rules.word_class.get(w) == "conj" for w in words)
            ):
                runs[-1].append(i)
                continue
        runs.append([i])
    out: list[list[int]] = []
    for run in runs:
        out.extend(_split(text, run))
    return out


def _split(text: str, run: list[int]) -> list[list[int]]:
    """Split a run of 4+ slashes at its longest inner segment when the inner lengths differ."""
    if len(run) < 4:
        return [run]
    lengths = [len(_WORD.findall(text[a + 1 : b])) for a, b in pairwise(run)]
    j = max(range(1, len(lengths) - 1), key=lambda k: lengths[k])  # keep 2+ slashes each side
    if lengths[j] < 2 or lengths[j] == min(lengths):
        return [run]
    return _split(text, run[: j + 1]) + _split(text, run[j + 1 :])


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Words of text[start:end] up to the first clause stop (searching from `start`)."""
    return [
        (m.start() + start, m.end() + start, m.group()) for m in _WORD.finditer(text[start:end])
    ]


def _cls(word: str, rules: SpinRules) -> str:
    w = re.split(r"['’]", word.lower())[0]
    return rules.word_class.get(w, "content")


def _groups(text: str, rules: SpinRules) -> list[list[tuple[int, int]]]:
    runs = _runs(text, _candidate_slashes(text, rules), rules)
    lefts: list[tuple[int, bool] | None] = []
    inners_all: list[list[str]] = []
    prev_end = 0
    for run in runs:
        inners = [text[a + 1 : b].strip() for a, b in pairwise(run)]
        inners_all.append(inners)
        later = inners + [text[run[-1] + 1 : run[-1] + 2]]
        initial = any(s[:1].isupper() for s in later)
        segs = len(run) + 1
        if segs < rules.min_segments and not initial:
            lefts.append(None)
            prev_end = run[-1]
            continue
        lefts.append((_left(text, prev_end, run[0], inners, initial, rules), initial))
        prev_end = run[-1]
    groups = []
    for k, run in enumerate(runs):
        if lefts[k] is None:
            continue
        left_start, initial = lefts[k]
        limit = len(text)
        if k + 1 < len(runs):  # stop before the next run: its left alternative or touching word
            nxt = _words(text, run[-1] + 1, runs[k + 1][0])
            limit = lefts[k + 1][0] if lefts[k + 1] else (nxt[-1][0] if nxt else runs[k + 1][0])
        left_text = text[left_start : run[0]]
        right_end = _right(text, run[-1] + 1, limit, [left_text] + inners_all[k], initial, rules)
        if right_end is None:
            continue
        spans = [(left_start, run[0])]
        spans += [(a + 1, b) for a, b in pairwise(run)]
        spans.append((run[-1] + 1, right_end))
        groups.append(spans)
    return groups


def _clause_words(text: str, lo: int, hi: int, backwards: bool) -> list[tuple[int, int, str]]:
    seg = text[lo:hi]
    stops = list(_STOP.finditer(seg))
    if backwards and stops:
        lo += stops[-1].end()
    elif not backwards and stops:
        hi = lo + stops[0].start()
    return _words(text, lo, hi)


def _left(
    text: str, lo: int, slash: int, inners: list[str], initial: bool, rules: SpinRules
) -> int:
    words = _clause_words(text, lo, slash, backwards=True)
    words = [w for w in words if text[w[0] - 1 : w[0]] != "/"]  # belongs to the previous run
    if not words:
        return slash
    if initial and len(words) <= rules.max_clause_words:
        return words[0][0]
    n = min((len(_WORD.findall(s)) for s in inners), default=1) or 1
    cand = words[-min(n, rules.max_alternative_words) :]
    first_inner = _WORD.findall(inners[0]) if inners else []
    if first_inner and _cls(first_inner[0], rules) != "content":
        while len(cand) > 1 and _cls(cand[0][2], rules) == "content":
            cand = cand[1:]
    if len(cand) == 1 and cand[0][2].lower() in rules.dependent_particles and len(words) > 1:
        cand = words[-2:]
    return cand[0][0]


def _right(
    text: str, lo: int, hi: int, known: list[str], initial: bool, rules: SpinRules
) -> int | None:
    words = _clause_words(text, lo, max(lo, hi), backwards=False)
    if not words:
        return None
    if initial:
        for i, (_, e, w) in enumerate(words[: rules.max_clause_words]):
            c = _cls(w, rules)
            if c not in rules.closing_classes or (i == 0 and c == "prep"):
                continue
            if i + 1 < len(words) and words[i + 1][2].lower() in rules.continuing_words:
                continue
            return e
    content = [sum(_cls(w, rules) == "content" for w in _WORD.findall(k)) for k in known]
    n = max(1, min(content, default=1))
    cand = words[: min(n, rules.max_alternative_words)]
    nxt = words[len(cand)] if len(cand) < len(words) else None
    if nxt and _cls(cand[-1][2], rules) == "content" and _cls(nxt[2], rules) == "prep":
        cand = cand + [nxt]
    while len(cand) > 1 and _cls(cand[-1][2], rules) == "det":
        cand = cand[:-1]
    return cand[-1][1]
