"""Off-topic insertions: a product the article is not about dropped into one of its sentences
("Physiotherapy, regular stretching and Cialis can make baclofen work better").

Why this shape: pharmacy spam plants the names it sells (erectile dysfunction, weight loss,
hair loss, 'smart drug' and supplement brands) into pages about other drugs. A named product of
that list (`data/promotion_rules.json`) is an insertion unless the article is about it (it is
mentioned at least as often as the article's most-mentioned drug) or it stands in a list that
names other drugs too (an interaction or comparison list, where naming many drugs is the
point). Drug names come from the caller (the reference table's names) so lists are recognised.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from annotator.models import Finding
from annotator.qa.promotion_rules import PromotionRules, default_rules

_SENTENCE = re.compile(r"[^.!?\n]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")


@lru_cache(maxsize=4)
def _product_pattern(rules: PromotionRules) -> re.Pattern[str]:
    alts = sorted((re.escape(p) for p in rules.products), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.I)


def find_insertions(
    text: str, names: Mapping[str, str] | None = None, rules: PromotionRules | None = None
) -> list[Finding]:
    """`off_topic_insertion` findings; `names` maps drug names (lower case) to drug ids."""
    rules = rules or default_rules()
    names = names or {}
    hits = list(_product_pattern(rules).finditer(text))
    if not hits:
        return []
    drugs = Counter(names[w.lower()] for w in _WORD.findall(text) if w.lower() in names)
    top = max(drugs.values(), default=0)
    per_product = Counter(h.group().lower() for h in hits)
    found = []
    for h in hits:
        product = h.group().lower()
        if per_product[product] >= max(top, 2):
            continue  # the article is about it
        sent = next(m for m in _SENTENCE.finditer(text) if m.start() <= h.start() < m.end() + 1)
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
                f"'{h.group()}' is a spam-listed product the article is not about",
                suggestion="remove the product name",
                confidence=0.8,
            )
        )
    return found
