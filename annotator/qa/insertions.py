"""Off-topic insertions: a product the article is not about dropped into one of its sentences
("Physiotherapy, regular stretching and Cialis can make baclofen work better").

Why this shape: pharmacy spam plants the names it sells into pages about other drugs, and what
it sells comes in families by indication (erectile dysfunction, weight loss, hair loss,
wakefulness 'smart drugs', bodybuilding and supplements: generic names, brands and product
types, `data/promotion_rules.json`). A named product is an insertion unless the article is
about it (mentioned at least as often as the article's most-mentioned drug, or that drug is of
the same family), its passage speaks of the family's indication (a sertraline page on sexual
side effects may name sildenafil there), or it stands in a list naming other drugs (an interaction
or comparison list). Drug names come from the caller (the reference table's names).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from annotator.models import Finding
from annotator.qa.casefold import case_sensitive, lowered
from annotator.qa.promotion_rules import PromotionRules, default_rules
from annotator.qa.trie_regex import alternation

_SENTENCE = re.compile(r"[^.!?\n]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")


_WINDOW = 200  # characters before the product's sentence that count as its passage


def _drug_before(text: str, at: int, names: Mapping[str, str]) -> bool:
    words = _WORD.findall(text[max(0, at - 40) : at])
    return bool(words) and words[-1].lower() in names


@lru_cache(maxsize=4)
def _product_pattern(rules: PromotionRules) -> re.Pattern[str]:
    alts = alternation(rules.products, ignore_case=True)  # trie-shaped: see trie_regex
    return re.compile(r"(?<![\w-])(?:" + alts + r")(?![\w-])", re.I)


def _product_hits(text: str, rules: PromotionRules) -> list[re.Match[str]]:
    """The product pattern's matches in `text`; found case-sensitively in the lower-cased text
    when that is the same (casefold.py), then read again at each start in `text` itself."""
    pattern = _product_pattern(rules)
    low, plain = lowered(text), case_sensitive(pattern)
    if low is None or plain is None:
        return list(pattern.finditer(text))
    return [pattern.match(text, h.start()) for h in plain.finditer(low)]


def find_insertions(
    text: str, names: Mapping[str, str] | None = None, rules: PromotionRules | None = None
) -> list[Finding]:
    """`off_topic_insertion` findings; `names` maps drug names (lower case) to drug ids."""
    rules = rules or default_rules()
    names = names or {}
    hits = _product_hits(text, rules)
    if not hits:
        return []
    drugs = Counter(names[w.lower()] for w in _WORD.findall(text) if w.lower() in names)
    top = max(drugs.values(), default=0)
    focus = {d for d, n in drugs.items() if n == top}
    per_product = Counter(h.group().lower() for h in hits)
    low = text.lower()
    family_of = {p: f for f in rules.families for p in f.products}
    found = []
    for h in hits:
        product = h.group().lower()
        family = family_of[product]
        if per_product[product] >= max(top, 2) or focus & set(family.products):
            continue  # the article is about it, or about a drug of its family
        if _drug_before(text, h.start(), names):
            continue  # 'metformin weight loss pills': the article drug's own marketing
        sent = next(m for m in _SENTENCE.finditer(text) if m.start() <= h.start() < m.end() + 1)
        window = low[max(0, sent.start() - _WINDOW) : sent.end()]
        window = _product_pattern(rules).sub(" ", window)  # 'weight loss pills' is no topic
        if sum(window.count(i) for i in family.indications) >= rules.min_indication_mentions:
            continue  # the passage speaks of what the product treats
        others = {
            names[w.lower()]
            for w in _WORD.findall(sent.group())
            if w.lower() in names and w.lower() not in product
        }
        if len(others) > rules.max_other_drugs:
            continue  # an interaction or comparison list
        found.append(
            Finding(
                h.start(),
                h.end(),
                "off_topic_insertion",
                h.group(),
                f"'{h.group()}' ({family.name}) is a product the article is not about, and the "
                "article says nothing of what it treats",
                suggestion="remove the product name",
                confidence=0.8,
            )
        )
    return found
