"""Memos kept across documents for speed never change what a later document gets."""

from __future__ import annotations

from annotator.knowledge.datafiles import DATA_DIR
from annotator.qa.spelling import find_misspellings, load_names

NAMES = load_names(DATA_DIR / "sample_drug_names.csv")


def test_a_word_judged_clean_is_still_flagged_once_listed_as_a_misspelling():
    text = "Patients took baclophen daily, then Bacclofen."
    first = find_misspellings(text, NAMES)
    assert find_misspellings(text, NAMES) == first  # the memo answers as the first pass did
    listed = find_misspellings(text, NAMES, misspellings={"baclophen": "baclofen"})
    assert "baclophen" in [f.text for f in listed]
    assert find_misspellings("Plain words only here.", NAMES) == []
    assert find_misspellings(text, NAMES) == first
