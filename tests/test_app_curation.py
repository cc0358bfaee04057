"""The Curation page through Streamlit's AppTest, on a real table with an imported label and
a real SQLite store: editors accept, edit and reject rows with a reason and sign releases;
reviewers only read; every action lands in the curation log under the signed-in name."""

from __future__ import annotations

import csv
import re

import pytest
from streamlit.testing.v1 import AppTest

from annotator.knowledge.loader import load_reference
from annotator.review.store import ReviewStore
from tests.labelkit import RX, cli, notes_copy

APP = str(__import__("tests.conftest", fromlist=["ROOT"]).ROOT / "app.py")
PASSWORD = "correct horse 1"
CLASS = "fakezepam-aaaaaaaa-class-benzodiazepine"
MAX = "fakezepam-aaaaaaaa-max-oral"


@pytest.fixture
def notes(tmp_path, monkeypatch):
    from tests.conftest import ROOT

    notes = notes_copy(tmp_path)
    cli("notes", "import-label", RX, "--notes", notes, "--by", "importer")
    claims = tmp_path / "claims"
    claims.mkdir()
    monkeypatch.setenv("ANNOTATOR_NOTES", str(notes))
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "review.db"))
    monkeypatch.setenv("ANNOTATOR_CLAIMS_DIR", str(claims))
    monkeypatch.chdir(ROOT)
    with ReviewStore(tmp_path / "review.db") as store:
        store.add_user("ed", PASSWORD, "editor")
        store.add_user("rita", PASSWORD, "reviewer")
    return notes


def open_curation(user: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="si_user").input(user)
    at.text_input(key="si_pw").input(PASSWORD)
    at.button(key="sign_in").click().run()
    at.radio(key="w_page").set_value("Curation").run()
    assert not at.exception, at.exception
    return at


def log(notes):
    return list(csv.DictReader((notes / "curation.csv").open(encoding="utf-8")))


def pick(at: AppTest, fact_id: str) -> AppTest:
    at.selectbox(key="cur_drug").set_value("fakezepam").run()
    at.selectbox(key="cur_fact").set_value(fact_id).run()
    return at


def test_editor_sees_the_label_passage_and_accepts_with_a_reason(notes):
    at = pick(open_curation("ed"), CLASS)
    page = " ".join(m.value for m in at.markdown)
    assert "15</strong> pending" in page or "**15** pending" in page
    assert "Label passage, set id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" in page
    assert "version 7" in page and "34067-9" in page
    at.text_input(key="cur_reason").input("as the label says")
    at.button(key="cur_accept").click().run()
    assert not at.exception, at.exception
    last = log(notes)[-1]
    assert (last["action"], last["by"], last["fact_id"], last["reason"]) == (
        "accept",
        "ed",
        CLASS,
        "as the label says",
    )
    assert any("accept: fakezepam" in s.value for s in at.success)
    states = {r.raw.fact_id: r.state for r in load_reference(notes).imported_rows}
    assert states[CLASS] == "accepted"


def test_a_reason_is_required_and_nothing_is_written_without_one(notes):
    before = len(log(notes))
    at = pick(open_curation("ed"), CLASS)
    at.button(key="cur_reject").click().run()
    assert any("needs a reason" in e.value for e in at.error)
    assert len(log(notes)) == before


def test_editor_edits_a_row_and_the_change_is_logged(notes):
    at = pick(open_curation("ed"), MAX)
    at.selectbox(key=f"cur_severity_{MAX}").set_value("major")
    at.text_input(key="cur_reason").input("maximum for adults only")
    at.button(key="cur_edit").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    last = log(notes)[-1]
    assert (last["action"], last["changes"], last["by"]) == ("edit", "severity=major", "ed")
    assert load_reference(notes).by_id[MAX].severity == "major"


def test_editor_signs_a_release_with_its_diff(notes):
    at = open_curation("ed")
    page = " ".join(m.value for m in at.markdown)
    assert re.search(r"\\\(nothing\\\) → working table \w+\*\*: \d+ added", page), page
    at.text_input(key="cur_rel_name").input("2026-11-r1")
    at.checkbox(key="cur_rel_attest").check()
    at.button(key="cur_release_btn").click().run()
    assert not at.exception, at.exception
    assert any("signed by ed" in s.value for s in at.success), [s.value for s in at.success]
    ref = load_reference(notes)
    assert ref.release.name == "2026-11-r1" and ref.release.by == "ed"
    assert ref.version.startswith("2026-11-r1@")
    assert "signed by ed" in at.caption[0].value and "2026" in at.caption[0].value


def test_reviewer_reads_but_cannot_curate(notes):
    at = pick(open_curation("rita"), CLASS)
    assert any("Read-only" in i.value for i in at.info)
    keys = {b.key for b in at.button}
    assert not keys & {"cur_accept", "cur_reject", "cur_edit", "cur_release_btn"}
