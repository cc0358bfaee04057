"""Floors on the labelled dev sets (`annotator eval`), and what the real corpus draws.

Floors sit a little under the figures measured when they were set (benchmarks/EVAL.md), so a
regression fails the suite. Only sets that may be tuned on get floors: the blind sets
(blind-claims, blind-articles) are run once per engine state and reported, never asserted on,
so nobody is tempted to tune against them. The corpus and seed sets need ../shared and skip
without it.
"""

from __future__ import annotations

import pytest

from annotator import Verdict, check_text
from annotator.evaluation.sets import BY_NAME, run_set
from tests.conftest import corpus_files

FLOORS = {  # set -> (min precision, min recall, max false-assurance, max false-flag rate)
    "dev-claims": (0.95, 0.92, 0.02, 0.03),
    "heldout2": (0.95, 0.75, 0.02, 0.03),
    "articles": (0.95, 0.70, 0.05, 0.03),
    "seed": (1.0, 1.0, 0.0, 0.0),
    "corpus": (0.95, 0.30, 0.25, 0.03),
}


@pytest.mark.parametrize("name", list(FLOORS))
def test_dev_set_floors(name):
    label_set = BY_NAME[name]
    if not label_set.available():
        pytest.skip(f"{name}: its documents are in ../shared, which is not present")
    scores = run_set(label_set).scores
    precision, recall, assurance, false_flags = FLOORS[name]
    got = (scores.precision, scores.recall, scores.false_assurance, scores.false_flag_rate)
    assert scores.precision >= precision and scores.recall >= recall, (name, got)
    assert scores.false_assurance <= assurance and scores.false_flag_rate <= false_flags, (
        name,
        got,
    )


def test_blind_sets_are_never_floored():
    assert not any(BY_NAME[name].blind for name in FLOORS)


WIKIPEDIA = [p for p in corpus_files() if p.name.endswith("__wikipedia.txt")]


@pytest.mark.skipif(not corpus_files(), reason="../shared/corpus is not present")
def test_real_articles_draw_few_inconsistent_verdicts(reference):
    """Accurate encyclopedic text: each flag left is a real disagreement with the label
    (listed in the issue's closing note)."""
    flagged = {}
    for path in corpus_files():
        result = check_text(path.read_text(encoding="utf-8"), name=path.name, reference=reference)
        flagged[path.name] = [
            c.claim.text for c in result.checks if c.verdict == Verdict.INCONSISTENT
        ]
    assert sum(len(v) for v in flagged.values()) <= 6, flagged
    assert all(len(flagged[p.name]) <= 2 for p in WIKIPEDIA), flagged


@pytest.mark.skipif(not corpus_files(), reason="../shared/corpus is not present")
def test_real_articles_draw_rare_spin_and_misspelling_findings(reference):
    counts = {"spin_artifact": 0, "misspelled_drug": 0}
    for path in corpus_files():
        result = check_text(path.read_text(encoding="utf-8"), name=path.name, reference=reference)
        for f in result.findings:
            if f.kind in counts:
                counts[f.kind] += 1
    assert counts["spin_artifact"] <= 2 and counts["misspelled_drug"] <= 3, counts
