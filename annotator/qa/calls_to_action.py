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
from bisect import bisect_left
from functools import lru_cache

from annotator.models import Finding
from annotator.qa.promotion_rules import PromotionRules, default_rules

_SENTENCE = re.compile(r"(?:[^.!?\n|]|[.!?](?=[^\s.!?]))+[.!?]*")  # "$0.99" stays whole


_PRICE = r"[%$€£](?=\s|\d|$)|(?<=\d)\s?%"


@lru_cache(maxsize=4)
def _patterns(rules: PromotionRules) -> tuple[re.Pattern[str], ...]:
    """One pattern per cue list, matched once over the lower-cased text: words and phrases
    between word boundaries, plus the symbols ('%', '$') and '% off'-like cues on their own."""

    def rx(words: tuple[str, ...], price: bool) -> re.Pattern[str]:
        plain = sorted((re.escape(w) for w in words if w[:1].isalnum() and w[-1:].isalnum()),
                       key=len, reverse=True)  # fmt: skip
        other = sorted((re.escape(w) for w in words if w not in plain and not (
            w[:1].isalnum() and w[-1:].isalnum())), key=len, reverse=True)  # fmt: skip
        alts = [r"(?<!\w)(?:" + "|".join(plain) + r")(?!\w)"] if plain else []
        alts += other + ([_PRICE] if price else [])
        return re.compile("|".join(alts))

    return rx(rules.action, False), rx(rules.commercial, True), rx(rules.strong, False)


_CLAUSE = re.compile(r"[,:;(\"“”‘’'*]|\s[-–—]\s")
_WORD = re.compile(r"[A-Za-z]+")


def _imperative(sentence: str, at: int, rules: PromotionRules) -> bool:
    """A sales verb addressed to the reader: first in its clause, or after a softener
    ('please', 'just', 'and'); a request with 'me' or 'us' ('message me') counts anywhere.
    'I will order again' reports, it does not ask; 'do not buy ...' warns."""
    after = sentence[at:].lower().split(" ", 2)[1:2]
    if after in (["me"], ["us"]) or " me" in sentence[at : at + 12]:
        return True
    clause = _CLAUSE.split(sentence[:at])[-1]
    words = [w.lower() for w in _WORD.findall(clause)]
    if any(w in rules.negations for w in words) or clause.rstrip().lower().endswith("n't"):
        return False
    return all(w in rules.request_words for w in words)


def _between(hits: list[re.Match[str]], starts: list[int], lo: int, hi: int) -> list:
    return hits[bisect_left(starts, lo) : bisect_left(starts, hi)]


def find_calls_to_action(text: str, rules: PromotionRules | None = None) -> list[Finding]:
    """One `call_to_action` finding per sentence that asks the reader to buy."""
    rules = rules or default_rules()
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    action, commercial, strong = (list(p.finditer(low)) for p in _patterns(rules))
    if not commercial and not strong:
        return []
    found_at = [(hits, [h.start() for h in hits]) for hits in (action, commercial, strong)]
    found = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group()
        inside = [_between(hits, starts, m.start(), m.end()) for hits, starts in found_at]
        if not inside[1] and not inside[2]:
            continue
        acts = {a.group() for a in inside[0] if _imperative(sentence, a.start() - m.start(), rules)}
        goods = {g.group().strip() for g in inside[1]}
        pitch = {g.group() for g in inside[2]}
        asks = bool(acts and goods - acts)  # 'order now' + 'free shipping'
        body = len(_WORD.findall(sentence)) >= rules.min_pitch_words  # a sentence, not a label
        cues = goods | pitch
        pitched = (pitch and len(acts | cues) >= 2) or len(
            cues
        ) >= rules.min_commercial_without_action
        if not asks and not (body and pitched):
            continue
        lead = len(sentence) - len(sentence.lstrip())
        s, e = m.start() + lead, m.start() + len(sentence.rstrip())
        cues = sorted(acts | goods | pitch)
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
