"""Negation, hedging and hypotheticals, read before any verdict (ConText, as rules in data).

The algorithm is ConText (Chapman et al. 2007) as medspaCy implements it: trigger phrases open a
scope forward or backward that ends at a terminator, the claim's edge or `max_scope` tokens;
pseudo-triggers ("not only", "no more than") block the triggers inside them.
Why not medspaCy itself: importing it costs ~3 s (the whole batch start-up budget is 2 s), it
pins spacy<3.8 and it has no hedging rules, which this product needs most ("may help").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span

from annotator.knowledge.datafiles import DATA_DIR, RuleDataError

RULES_PATH = DATA_DIR / "context.json"
CATEGORIES = ("NEGATED", "HEDGED", "HYPOTHETICAL", "PSEUDO", "TERMINATE")
DIRECTIONS = ("forward", "backward", "bidirectional")
RULE_KEYS = ("literal", "category", "direction", "max_scope")


@dataclass(frozen=True)
class ContextRule:
    literal: str
    category: str
    direction: str = "forward"
    max_scope: int = 8


@dataclass(frozen=True)
class Modifier:
    """A trigger and the character range of the claim it modifies."""

    category: str
    trigger: str
    start: int  # scope, document offsets
    end: int


def load_rules(path: Path = RULES_PATH) -> tuple[ContextRule, ...]:
    """Strict loader: unknown keys or values are errors that name the rule and the options."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuleDataError(f"{path}: cannot read context rules: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleDataError(f"{path}: expected an object with a 'rules' list")
    rules, problems = [], []
    for i, raw in enumerate(data.get("rules", [])):
        unknown = set(raw) - set(RULE_KEYS)
        if unknown:
            problems.append(
                f"{path.name}: rule {i}: unknown key(s) {sorted(unknown)}; "
                f"must be one of: {', '.join(RULE_KEYS)}"
            )
            continue
        if not isinstance(raw.get("literal"), str) or not isinstance(raw.get("category"), str):
            problems.append(f"{path.name}: rule {i}: needs a 'literal' and a 'category' string")
            continue
        rule = ContextRule(**raw)
        if rule.category not in CATEGORIES:
            problems.append(
                f"{path.name}: rule {i}: category must be one of: {', '.join(CATEGORIES)}"
            )
        if rule.direction not in DIRECTIONS:
            problems.append(
                f"{path.name}: rule {i}: direction must be one of: {', '.join(DIRECTIONS)}"
            )
        rules.append(rule)
    if problems:
        raise RuleDataError("\n".join(problems))
    return tuple(rules)


class ContextReader:
    """Finds the modifiers of one claim span."""

    def __init__(self, nlp: Language, rules: tuple[ContextRule, ...] | None = None):
        self.rules = {r.literal.lower(): r for r in (rules or load_rules())}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for literal in self.rules:
            self.matcher.add(literal, [nlp.make_doc(literal)])
        self.strings = nlp.vocab.strings

    def __call__(self, span: Span) -> tuple[Modifier, ...]:
        # the PhraseMatcher reports Doc token indices even when given a Span
        base = span.start
        found = [
            (self.rules[self.strings[m]], s - base, e - base) for m, s, e in self.matcher(span)
        ]
        pseudo = [(s, e) for r, s, e in found if r.category == "PSEUDO"]
        # a trigger inside a pseudo-trigger ("not" in "not only") does not fire
        triggers = [
            (r, s, e)
            for r, s, e in found
            if r.category not in ("PSEUDO", "TERMINATE")
            and not any(ps <= s and e <= pe and (ps, pe) != (s, e) for ps, pe in pseudo)
            and not any(ps <= s < pe for ps, pe in pseudo if (ps, pe) != (s, e))
        ]
        stops = sorted(s for r, s, _ in found if r.category == "TERMINATE")
        out = []
        for rule, s, e in triggers:
            if rule.direction in ("forward", "bidirectional"):
                limit = min([len(span), e + rule.max_scope] + [t for t in stops if t >= e])
                if limit > e:
                    out.append(self._modifier(rule, span, s, e, e, limit))
            if rule.direction in ("backward", "bidirectional"):
                floor = max([0, s - rule.max_scope] + [t + 1 for t in stops if t < s])
                if floor < s:
                    out.append(self._modifier(rule, span, s, e, floor, s))
        return tuple(out)

    @staticmethod
    def _modifier(rule, span, ts, te, start, end) -> Modifier:
        scope = span[start:end]
        return Modifier(rule.category, span[ts:te].text, scope.start_char, scope.end_char)


def modified(modifiers: tuple[Modifier, ...], start: int, end: int, category: str) -> bool:
    """Does a modifier of this category cover the start of the span? (A trigger inside the
    span itself, like the "not" of "not a controlled substance", does not modify it.)"""
    return any(m.category == category and m.start <= start < m.end for m in modifiers)
