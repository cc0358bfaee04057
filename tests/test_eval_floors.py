"""Floors on the labelled dev sets, and what the real corpus draws.

The dev set (tests/devset/claims.csv + seed labels) was written from ../shared/facts, not from
the table; heldout.csv was written later, blind to the engine and the table. The floors are a
little under the measured figures (`annotator eval`), so a regression fails the suite.
"""

from __future__ import annotations

import pytest

from annotator import Verdict, check_text
from annotator.evaluation.evaluate import DEFAULT_CLAIMS, evaluate
from tests.conftest import SEED, corpus_files

HELDOUT = DEFAULT_CLAIMS.with_name("heldout.csv")
HELDOUT2 = DEFAULT_CLAIMS.with_name("heldout2.csv")


@pytest.fixture(scope="module")
def dev_report():
    return evaluate(seed_path=SEED if SEED.is_file() else None)


def test_dev_set_recall_and_false_flags(dev_report):
    assert dev_report.composed.recall >= 0.90
    assert dev_report.composed.precision >= 0.95
    assert dev_report.composed.false_flag_rate <= 0.05


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is not present")
def test_seed_labels_are_met(dev_report):
    assert dev_report.seed.recall == 1.0
    assert dev_report.seed.false_flag_rate == 0.0


def test_heldout_set_recall_and_false_flags():
    report = evaluate(claims_csv=HELDOUT, seed_labels=None)
    assert report.recall >= 0.80
    assert report.false_flag_rate <= 0.05


def test_second_heldout_set_recall_and_false_flags():
    """Written blind after all tuning; only two false flags it showed were fixed."""
    report = evaluate(claims_csv=HELDOUT2, seed_labels=None)
    assert report.recall >= 0.65
    assert report.false_flag_rate <= 0.05


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
