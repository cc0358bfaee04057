"""Article-level labels, the reviewer-facing metrics, and the named sets of `annotator eval`."""

from __future__ import annotations

import pytest

from annotator.evaluation import sets as label_sets
from annotator.evaluation.evaluate import run_documents
from annotator.evaluation.labels import DevsetError, LabelledClaim, load_article_labels
from annotator.evaluation.metrics import Outcome, score
from annotator.evaluation.sets import SETS, format_mistakes, format_table, run_set
from annotator.models import Check, Claim, DocumentResult, Verdict

HEADER = "document,start,end,contains,expected,attribute,clear,claim_kind,note\n"


def _item(expected, clear=False):
    return LabelledClaim("x", "article", "", "", expected, "other", clear=clear)


def test_metrics_separate_false_assurance_false_flags_checked_share_and_support():
    outcomes = [
        Outcome(_item("inconsistent", clear=True), "inconsistent"),
        Outcome(_item("inconsistent", clear=True), "consistent"),  # false assurance
        Outcome(_item("inconsistent"), "unverified"),
        Outcome(_item("consistent"), "consistent"),
        Outcome(_item("consistent"), "unverified"),
        Outcome(_item("unverified"), "inconsistent"),  # false flag
        Outcome(_item("not_checkable"), "not_checkable"),
    ]
    s = score(outcomes)
    assert s.recall == pytest.approx(1 / 3) and s.recall_clear == pytest.approx(1 / 2)
    assert s.precision == pytest.approx(1 / 2)
    assert s.false_assurance == pytest.approx(1 / 3)
    assert s.false_flag_rate == pytest.approx(1 / 4)
    assert s.checked_share == pytest.approx(3 / 5)
    assert s.support == pytest.approx(1 / 2)


def _fake_check(verdicts: dict[str, str]):
    """A checker that cuts the document at full stops and gives each sentence its verdict."""

    def check(document):
        checks, start = [], 0
        for i, part in enumerate(document.text.split(".")):
            if part.strip():
                s = start + len(part) - len(part.lstrip())
                claim = Claim(f"c{i:03d}", i, s, start + len(part), part.strip())
                checks.append(Check(claim, Verdict(verdicts.get(part.strip(), "unverified"))))
            start += len(part) + 1
        return DocumentResult(document, tuple(checks))

    return check


def test_document_labels_match_by_offsets_and_by_substring(tmp_path):
    (tmp_path / "doc.txt").write_text("Alpha is wrong. Beta is right. Gamma is silent.")
    labels = tmp_path / "labels.csv"
    labels.write_text(
        HEADER
        + "doc.txt,0,14,,inconsistent,drug_class,yes,statement,\n"
        + "doc.txt,,,Beta is right,consistent,drug_class,,statement,\n"
        + "doc.txt,31,47,,unverified,other,,statement,\n"
    )
    items = load_article_labels(labels)
    check = _fake_check({"Alpha is wrong": "inconsistent", "Beta is right": "consistent"})
    outcomes = run_documents(items, tmp_path, check)
    assert [o.got for o in outcomes] == ["inconsistent", "consistent", "unverified"]
    assert all(o.correct for o in outcomes)


def test_a_label_that_does_not_fit_its_document_is_named(tmp_path):
    (tmp_path / "doc.txt").write_text("Short text.")
    labels = tmp_path / "labels.csv"
    labels.write_text(HEADER + "doc.txt,0,999,,unverified,other,,statement,\n")
    with pytest.raises(DevsetError, match="label line 2 ends past the document"):
        run_documents(load_article_labels(labels), tmp_path, _fake_check({}))


@pytest.mark.parametrize(
    "row, message",
    [
        ("doc.txt,5,2,,unverified,other,,,", "give start < end"),
        ("doc.txt,0,4,,maybe,other,,,", "expected 'maybe'"),
        ("doc.txt,0,4,,unverified,colour,,,", "attribute 'colour'"),
        ("doc.txt,0,4,,inconsistent,other,sure,,", "clear must be"),
        ("doc.txt,0,4,,unverified,other,,gossip,", "claim_kind 'gossip'"),
    ],
)
def test_bad_article_label_rows_name_file_and_line(tmp_path, row, message):
    labels = tmp_path / "labels.csv"
    labels.write_text(HEADER + row + "\n")
    with pytest.raises(DevsetError, match=rf"labels.csv:2: .*{message}"):
        load_article_labels(labels)


@pytest.mark.parametrize("label_set", SETS, ids=lambda s: s.name)
def test_every_shipped_label_file_loads_and_fits_its_documents(label_set):
    """The labels themselves (not the checker): each set loads, and each document label fits
    its document, with a checker that returns one claim per document."""
    if not label_set.available():
        pytest.skip(f"{label_set.name}: needs ../shared")
    if label_set.kind != "documents":
        run_set(label_set, check=lambda text, **_: DocumentResult(None, ()))
        return

    def whole(document):
        claim = Claim("c001", 0, 0, len(document.text), document.text)
        return DocumentResult(document, (Check(claim, Verdict.UNVERIFIED),))

    result = run_set(label_set, check_document=whole)
    assert result.scores.n > 100


def test_blind_sets_are_scored_but_their_mistakes_never_shown():
    blind = [s for s in SETS if s.blind]
    assert {s.name for s in blind} == {"blind-claims", "blind-articles"}
    result = label_sets.SetResult(blind[0], score([Outcome(_item("inconsistent"), "consistent")]))
    assert "not shown" in format_mistakes(result)
    assert "blind-claims" in format_table([result])
