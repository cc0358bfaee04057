"""The trie-shaped cue pattern matches exactly what the flat, length-sorted alternation matches."""

from __future__ import annotations

import random
import re

from annotator.qa.trie_regex import alternation


def _flat(words) -> str:
    return "|".join(sorted((re.escape(w) for w in set(words)), key=len, reverse=True))


def _spans(pattern: str, text: str, flags=0):
    return [(m.start(), m.end(), m.group()) for m in re.finditer(pattern, text, flags)]


def test_prefixes_prefer_the_longest_word_that_fits_the_boundary():
    words = ["order", "order now", "orders", "buy", "buy now", "% off", "$"]
    rx = r"(?<!\w)(?:" + alternation(words) + r")(?!\w)"
    text = "Order now! orders ordered buy nowhere buy now, 10% off $5"
    assert _spans(rx, text.lower()) == _spans(
        r"(?<!\w)(?:" + _flat(words) + r")(?!\w)", text.lower()
    )
    assert [s[2] for s in _spans(rx, text.lower())] == ["order now", "orders", "buy", "buy now"]


def test_random_word_lists_and_texts_match_alike():
    rng = random.Random(7)
    letters = "ab c-.$%"
    for _ in range(400):
        words = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 5))) for _ in range(8)}
        text = "".join(rng.choice(letters + "dA") for _ in range(60))
        for wrap in ("{}", r"(?<!\w)(?:{})(?!\w)", r"(?<![\w-])(?:{})(?![\w-])"):
            trie, flat = wrap.format(alternation(words)), wrap.format(_flat(words))
            assert _spans(trie, text) == _spans(flat, text), (words, text, wrap)
            lower = {w.lower() for w in words}
            trie, flat = wrap.format(alternation(lower, True)), wrap.format(_flat(lower))
            assert _spans(trie, text, re.I) == _spans(flat, text, re.I), (lower, text)


def test_mixed_case_words_fall_back_to_the_flat_alternation_when_case_is_ignored():
    assert alternation(["Abc", "ab"], ignore_case=True) == _flat(["Abc", "ab"])
