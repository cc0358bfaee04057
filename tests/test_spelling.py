"""spelling.py: misspelled drug names found with the right suggestion; real articles stay clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.knowledge.datafiles import DATA_DIR
from annotator.qa.spelling import (
    SPELLING_PATH,
    SpellingDataError,
    find_misspellings,
    link_misspelling,
    load_misspellings,
    load_names,
    load_spelling_rules,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "baclofen_article.txt"
CORPUS = sorted((SHARED / "corpus").glob("*.txt")) if (SHARED / "corpus").is_dir() else []
NAMES = load_names(DATA_DIR / "sample_drug_names.csv")
needs_shared = pytest.mark.skipif(not SEED.is_file(), reason="../shared not available")


@pytest.mark.parametrize(
    ("token", "suggestion", "drug"),
    [
        ("Bacclofen", "Baclofen", "baclofen"),
        ("baclophen", "baclofen", "baclofen"),
        ("Tizanidene", "Tizanidine", "tizanidine"),
        ("Zanaflx", "Zanaflex", "tizanidine"),
        ("Flexiril", "Flexeril", "cyclobenzaprine"),
        ("sertaline", "sertraline", "sertraline"),
        ("sertarline", "sertraline", "sertraline"),
        ("gabapentine", "gabapentin", "gabapentin"),
        ("BACLOFFEN", "BACLOFEN", "baclofen"),
    ],
)
def test_misspelled_drug_found_with_suggestion_in_the_original_case(token, suggestion, drug):
    text = f"Patients took {token} daily."
    (f,) = find_misspellings(text, NAMES)
    assert (f.kind, f.text, f.suggestion) == ("misspelled_drug", token, suggestion)
    assert text[f.start : f.end] == token
    assert f"({drug})" in f.detail and 0.85 <= f.confidence < 1


@pytest.mark.parametrize(
    "word",
    [
        "baclofen",
        "Zanaflex",
        "horizon",
        "motion",
        "matrix",
        "realize",
        "gabapentinoid",
        "gabapentinoids",
        "arbaclofen",
        "dexibuprofen",
        "norsertraline",
        "baclofens",
        "GABAB",
        "coumarin",
        "ofloxacin",
    ],
)
def test_names_ordinary_words_and_derived_words_are_not_misspellings(word):
    assert find_misspellings(f"We saw {word} in the text.", NAMES) == []


def test_link_misspelling_links_known_and_misspelled_names_only():
    assert link_misspelling("Zanaflx", NAMES)[0] == "tizanidine"
    assert link_misspelling("Baclofen's", NAMES) == ("baclofen", 100.0)
    assert link_misspelling("some", NAMES) is None
    assert link_misspelling("horizon", NAMES) is None


def test_curated_misspellings_are_flagged_and_never_suggested(tmp_path):
    csv = tmp_path / "drugs.csv"
    csv.write_text(
        "drug,name,kind\nbaclofen,baclofen,generic\nbaclofen,Lioresal,brand\n"
        "baclofen,baclophen,misspelling\n",
        encoding="utf-8",
    )
    names, miss = load_names(csv), load_misspellings(csv)
    assert "baclophen" not in names and miss == {"baclophen": "baclofen"}
    found = find_misspellings("Bacclofen or baclophen", names, misspellings=miss)
    assert [(f.text, f.suggestion) for f in found] == [
        ("Bacclofen", "Baclofen"),
        ("baclophen", "baclofen"),
    ]
    assert found[1].confidence == 1.0 and "listed misspelling" in found[1].detail
    assert link_misspelling("baclophen", names, misspellings=miss) == ("baclofen", 100.0)


@needs_shared
def test_seed_has_one_misspelling():
    found = find_misspellings(SEED.read_text(encoding="utf-8"), NAMES)
    assert [(f.text, f.suggestion) for f in found] == [("Bacclofen", "Baclofen")]


@needs_shared
@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_real_articles_have_no_misspellings_of_the_ten_drugs(path):
    assert find_misspellings(path.read_text(encoding="utf-8"), NAMES) == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("baclofenzityrsBZ '-.\n")), max_size=80))
def test_find_misspellings_never_raises_and_spans_are_exact(text):
    for f in find_misspellings(text, NAMES):
        assert text[f.start : f.end] == f.text


def test_rules_loader_rejects_unknown_keys(tmp_path):
    data = json.loads(SPELLING_PATH.read_text(encoding="utf-8"))
    data["threshold"] = 3
    bad = tmp_path / "spelling.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SpellingDataError, match=r"spelling.json: unknown keys \['threshold'\]"):
        load_spelling_rules(bad)


def test_names_loader_names_the_bad_line(tmp_path):
    bad = tmp_path / "drugs.csv"
    bad.write_text("drug,name,kind\nbaclofen,baclofen,generic\n,Zanaflex,brand\n", encoding="utf-8")
    with pytest.raises(SpellingDataError, match=r"drugs.csv:3: needs 'drug' and 'name'"):
        load_names(bad)
