"""The reviewer app, driven through Streamlit's AppTest on a real SQLite store and the seed.

Each test gets its own database file and intake folder (ANNOTATOR_DB, ANNOTATOR_CLAIMS_DIR),
signs in through the form as a real user, and checks what the page shows and what the store
recorded. A second AppTest on the same database stands for a new browser session.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from annotator.app.render import checkable_ids, document_html, next_undecided
from annotator.extraction.documents import read_document
from annotator.knowledge.loader import load_reference
from annotator.models import Document, Verdict
from annotator.pipeline import check_document
from annotator.review.report import MERGED_COLUMNS, merged_rows
from annotator.review.staleness import claim_states
from annotator.review.store import ReviewStore

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SEED = ROOT.parent / "shared" / "seed" / "baclofen_article.txt"
DOC = "baclofen_article.txt"
PASSWORD = "correct horse 1"
MARKUP = "<script>alert(1)</script><b>x</b>"

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason=f"seed article not found at {SEED}")


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A fresh store with a reviewer and an editor, and an intake folder holding the seed."""
    claims = tmp_path / "claims"
    claims.mkdir()
    if SEED.is_file():
        shutil.copy(SEED, claims / DOC)
    db = tmp_path / "review.db"
    monkeypatch.setenv("ANNOTATOR_DB", str(db))
    monkeypatch.setenv("ANNOTATOR_CLAIMS_DIR", str(claims))
    monkeypatch.delenv("ANNOTATOR_NOTES", raising=False)
    monkeypatch.chdir(ROOT)
    with ReviewStore(db) as store:
        store.add_user("alice", PASSWORD, "reviewer")
        store.add_user("ed", PASSWORD, "editor")
    return tmp_path


def store_of(env) -> ReviewStore:
    return ReviewStore(env / "review.db")


def sign_in(user: str, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="si_user").input(user)
    at.text_input(key="si_pw").input(PASSWORD)
    at.button(key="sign_in").click().run()
    assert not at.exception, at.exception
    if page:
        at.radio(key="w_page").set_value(page).run()
    return at


def seed_result(name: str = DOC):
    doc = read_document(SEED)
    doc = Document(name=name, text=doc.text, format=doc.format)
    reference = load_reference()
    return check_document(doc, reference=reference), reference


def decide_all(store: ReviewStore, user: str, skip=()) -> None:
    """Agree with every checkable claim of the seed except `skip` (the tests' setup)."""
    result, reference = seed_result()
    states = claim_states(result.checks, reference.by_id)
    done = store.latest_decisions(DOC)
    for c in result.checks:
        cid = c.claim.id
        if c.claim.checkable and cid not in skip and cid not in done:
            store.decide(
                DOC,
                result.document.id,
                cid,
                c.claim.text_hash,
                c.verdict.value,
                "agree",
                user,
                reference_version=result.reference_version,
                fact_fingerprint=states[cid].fact_fingerprint,
            )


def texts(at: AppTest, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def html_bodies(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.html) + "\n".join(m.value for m in at.markdown)


@needs_seed
def test_decisions_and_sign_off_persist_into_a_new_session(env):
    at = sign_in("alice", "Review")
    result, reference = seed_result()
    wrong = next(c.claim.id for c in result.checks if c.verdict is Verdict.INCONSISTENT)
    doubt = next(c.claim.id for c in result.checks if c.verdict is Verdict.UNVERIFIED)

    at.selectbox(key="w_claim").set_value(wrong).run()
    at.button(key="agree").click().run()
    assert f"{wrong}: agreed" in texts(at, "success")
    assert at.selectbox(key="w_claim").value != wrong  # the next undecided claim opened

    at.selectbox(key="w_claim").set_value(doubt).run()
    at.selectbox(key="f_verdict").set_value("consistent")
    at.text_area(key="f_comment").input("The label supports this use.")
    at.button(key="override").click().run()
    assert not at.error, texts(at, "error")

    decide_all(store_of(env), "alice")
    at.run()
    assert "Your signature means" in texts(at, "markdown")
    at.checkbox(key="attest").check()
    at.button(key="sign_off").click().run()
    assert "signed off by alice" in texts(at, "success")

    with store_of(env) as store:
        signed = store.signoffs(DOC)[-1]
        latest = store.latest_decisions(DOC)
    assert (signed.action, signed.reviewer) == ("sign_off", "alice")
    assert signed.reference_version == reference.version
    assert signed.document_hash == result.document.id
    assert f"reference version {reference.version}" in signed.meaning
    assert latest[wrong].decision == "agree"
    assert (latest[doubt].decision, latest[doubt].decided_verdict) == ("override", "consistent")
    assert latest[doubt].comment == "The label supports this use."

    again = sign_in("ed")
    queue = again.dataframe[0].value
    assert queue.set_index("document").loc[DOC, "status"] == "Signed off"
    again.radio(key="w_page").set_value("Review").run()
    assert "Signed off by **alice**" in texts(again, "success")
    again.selectbox(key="w_claim_filter").set_value("All claims").run()
    again.selectbox(key="w_claim").set_value(doubt).run()
    assert "overridden" in texts(again, "success")
    assert not [b for b in again.button if b.key == "agree"]  # read-only


@pytest.mark.parametrize("route", ["paste", "folder"])
def test_article_markup_is_shown_as_text(env, route):
    article = f"Baclofen is a muscle relaxant. {MARKUP} It acts on the spinal cord.\n"
    if route == "folder":
        (env / "claims" / "markup.txt").write_text(article, encoding="utf-8")
    at = sign_in("alice")
    if route == "paste":
        at.text_input(key="paste_name").input("markup")
        at.text_area(key="paste_text").input(article)
        at.button(key="paste_add").click().run()
    else:
        at.radio(key="w_page").set_value("Review").run()
    at.selectbox(key="w_doc").set_value("markup" if route == "paste" else "markup.txt").run()
    assert not at.exception, at.exception
    bodies = html_bodies(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in bodies
    assert "<script>" not in bodies and "<b>x</b>" not in bodies


@needs_seed
def test_reviewer_cannot_reopen_but_editor_can(env):
    result, reference = seed_result()
    with store_of(env) as store:
        decide_all(store, "alice")
        store.sign_off(
            DOC,
            result.document.id,
            "alice",
            "reviewed",
            reference.version,
            claim_states(result.checks, reference.by_id),
            checkable_ids(result),
        )
    at = sign_in("alice", "Review")
    assert not [b for b in at.button if b.key == "reopen"]
    assert "Only an editor or admin can re-open" in texts(at, "caption")

    ed = sign_in("ed", "Review")
    ed.text_input(key="reopen_reason").input("Claim c007 needs another look.")
    ed.button(key="reopen").click().run()
    with store_of(env) as store:
        last = store.signoffs(DOC)[-1]
        assert not store.is_signed_off(DOC)
    assert (last.action, last.reviewer) == ("reopen", "ed")
    assert [b for b in ed.button if b.key == "agree"]


@needs_seed
def test_decision_goes_stale_after_the_reference_fact_changes(env, monkeypatch):
    notes = env / "notes"
    shutil.copytree(ROOT / "reference_notes", notes)
    monkeypatch.setenv("ANNOTATOR_NOTES", str(notes))
    at = sign_in("alice", "Review")
    result, _ = seed_result()
    wrong = next(c for c in result.checks if c.verdict is Verdict.INCONSISTENT and c.fact_ids)
    at.selectbox(key="w_claim").set_value(wrong.claim.id).run()
    at.button(key="agree").click().run()

    fact_file = next(
        p for p in (notes / "facts").glob("*.csv") if wrong.fact_ids[0] in p.read_text()
    )
    rows = list(csv.DictReader(fact_file.open(encoding="utf-8")))
    for row in rows:
        if row["fact_id"] == wrong.fact_ids[0]:
            row["statement"] += " (Edited by the curator.)"
    with fact_file.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    at.selectbox(key="w_claim_filter").set_value("All claims").run()
    at.selectbox(key="w_claim").set_value(wrong.claim.id).run()
    assert "stale" in texts(at, "warning")
    assert "(Edited by the curator.)" in html_bodies(at)
    at.radio(key="w_page").set_value("Queue").run()
    assert at.dataframe[0].value.set_index("document").loc[DOC, "status"] == "Stale"


def test_first_run_creates_the_admin_account(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "empty.db"))
    monkeypatch.setenv("ANNOTATOR_CLAIMS_DIR", str(tmp_path / "missing"))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert "No accounts exist yet" in texts(at, "info")
    at.text_input(key="fa_user").input("root")
    at.text_input(key="fa_pw").input(PASSWORD)
    at.text_input(key="fa_pw2").input(PASSWORD)
    at.button(key="create_admin").click().run()
    assert "No documents yet" in texts(at, "info")  # the missing claims/ folder is handled
    at.radio(key="w_page").set_value("Accounts").run()
    at.text_input(key="au_user").input("bob")
    at.text_input(key="au_pw").input(PASSWORD)
    at.button(key="add_user_btn").click().run()
    with ReviewStore(tmp_path / "empty.db") as store:
        assert [(u.username, u.role) for u in store.list_users()] == [
            ("bob", "reviewer"),
            ("root", "admin"),
        ]


def test_failed_sign_ins_are_rate_limited(env):
    at = AppTest.from_file(APP, default_timeout=120).run()
    for _ in range(6):
        at.text_input(key="si_user").input("alice")
        at.text_input(key="si_pw").input("wrong password")
        at.button(key="sign_in").click().run()
    assert "Too many failed sign-ins for 'alice'" in texts(at, "error")
    assert at.session_state["user"] is None


@needs_seed
def test_merged_report_has_decision_columns():
    result, reference = seed_result()
    rows = merged_rows(result, {}, claim_states(result.checks, reference.by_id))
    assert tuple(rows[0]) == MERGED_COLUMNS
    assert {r["decision"] for r in rows} == {""}


@pytest.mark.parametrize(
    ("order", "pending", "current", "expected"),
    [
        (["a", "b", "c"], {"a", "c"}, "a", "c"),
        (["a", "b", "c"], {"a"}, "c", "a"),
        (["a", "b", "c"], set(), "a", None),
        (["a", "b", "c"], {"b"}, None, "b"),
    ],
)
def test_next_undecided_follows_document_order_and_wraps(order, pending, current, expected):
    assert next_undecided(order, pending, current) == expected


@needs_seed
def test_document_html_labels_every_claim_with_its_verdict():
    result, _ = seed_result()
    page = document_html(result)
    for verdict, label in [
        ("inconsistent", "Inconsistent"),
        ("unverified", "Unverified"),
        ("consistent", "Consistent"),
        ("not_checkable", "Not checkable"),
    ]:
        expected = sum(c.verdict.value == verdict for c in result.checks)
        assert page.count(f"anno-v-{verdict}") >= expected
        assert label in page


SHORT = "Baclofen is a peripheral muscle relaxant. It acts on the spinal cord.\n"
SHORT_HTML = (
    "<html><body><h1>Baclofen</h1><p>Baclofen is a peripheral muscle relaxant. "
    "It acts on the spinal cord.</p></body></html>"
)


def open_in_review(at: AppTest, name: str) -> None:
    """Open `name` from the queue, as a reviewer would after a restart."""
    at.radio(key="w_page").set_value("Queue").run()
    at.selectbox(key="queue_open").set_value(name).run()
    at.button(key="open_review").click().run()
    assert not at.exception, at.exception


def test_documents_of_every_intake_reopen_in_a_new_session(env):
    """Upload, paste and folder files are saved in the store as they are checked; a new
    session (a restart) lists them, opens them with their decisions, shows a changed folder
    file's new version (its decision stale) and the stored copy of a removed one."""
    (env / "claims" / "a.txt").write_text(SHORT, encoding="utf-8")
    (env / "claims" / "b.txt").write_text("Tizanidine is a muscle relaxant.\n", encoding="utf-8")
    at = sign_in("alice")
    at.file_uploader(key="uploader0").set_value(
        ("draft.html", SHORT_HTML.encode("utf-8"), "text/html")
    ).run()
    at.text_input(key="paste_name").input("draft-3")
    at.text_area(key="paste_text").input(SHORT)
    at.button(key="paste_add").click().run()  # opens it in Review
    decided = at.selectbox(key="w_claim").value
    at.button(key="agree").click().run()
    assert f"{decided}: agreed" in texts(at, "success")
    at.selectbox(key="w_doc").set_value("a.txt").run()
    at.button(key="agree").click().run()  # a.txt c001: "... peripheral muscle relaxant."
    (env / "claims" / "a.txt").write_text(SHORT.replace("peripheral", "centrally acting"))
    (env / "claims" / "b.txt").unlink()

    again = sign_in("ed")  # a new session: the upload and the paste are not in it
    queue = again.dataframe[0].value.set_index("document")
    assert queue.loc["draft.html", "origin"].startswith("stored (upload by alice")
    assert queue.loc["draft-3", ["origin", "status"]].tolist()[1] == "In review"
    assert queue.loc["draft-3", "origin"].startswith("stored (paste by alice")
    assert queue.loc["a.txt", ["origin", "status"]].tolist() == ["claims/ folder", "Stale"]
    assert queue.loc["b.txt", "origin"].startswith("stored (folder by alice")
    open_in_review(again, "draft-3")
    assert again.selectbox(key="w_doc").value == "draft-3"
    again.selectbox(key="w_claim_filter").set_value("All claims").run()
    again.selectbox(key="w_claim").set_value(decided).run()
    assert "Decision: **agreed** by alice" in texts(again, "success")
    with store_of(env) as store:
        latest = {d.name: d for d in store.load_documents()}
        versions = [d["name"] for d in store.documents()].count("a.txt")
    assert (latest["draft.html"].format, latest["draft.html"].source_text) == ("html", SHORT_HTML)
    assert "centrally acting" in latest["a.txt"].text and versions == 2


def test_admin_resets_a_password_and_reactivates_an_account(env):
    with store_of(env) as store:
        store.add_user("ada", PASSWORD, "admin")
        store.deactivate_user("ed", by="ada")
    at = sign_in("ada", "Accounts")
    at.selectbox(key="rp_user").set_value("alice")
    at.text_input(key="rp_pw").input("a brand new password")
    at.text_input(key="rp_pw2").input("a brand new password")
    at.button(key="reset_pw_btn").click().run()
    assert "New password set for alice" in texts(at, "success")
    at.selectbox(key="ra_user").set_value("ed")
    at.button(key="reactivate_btn").click().run()
    assert "ed can sign in again" in texts(at, "success")
    assert "No account is deactivated" in texts(at, "caption")
    at.selectbox(key="cu_user").set_value("ada")
    at.button(key="deactivate_btn").click().run()
    assert "cannot deactivate their own account" in texts(at, "error")

    with store_of(env) as store:
        assert store.get_user("ed").active
        assert store.authenticate("alice", PASSWORD) is None
        assert store.authenticate("alice", "a brand new password").username == "alice"
        assert [(e.username, e.action, e.actor) for e in store.account_events()][-2:] == [
            ("alice", "password_reset", "ada"),
            ("ed", "reactivated", "ada"),
        ]
