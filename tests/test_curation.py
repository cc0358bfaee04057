"""Curation from the command line: accept, edit and reject imported rows with a reason in an
append-only, hash-chained log; signed releases with diffs; the release a verdict and a
sign-off record."""

from __future__ import annotations

import csv

import pytest

from annotator.knowledge.loader import load_reference, validate
from annotator.pipeline import check_text
from annotator.review.items import review_items
from annotator.review.store import ReviewStore
from tests.labelkit import RX, cli, notes_copy

MAX = "fakezepam-aaaaaaaa-max-oral"
CLASS = "fakezepam-aaaaaaaa-class-benzodiazepine"
HALF = "fakezepam-aaaaaaaa-halflife-12-h"


@pytest.fixture
def notes(tmp_path):
    notes = notes_copy(tmp_path)
    cli("notes", "import-label", RX, "--notes", notes, "--by", "importer")
    return notes


def states(notes):
    return {r.raw.fact_id: r for r in load_reference(notes).imported_rows}


def test_accept_edit_reject_are_recorded_with_who_when_and_why(notes):
    cli(
        "notes", "accept", CLASS, "--reason", "as the label says", "--by", "alice", "--notes", notes
    )
    cli(
        "notes",
        "edit",
        MAX,
        "--set",
        "severity=major",
        "--reason",
        "tone down",
        "--by",
        "bob",
        "--notes",
        notes,
    )
    out = cli(
        "notes",
        "reject",
        "--drug",
        "fakezepam",
        "--attribute",
        "half_life",
        "--reason",
        "plasma only",
        "--by",
        "alice",
        "--notes",
        notes,
    ).output
    assert "reject: 1 row(s) recorded in curation.csv by alice" in out
    rows = states(notes)
    assert rows[CLASS].state == "accepted" and rows[CLASS].fact.status == "curated"
    assert rows[MAX].state == "edited" and rows[MAX].fact.severity == "major"
    assert rows[HALF].state == "rejected"
    ref = load_reference(notes)
    assert HALF not in ref.by_id and ref.by_id[MAX].severity == "major"
    log = list(csv.DictReader((notes / "curation.csv").open(encoding="utf-8")))
    assert [(r["action"], r["by"], r["fact_id"]) for r in log[-3:]] == [
        ("accept", "alice", CLASS),
        ("edit", "bob", MAX),
        ("reject", "alice", HALF),
    ]
    assert log[-2]["changes"] == "severity=major" and log[-1]["reason"] == "plasma only"
    assert all(r["at"].endswith("+00:00") for r in log)
    listed = cli("notes", "imported", "--state", "edited", "--notes", notes).output
    assert MAX in listed and CLASS not in listed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("accept", "no-such-fact", "--reason", "x"), "not an imported fact: no-such-fact"),
        (("accept", "ibuprofen-boxed", "--reason", "x"), "curated rows are edited in facts/"),
        (("accept", CLASS, "--reason", "  "), "accept needs a reason"),
        (("edit", MAX, "--set", "value=ae:nausea", "--reason", "x"), "must be an amount"),
        (("edit", MAX, "--set", "source_id=x", "--reason", "x"), "cannot edit source_id"),
    ],
)
def test_refused_actions_are_one_line_and_write_nothing(notes, args, message):
    before = (notes / "curation.csv").read_bytes()
    result = cli("notes", *args, "--notes", notes, ok=False)
    assert result.exit_code == 1 and message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert (notes / "curation.csv").read_bytes() == before


def test_an_edited_log_breaks_the_chain_and_validation_says_where(notes):
    cli("notes", "reject", HALF, "--reason", "plasma only", "--notes", notes)
    path = notes / "curation.csv"
    path.write_text(path.read_text().replace("plasma only", "changed afterwards"))
    problems = validate(notes)
    assert any(
        p.endswith("curation.csv:3: hash chain broken (the log was edited outside annotator)")
        for p in problems
    ), problems


def test_a_decision_no_longer_applies_when_the_row_changes_on_reimport(notes, tmp_path):
    from tests.labelkit import variant

    cli("notes", "accept", MAX, CLASS, "--reason", "ok", "--notes", notes)
    newer = variant(
        tmp_path,
        "v8.xml",
        version="8",
        replace={"Do not exceed 40 mg per day.": "Do not exceed 30 mg per day."},
    )
    cli("notes", "import-label", newer, "--notes", notes)
    rows = states(notes)
    assert rows[MAX].state == "pending" and rows[MAX].fact.status == "imported"
    assert rows[CLASS].state == "accepted"  # unchanged row: the acceptance still holds


def test_release_signs_the_table_and_diffs_against_the_previous_one(notes):
    out = cli("notes", "release", "r1", "--note", "first", "--by", "alice", "--notes", notes).output
    assert "release r1 signed by alice" in out and "since nothing:" in out
    ref = load_reference(notes)
    assert ref.version == f"r1@{ref.content_hash}" and ref.release.by == "alice"
    again = cli("notes", "release", "r2", "--notes", notes, ok=False)
    assert "nothing changed since release r1" in again.output
    cli("notes", "accept", CLASS, "--reason", "ok", "--notes", notes)
    cli("notes", "reject", HALF, "--reason", "no", "--notes", notes)
    diff = cli("notes", "diff", "--notes", notes).output
    assert "r1 -> working table" in diff and "0 added, 1 changed, 1 removed" in diff
    assert (
        f"~ {CLASS}: fakezepam drug_class class:benzodiazepine (curated)  (status changed)" in diff
    )
    assert f"- {HALF}" in diff
    out = cli("notes", "release", "r2", "--by", "bob", "--notes", notes).output
    assert "since r1: 0 added, 1 changed, 1 removed" in out
    between = cli("notes", "diff", "--from", "r1", "--to", "r2", "--notes", notes).output
    assert between.splitlines()[0] == "r1 -> r2: 0 added, 1 changed, 1 removed"
    rows = list(csv.DictReader((notes / "releases.csv").open(encoding="utf-8")))
    assert [(r["name"], r["by"], r["previous"]) for r in rows] == [
        ("r1", "alice", ""),
        ("r2", "bob", "r1"),
    ]
    assert rows[1]["prev_hash"] == rows[0]["row_hash"]


def test_verdicts_and_sign_offs_record_the_release(notes, tmp_path):
    cli("notes", "release", "2026-11-r1", "--by", "alice", "--notes", notes)
    ref = load_reference(notes)
    text = "Fakezepam is a benzodiazepine."
    result = check_text(text, name="f.txt", reference=ref)
    assert result.reference_version == ref.version and ref.version.startswith("2026-11-r1@")
    row = next(
        csv.DictReader(
            cli(
                "check", _write(tmp_path, text), "--format", "csv", "--notes", notes
            ).output.splitlines()
        )
    )
    assert row["reference_version"] == ref.version
    store = ReviewStore(str(tmp_path / "review.db"))
    store.add_user("rita", "a long enough password 1", "reviewer")
    items = review_items(result, ref.by_id)
    for item in items:
        store.decide_item(
            "f.txt",
            result.document.id,
            item,
            "agree",
            "rita",
            reference_version=result.reference_version,
        )
    signed = store.sign_off(
        "f.txt",
        result.document.id,
        "rita",
        "not_approved",
        result.reference_version,
        items,
        password="a long enough password 1",
        note="the class is wrong",
    )
    assert signed.reference_version.startswith("2026-11-r1@")


def _write(tmp_path, text):
    path = tmp_path / "article.txt"
    path.write_text(text)
    return path
