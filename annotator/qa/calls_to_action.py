"""Calls to action: commercial instructions in body text ("Add to cart now and get 10 bonus
pills", "DM me for wholesale prices").

Why this shape: a drug article may mention price or availability ("You can buy ibuprofen over
the counter", "the wholesale cost is about US$0.50"), but it does not tell the reader to act on
an offer. So a sentence is a call to action when it joins a sales action (an imperative or a
request: "order", "click", "message me", "use code") with a commercial object ("% off",
"coupon", "free shipping", "cart"), or piles up `min_commercial_without_action` commercial
words on its own. One finding per sentence, spanning it. Cue lists are data
(`data/promotion_rules.json`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from annotator.models import Finding
from annotator.qa.promotion_rules import PromotionRules, default_rules

_SENTENCE = re.compile(r"[^.!?\n|]+[.!?]*")


@lru_cache(maxsize=4)
def _patterns(rules: PromotionRules) -> tuple[re.Pattern[str], re.Pattern[str]]:
    def rx(words: tuple[str, ...]) -> re.Pattern[str]:
        alts = sorted((re.escape(w) for w in words), key=len, reverse=True)
        return re.compile(
            r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])|[%$](?=\s|\d|$)|\$(?=\d)", re.I
        )

    return rx(rules.action), rx(rules.commercial)


_CLAUSE = re.compile(r"[,:;(\"“”‘’'*]|\s[-–—]\s")
_WORD = re.compile(r"[A-Za-z]+")


def _imperative(sentence: str, at: int, rules: PromotionRules) -> bool:
    """A sales verb addressed to the reader: first in its clause, or after a softener
    ('please', 'just', 'and'); a request with 'me' ('message me') counts anywhere.
    'I will order again' reports, it does not ask."""
    if sentence[at:].lower().split(" ", 2)[1:2] == ["me"] or " me" in sentence[at : at + 12]:
        return True
    clause = _CLAUSE.split(sentence[:at])[-1]
    return all(w.lower() in rules.request_words for w in _WORD.findall(clause))


def find_calls_to_action(text: str, rules: PromotionRules | None = None) -> list[Finding]:
    """One `call_to_action` finding per sentence that asks the reader to buy."""
    rules = rules or default_rules()
    action, commercial = _patterns(rules)
    found = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group()
        acts = {
            a.group().lower()
            for a in action.finditer(sentence)
            if a.group() not in "%$" and _imperative(sentence, a.start(), rules)
        }
        goods = {g.group().lower() for g in commercial.finditer(sentence)}
        if not (acts and goods - acts) and len(goods) < rules.min_commercial_without_action:
            continue
        lead = len(sentence) - len(sentence.lstrip())
        s, e = m.start() + lead, m.start() + len(sentence.rstrip())
        cues = sorted(acts | goods)
        found.append(
            Finding(
                s,
                e,
                "call_to_action",
                text[s:e],
                "commercial call to action in body text (cues: " + ", ".join(cues) + ")",
                suggestion="remove the sales pitch",
                confidence=round(min(1.0, 0.5 + 0.1 * len(cues)), 2),
            )
        )
    return found
