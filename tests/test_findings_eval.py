"""annotator.evaluation.findings: labels by substring or offsets, matching by kind and overlap."""

from __future__ import annotations

import pytest

from annotator.evaluation.findings import FindingLabelError, load_labels, resolve, score
from annotator.models import Finding

TEXT = "Its side impacts are mild. Buy now! Its side impacts fade."


def test_labels_resolve_by_occurrence_and_offsets(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(
        "document,contains,occurrence,kind,suggestion,note\n"
        "p.txt,side impacts,2,tortured_phrase,side effects,\n",
        encoding="utf-8",
    )
    (label,) = load_labels(path)
    s, e = resolve(label, TEXT)
    assert TEXT[s:e] == "side impacts" and s > 20
    offsets = tmp_path / "corpus.csv"
    offsets.write_text("document,start,end,kind,suggestion,note\np.txt,27,35,call_to_action,,\n")
    (lab,) = load_labels(offsets)
    assert resolve(lab, TEXT) == (27, 35)


def test_score_counts_each_label_once(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(
        "document,contains,occurrence,kind,suggestion,note\n"
        "p.txt,side impacts,1,tortured_phrase,side effects,\n"
        "p.txt,side impacts,2,tortured_phrase,side effects,\n",
        encoding="utf-8",
    )
    found = [
        Finding(4, 16, "tortured_phrase", "side impacts", ""),
        Finding(4, 16, "tortured_phrase", "side impacts", ""),  # a duplicate is a false finding
        Finding(27, 35, "call_to_action", "Buy now!", ""),  # no label: false
    ]
    scores = score({"p.txt": found}, load_labels(path), {"p.txt": TEXT})
    t, c = scores["tortured_phrase"], scores["call_to_action"]
    assert (t.tp, t.fp, t.fn) == (1, 1, 1) and t.precision == 0.5 and t.recall == 0.5
    assert (c.tp, c.fp, c.fn) == (0, 1, 0)


def test_bad_kind_is_one_line_error(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("document,contains,occurrence,kind,suggestion,note\np,x,1,typo,,\n")
    with pytest.raises(FindingLabelError, match=r"labels.csv:2: unknown kind 'typo'"):
        load_labels(path)
