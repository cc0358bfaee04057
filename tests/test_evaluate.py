"""The dev-set evaluator, driven by fake checkers, and the shipped dev-set files themselves."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from annotator.evaluation.evaluate import DEFAULT_CLAIMS, DEFAULT_SEED_LABELS, evaluate
from annotator.evaluation.labels import (
    ATTRIBUTES,
    VERDICTS,
    DevsetError,
    load_claims,
    load_seed_labels,
)
from annotator.evaluation.metrics import ERROR, MISSING
from annotator.models import Check, Claim, Document, DocumentResult, Verdict

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "baclofen_article.txt"
FACTS = SHARED / "facts"
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed not present")

CLAIMS = load_claims(DEFAULT_CLAIMS)
EXPECTED = {c.text: c.expected for c in CLAIMS}


def _result(text: str, parts: list[tuple[str, str]]) -> DocumentResult:
    """A DocumentResult whose claims are `parts` (claim text, verdict), placed in `text`."""
    checks, cursor = [], 0
    for i, (part, verdict) in enumerate(parts):
        start = text.find(part, cursor) if part in text[cursor:] else cursor
        cursor = start + len(part)
        claim = Claim(id=f"c{i:03d}", index=i, start=start, end=start + len(part), text=part)
        checks.append(
            Check(
                claim=claim,
                verdict=Verdict(verdict),
                reason=f"fake {verdict}",
                fact_ids=("fake-fact",),
            )
        )
    return DocumentResult(document=Document(name="<text>", text=text), checks=tuple(checks))


def _oracle(seed_labels: Path = DEFAULT_SEED_LABELS):
    """A fake checker that knows the labels: one claim per labelled text, verdict = expected."""
    seed = {row["contains"]: row["expected"] for row in csv.DictReader(seed_labels.open())}

    def check(text, *, name="<text>", focus_drug=None):
        if text in EXPECTED:
            return _result(text, [(text, EXPECTED[text])])
        labelled = sorted((text.find(c), c, v) for c, v in seed.items() if c in text)
        return _result(text, [(c, v) for _, c, v in labelled])

    return check


def _constant(verdict: str):
    return lambda text, **_: _result(text, [(text, verdict)])


def test_oracle_checker_scores_perfectly():
    report = evaluate(check=_oracle(), seed_path=SEED if SEED.is_file() else None)
    assert (report.precision, report.recall, report.f1, report.false_flag_rate) == (1, 1, 1, 0)
    assert report.mistakes == ()
    assert all(r in (1.0, None) for r in report.per_attribute_recall.values())
    assert report.composed.n == len(CLAIMS)


def test_always_consistent_catches_nothing():
    report = evaluate(check=_constant("consistent"), seed_labels=None)
    assert report.recall == 0 and report.precision == 0 and report.false_flag_rate == 0
    n_inconsistent = sum(c.expected == "inconsistent" for c in CLAIMS)
    assert report.confusion["inconsistent"]["consistent"] == n_inconsistent
    assert report.seed is None


def test_always_inconsistent_flags_everything():
    report = evaluate(check=_constant("inconsistent"), seed_labels=None)
    assert report.recall == 1 and report.false_flag_rate == 1
    share = sum(c.expected == "inconsistent" for c in CLAIMS) / len(CLAIMS)
    assert report.precision == pytest.approx(share)


@pytest.mark.parametrize(
    "verdicts, expected_got",
    [
        (["consistent", "inconsistent"], "inconsistent"),
        (["not_checkable", "consistent"], "consistent"),
        (["consistent", "unverified"], "unverified"),
        (["unverified", "inconsistent", "not_checkable"], "inconsistent"),
    ],
)
def test_claim_split_into_sentences_takes_most_severe_verdict(tmp_path, verdicts, expected_got):
    path = tmp_path / "claims.csv"
    path.write_text(
        "id,drug,text,expected,attribute,note\n"
        "x-01,baclofen,One. Two. Three.,inconsistent,mechanism,\n"
    )

    def check(text, **_):
        return _result(
            text, [(s, v) for s, v in zip(["One.", "Two.", "Three."], verdicts, strict=False)]
        )

    report = evaluate(path, seed_labels=None, check=check)
    assert report.outcomes[0].got == expected_got


def test_checker_receives_focus_drug_and_errors_are_reported_not_raised(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text(
        "id,drug,text,expected,attribute,note\n"
        "x-01,tizanidine,It is an alpha-2 agonist.,consistent,mechanism,\n"
        "x-02,baclofen,Boom.,consistent,other,\n"
    )
    seen = []

    def check(text, *, name, focus_drug):
        seen.append((name, focus_drug))
        if text == "Boom.":
            raise RuntimeError("kaput")
        return _result(text, [])

    report = evaluate(path, seed_labels=None, check=check)
    assert seen == [("x-01", "tizanidine"), ("x-02", "baclofen")]
    assert [o.got for o in report.outcomes] == [MISSING, ERROR]
    assert "kaput" in report.outcomes[1].reason


def test_seed_label_matches_by_offsets_when_checker_splits_differently(tmp_path):
    article = "Heading here\nBaclofen, a peripheral muscle relaxant, is prescribed. It helps."
    (tmp_path / "a.txt").write_text(article)
    labels = tmp_path / "seed.csv"
    labels.write_text(
        'contains,expected,note\n"Baclofen, a peripheral muscle relaxant, is",inconsistent,\n'
    )

    def check(text, **_):  # splits at the comma: neither part contains the label
        return _result(
            text,
            [
                ("Heading here", "not_checkable"),
                ("Baclofen,", "consistent"),
                (" a peripheral muscle relaxant, is prescribed.", "inconsistent"),
            ],
        )

    report = evaluate(None, labels, tmp_path / "a.txt", check=check)
    assert report.seed.n == 1 and report.outcomes[0].got == "inconsistent"
    assert "spread over 2 claims" in report.outcomes[0].reason


@pytest.mark.parametrize(
    "row, message",
    [
        ("x-01,baclofen,Text.,wrong,mechanism,", "expected 'wrong' is not one of"),
        ("x-01,baclofen,Text.,consistent,colour,", "attribute 'colour' is not one of"),
        ("x-01,,Text.,consistent,other,", "must not be empty"),
        ("bac-01,baclofen,Text.,consistent,other,", "duplicate id 'bac-01'"),
    ],
)
def test_bad_claims_file_names_file_and_line(tmp_path, row, message):
    path = tmp_path / "claims.csv"
    path.write_text(
        "id,drug,text,expected,attribute,note\n"
        "bac-01,baclofen,First.,consistent,other,\n" + row + "\n"
    )
    with pytest.raises(DevsetError, match=re.escape(f"{path}:3: ") + ".*" + re.escape(message)):
        load_claims(path)


def test_every_problem_in_a_claims_file_is_reported_at_once(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text(
        "id,drug,text,expected,attribute,note\n"
        "a,baclofen,T.,bad,other,\nb,baclofen,T.,consistent,bad,\n"
    )
    with pytest.raises(DevsetError) as err:
        load_claims(path)
    assert str(err.value).count("\n") == 1


@pytest.mark.parametrize(
    "contains, message",
    [
        ("too short", "at least 25 characters"),
        ("not in the article at all, not at all", "occurs 0 times"),
        ("the same sentence twice over", "occurs 2 times"),
    ],
)
def test_bad_seed_label_is_rejected(tmp_path, contains, message):
    path = tmp_path / "seed.csv"
    path.write_text(f'contains,expected,note\n"{contains}",consistent,\n')
    article = "the same sentence twice over. the same sentence twice over."
    with pytest.raises(DevsetError, match=message):
        load_seed_labels(path, article)


def test_report_format_shows_parts_confusion_attributes_and_mistakes():
    text = evaluate(
        check=_constant("consistent"), seed_path=SEED if SEED.is_file() else None
    ).format(max_mistakes=3)
    for part in ("composed", "combined", "confusion", "drug_class", "mistakes", "(showing 3)"):
        assert part in text


# --- the shipped dev set ------------------------------------------------------------------


def test_devset_covers_every_drug_with_both_verdicts_and_a_realistic_mix():
    drugs = {c.drug for c in CLAIMS}
    if FACTS.is_dir():
        assert drugs == {p.stem for p in FACTS.glob("*.md")}
    for drug in drugs:
        verdicts = {c.expected for c in CLAIMS if c.drug == drug}
        assert {"consistent", "inconsistent", "unverified"} <= verdicts, drug
    share = {v: sum(c.expected == v for c in CLAIMS) / len(CLAIMS) for v in VERDICTS}
    assert 0.35 <= share["inconsistent"] <= 0.5 and 0.07 <= share["unverified"] <= 0.15
    assert {c.attribute for c in CLAIMS} <= ATTRIBUTES and len({c.attribute for c in CLAIMS}) >= 18


@pytest.mark.skipif(not FACTS.is_dir(), reason="../shared/facts not present")
def test_devset_notes_cite_lines_that_exist_in_the_facts():
    for c in CLAIMS:
        cited = re.findall(r'(\w+\.md):(\d+) \(.*?\) "(.+?)"(?:;|$)', c.note)
        assert bool(cited) == (".md:" in c.note), c.id
        for fname, line, phrase in cited:
            lines = (FACTS / fname).read_text(encoding="utf-8").splitlines()
            assert phrase in lines[int(line) - 1], (c.id, fname, line)


@needs_seed
def test_seed_labels_cover_every_sentence_of_the_seed_exactly_once():
    article = SEED.read_text(encoding="utf-8")
    labels = load_seed_labels(DEFAULT_SEED_LABELS, article)
    sentences = [
        s
        for line in article.splitlines()
        if line.strip()
        for s in re.split(r"(?<=[.!?])\s+", line.strip().lstrip("- "))
        if s
    ]
    for sentence in sentences:
        assert sum(lab.text in sentence for lab in labels) == 1, sentence
    assert len(labels) == len(sentences)
