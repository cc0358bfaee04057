"""The reviewer app under Streamlit's AppTest: sign-in, server settings, intake, document
identity and versions, accounts. The review workflow itself is in test_app_review.py and the
signature, conflicts and adjudication in test_app_signoff.py (helpers: tests/app_helpers.py).
"""

# ruff: noqa: F811 (the env fixture comes from tests/app_helpers.py)

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from annotator.review.store import ReviewStore
from tests.app_helpers import (  # noqa: F401 (env: a fixture)
    APP,
    ARTICLE,
    NAME,
    PASSWORD,
    ROOT,
    article_html,
    checked,
    click_in_article,
    doc_id,
    env,
    sign_in,
    store_of,
    texts,
)

MARKUP = "<script>alert(1)</script><b>x</b>"
SHORT = "Baclofen is a peripheral muscle relaxant. It acts on the spinal cord.\n"
SHORT_HTML = (
    "<html><body><h1>Baclofen</h1><p>Baclofen is a peripheral muscle relaxant. "
    "It acts on the spinal cord.</p></body></html>"
)


def all_text(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "text", "info", "error", "warning", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts + [e.proto.body for e in at.html])


def test_settings_are_the_servers_and_hidden_before_sign_in(env):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not [t for t in at.text_input if "database" in t.label.lower()]
    shown = all_text(at)
    assert "review.db" not in shown.replace("\\", "")  # no server path before sign-in
    assert at.text_input(key="si_user")  # only the sign-in form

    at = sign_in("alice")
    assert not [t for t in at.text_input if "database" in t.label.lower()]  # never editable
    assert str(env / "review.db") in texts(at, "caption")  # shown to signed-in users


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
        at.selectbox(key="w_doc").set_value(doc_id(env, "markup.txt")).run()
    assert not at.exception, at.exception
    page = article_html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in page
    assert "<script>" not in page and "<b>x</b>" not in page


def queue(at: AppTest):
    return at.dataframe[0].value.set_index("document")


def test_documents_of_every_intake_reopen_in_a_new_session(env):
    """Upload, paste and folder files are registered in the store as they are checked; a new
    session (a restart) lists them with their decisions, shows a changed folder file as its
    next version (the changed claim's decision stale) and the stored copy of a removed one."""
    (env / "claims" / "a.txt").write_text(SHORT, encoding="utf-8")
    (env / "claims" / "b.txt").write_text("Tizanidine is a muscle relaxant.\n", encoding="utf-8")
    at = sign_in("alice")
    at.file_uploader(key="uploader0").set_value(
        ("draft.html", SHORT_HTML.encode("utf-8"), "text/html")
    ).run()
    at.text_input(key="paste_name").input("draft-3")
    at.text_area(key="paste_text").input(SHORT + "Baclofen can cause drowsiness.\n")
    at.button(key="paste_add").click().run()  # opens it in Review
    decided = at.session_state["item"]
    at.button(key="decide_agree").click().run()
    assert "agreed" in texts(at, "success")
    at.selectbox(key="w_doc").set_value(doc_id(env, "a.txt")).run()
    click_in_article(at, "c001")  # "Baclofen is a peripheral muscle relaxant."
    at.button(key="decide_agree").click().run()
    assert "c001: agreed" in texts(at, "success")
    (env / "claims" / "a.txt").write_text(SHORT.replace("peripheral", "centrally acting"))
    (env / "claims" / "b.txt").unlink()

    again = sign_in("ed")  # a new session: the upload and the paste are not in it
    rows = queue(again)
    assert rows.loc["draft.html", "origin"].startswith("stored (upload by alice")
    assert rows.loc["draft-3", "status"] == "In review"
    assert rows.loc["a.txt", ["origin", "version", "status"]].tolist() == [
        "claims/ folder",
        2,
        "Stale",
    ]
    assert rows.loc["b.txt", "origin"].startswith("stored (folder by alice")
    again.selectbox(key="queue_open").set_value(doc_id(env, "draft-3")).run()
    again.button(key="open_review").click().run()
    assert again.selectbox(key="w_doc").value == doc_id(env, "draft-3")
    click = again.session_state["item"]
    assert click != decided  # the first undecided opens
    with store_of(env) as store:
        (html_doc,) = [v for v in store.latest_versions() if v.name == "draft.html"]
        kept = store.stored_text(html_doc.doc_id, html_doc.content_hash)
        versions = store.versions(doc_id(env, "a.txt"))
        assert "centrally acting" in store.document_of(versions[1]).text
    assert (kept.format, kept.source_text) == ("html", SHORT_HTML)
    assert [v.version for v in versions] == [1, 2]


def test_same_name_upload_is_a_new_version_and_the_signed_one_stays(env):
    """The issue's case: a file with a signed-off article's name but other content."""
    result, items = checked()
    with store_of(env) as store:
        version = store.register(result.document, "alice", "folder")
        for item in items:
            store.decide_item(version.doc_id, version.content_hash, item, "agree", "alice")
        store.sign_off(version.doc_id, version.content_hash, "alice", "approved_with_changes",
                       result.reference_version, items, password=PASSWORD)  # fmt: skip
    changed = ARTICLE.replace("Many people take it for hiccups.", "It can cause drowsiness.")
    at = sign_in("bob")
    at.file_uploader(key="uploader0").set_value((NAME, changed.encode(), "text/markdown")).run()
    row = queue(at).loc[NAME]
    assert (row["version"], row["status"]) == (2, "Stale")  # the changed claim is stale
    at.radio(key="w_page").set_value("Review").run()
    info = texts(at, "info")
    assert "Version 2 of this document" in info
    assert "10 decisions carried over" in info and "1 changed items show" in info
    assert at.selectbox(key="w_ver").options == ["v1", "v2 (latest)"]
    at.selectbox(key="w_ver").set_value(version.content_hash).run()
    assert "Approved with changes" in texts(at, "success")  # v1 stays signed and read-only
    assert "decide_agree" not in {b.key for b in at.button}


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
