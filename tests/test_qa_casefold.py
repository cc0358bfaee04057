"""casefold: a lower-case pattern over the lower-cased text finds what IGNORECASE finds."""

from __future__ import annotations

import random
import re

from annotator.qa.casefold import FOLDS_TO_ASCII, case_sensitive, lowered


def test_only_the_listed_characters_fold_to_ascii_letters_under_ignorecase():
    letter = re.compile(r"[a-z]", re.IGNORECASE)
    folds = {chr(c) for c in range(0x80, 0x110000) if letter.fullmatch(chr(c))}
    assert folds == set(FOLDS_TO_ASCII)


def test_lowering_keeps_every_character_a_word_character_or_not():
    word = re.compile(r"[\w-]")
    for c in range(0x110000):
        ch = chr(c)
        low = ch.lower()
        if len(low) == 1:
            assert bool(word.fullmatch(ch)) == bool(word.fullmatch(low)), hex(c)


def test_patterns_that_do_not_qualify():
    assert case_sensitive(re.compile(r"[A-Z]x", re.I)) is None
    assert case_sensitive(re.compile(r"(\w+) \1", re.I)) is None
    assert case_sensitive(re.compile(r"caf\u00e9", re.I)) is None
    assert case_sensitive(re.compile(r"\bmay\s+\S", re.I)) is not None
    assert lowered("Kelvin \u212a") is None and lowered("\u0130stanbul") is None


def test_random_texts_match_alike():
    patterns = [
        r"(?<![\w-])(?:viagra|cialis|weight loss pills?)(?![\w-])",
        r"\b(may|might|can)\s+([a-z]{2,}ing)\b",
        r"\b(belongs|belong|belonged)\s+(a|an|the)\b",
        r"[^a-z]s\b|k[a-z]*",
    ]
    rng = random.Random(5)
    alphabet = ["may ", "MAY ", "Viagra", "CIALIS", "weight Loss pill", "belong", "The ",
                "taking", "TAKING", "ß", "É", "σ", "Σ", "ς", " ", "-", "\n", "k", "S", "x"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        low = lowered(text)
        for src in patterns:
            ci = re.compile(src, re.I)
            plain = case_sensitive(ci)
            if low is None or plain is None:
                continue
            got = [ci.match(text, m.start()) for m in plain.finditer(low)]
            want = list(ci.finditer(text))
            assert [(m.span(), m.groups()) for m in got] == [
                (m.span(), m.groups()) for m in want
            ], (src, text)


def test_no_other_character_lower_cases_into_ascii():
    """Why stuffing may tokenise the lower-cased text: beyond İ and K (refused by lowered), no
    character becomes an ASCII letter, digit or punctuation mark when lower-cased."""
    into_ascii = {
        chr(c) for c in range(0x80, 0x110000) if any(ord(x) < 128 for x in chr(c).lower())
    }
    assert into_ascii == {"\u0130", "\u212a"}
