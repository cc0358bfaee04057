"""The tortured-phrase build's morphology (tools/, development time only), on words of our own.
Skipped where WordNet's database (Debian wordnet-base) is not installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

WORDNET = Path("/usr/share/wordnet")
pytestmark = pytest.mark.skipif(not (WORDNET / "data.noun").is_file(), reason="no WordNet")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))


@pytest.fixture(scope="module")
def wn():
    from wordnet import read_wordnet

    return read_wordnet(WORDNET)


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("starting", ("start", "ing")),
        ("blurred", ("blur", "past")),
        ("took", ("take", "past")),
        ("older", ("old", "comparative")),
        ("reducer", ("reduce", "agent")),
        ("visually", ("visual", "adverb")),
    ],
)
def test_analyses_read_a_form_as_lemma_and_form(wn, word, reading):
    from morphology import analyses

    assert reading in analyses(word, wn)


@pytest.mark.parametrize(
    ("lemma", "form", "expected"),
    [
        ("begin", "ing", "beginning"),
        ("smear", "past", "smeared"),
        ("diminish", "agent", "diminisher"),
        ("seasoned", "comparative", "more seasoned"),
        ("take care of", "past", "took care of"),
    ],
)
def test_inflect_writes_a_lemma_in_a_form(wn, lemma, form, expected):
    from morphology import inflect

    assert expected in inflect(lemma, form, wn)
