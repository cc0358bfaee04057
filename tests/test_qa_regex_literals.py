"""regex_literals.requirements: strings every match needs, so a text without them is skipped."""

from __future__ import annotations

import random
import re

from annotator.qa.regex_literals import requirements
from annotator.qa.translation import _defaults


def _holds(reqs, text: str) -> bool:
    return all(any(s in text for s in req) for req in reqs)


def test_fixed_text_is_joined_across_groups_and_optional_parts():
    reqs = requirements(re.compile(r"\bsince (?:years|months)\b"))
    assert reqs == (frozenset({"since years", "since months"}),)
    reqs = requirements(re.compile(r"\b(?:was|is) (?:also )?have\b(?! to\b)"))
    assert frozenset({"was have", "was also have", "is have", "is also have"}) in reqs


def test_no_requirement_where_a_part_is_open_or_case_is_ignored():
    assert requirements(re.compile(r"\w+ing")) == (frozenset({"ing"}),)
    assert requirements(re.compile(r"(?:foo)?\d+")) == ()
    assert requirements(re.compile(r"since years", re.I)) == ()
    assert requirements(re.compile(r"(?i)since years")) == ()
    assert requirements(re.compile(r"a|\d")) == ()


_PIECES = [
    "a", "b", "ab", "ba", " ", r"\b", r"\s+", r"\w", r"\d", "[ab]", "[^a]", "(?:a|bb)",
    "(?:ab)?", "a?", "b*", "(a|b)+", "(?:a|)", "(?=a)", "(?!b)", "(?<=a)", "^", "$", "a{2}",
    "(?:ba){1,2}", "(?:a|b a)", ".", "(?:a|b)*?", "[a-c]",
]  # fmt: skip


def test_random_patterns_never_skip_a_text_they_match():
    rng = random.Random(11)
    for _ in range(3000):
        pattern = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 6)))
        if rng.random() < 0.2:
            pattern += "|" + "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 3)))
        rx = re.compile(pattern, re.M if rng.random() < 0.3 else 0)
        reqs = requirements(rx)
        for _ in range(8):
            text = "".join(rng.choice("ab c\n1") for _ in range(rng.randint(0, 12)))
            if rx.search(text):
                assert _holds(reqs, text), (pattern, text, reqs)


def test_the_translation_rules_requirements_hold_on_their_own_matches():
    rules, _ = _defaults()
    for rule in rules.mt + rules.grammar:
        assert all(req and "" not in req for req in requirements(rule.pattern)), rule.id
