"""garble.py: doubled words and broken grammar on the seed; real articles stay clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.knowledge.datafiles import DATA_DIR
from annotator.qa.garble import GARBLE_RULES_PATH, GarbleRulesError, find_garble, load_garble_rules
from annotator.qa.spelling import load_names

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "baclofen_article.txt"
CORPUS = sorted((SHARED / "corpus").glob("*.txt")) if (SHARED / "corpus").is_dir() else []
NAMES = load_names(DATA_DIR / "sample_drug_names.csv")
needs_shared = pytest.mark.skipif(not SEED.is_file(), reason="../shared not available")


@needs_shared
def test_seed_garble_findings_exact():
    text = SEED.read_text(encoding="utf-8")
    found = find_garble(text, NAMES)
    assert [(f.kind, f.text, f.suggestion) for f in found] == [
        ("garbled_grammar", "belongs a", "belongs to a"),
        ("doubled_word", "baclofen Bacclofen", "baclofen"),
        ("garbled_grammar", "may providing", "may provide"),
    ]
    for f in found:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    ("text", "found", "suggestion"),
    [
        ("Take the the tablet.", "the the", "the"),
        ("Bacclofen baclofen helps.", "Bacclofen baclofen", "baclofen"),
        ("It will stopping spasms.", "will stopping", "will stop"),
        ("It can helping.", "can helping", "can help"),
        ("Gabapentin belongs the gabapentinoids.", "belongs the", "belongs to the"),
    ],
)
def test_garble_found_with_suggestion(text, found, suggestion):
    (f,) = find_garble(text, NAMES)
    assert (f.text, f.suggestion) == (found, suggestion)


@pytest.mark.parametrize(
    "text",
    [
        "He had had enough, and said that that was fine.",
        "It may bring relief; you can sing; nothing will change during the night.",
        "Its mechanism remains poorly understood and is only partially understood.",
        "It belongs to a class of drugs.",
        "Baclofen acts as a medication primarily employed to manage spasms.",
        "The effect affect was small.",  # two real words: not a misspelled double
        "Baclofen\nBaclofen is a relaxant.",  # a heading and the next line
    ],
)
def test_grammatical_text_is_not_garbled(text):
    assert find_garble(text, NAMES) == []


@needs_shared
@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_real_articles_have_no_garble_findings(path):
    assert find_garble(path.read_text(encoding="utf-8"), NAMES) == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("the mayproviding belongs a\n.,")), max_size=80))
def test_find_garble_never_raises_and_spans_are_exact(text):
    for f in find_garble(text, NAMES):
        assert text[f.start : f.end] == f.text


def test_rules_loader_rejects_a_group_outside_the_pattern(tmp_path):
    data = json.loads(GARBLE_RULES_PATH.read_text(encoding="utf-8"))
    data["grammar"][0]["base_verb_group"] = 9
    bad = tmp_path / "garble_rules.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GarbleRulesError, match=r"grammar\[0\]: base_verb_group 9 not in pattern"):
        load_garble_rules(bad)


def test_rules_loader_rejects_unknown_rule_keys(tmp_path):
    data = json.loads(GARBLE_RULES_PATH.read_text(encoding="utf-8"))
    data["grammar"][1]["flags"] = "i"
    bad = tmp_path / "garble_rules.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GarbleRulesError, match=r"grammar\[1\]: unknown keys \['flags'\]"):
        load_garble_rules(bad)
