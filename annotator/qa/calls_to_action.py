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
from collections.abc import Iterator
from functools import lru_cache

from annotator.models import Finding
from annotator.qa.promotion_rules import PromotionRules, default_rules
from annotator.qa.trie_regex import alternation

_SENTENCE = re.compile(r"(?:[^.!?\n|]|[.!?](?=[^\s.!?]))+[.!?]*")  # "$0.99" stays whole


_PRICE = r"[%$€£](?=\s|\d|$)|(?<=\d)\s?%"


@lru_cache(maxsize=4)
def _patterns(rules: PromotionRules) -> tuple[re.Pattern[str], ...]:
    """One pattern per cue list, matched once over the lower-cased text: words and phrases
    between word boundaries (trie-shaped: see trie_regex), plus the symbols ('%', '$') and
    '% off'-like cues on their own."""

    def rx(words: tuple[str, ...], price: bool) -> re.Pattern[str]:
        plain = [w for w in words if w[:1].isalnum() and w[-1:].isalnum()]
        other = sorted((re.escape(w) for w in words if w not in plain), key=len, reverse=True)
        alts = [r"(?<!\w)(?:" + alternation(plain) + r")(?!\w)"] if plain else []
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


def _sentences_at(text: str, at: list[int]) -> Iterator[re.Match[str]]:
    """The _SENTENCE matches of the lines (between newlines and '|') holding an offset of `at`,
    in text order: the sentences a cue can sit in. A sentence never crosses a newline or '|',
    so _SENTENCE restarted at a line's start cuts the line as a scan of the whole text does;
    most of a real article holds no cue and is never split."""
    done = -1
    for i in at:
        if i < done:
            continue  # this line was scanned
        start = max(text.rfind("\n", 0, i), text.rfind("|", 0, i)) + 1
        ends = [e for e in (text.find("\n", i), text.find("|", i)) if e >= 0]
        done = min(ends, default=len(text)) + 1
        for m in _SENTENCE.finditer(text, start):
            if m.start() >= done:
                break
            yield m


def find_calls_to_action(text: str, rules: PromotionRules | None = None) -> list[Finding]:
    """One `call_to_action` finding per sentence that asks the reader to buy."""
    rules = rules or default_rules()
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    action_rx, commercial_rx, strong_rx = _patterns(rules)
    commercial, strong = list(commercial_rx.finditer(low)), list(strong_rx.finditer(low))
    if not commercial and not strong:
        return []  # no sentence can qualify: skip the action scan
    action = list(action_rx.finditer(low))
    found_at = [(hits, [h.start() for h in hits]) for hits in (action, commercial, strong)]
    found = []
    for m in _sentences_at(text, sorted(h.start() for h in commercial + strong)):
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
