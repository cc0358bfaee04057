"""The reviewer app against the attack round of issue 14, under AppTest: settings no visitor can
change or see, buttons that stop acting for a user once they sign out (a crafted message
replays a trigger the page drew for them), the idle time-out, admin-only cache reloading,
damaged rows, unavailable databases, errors without tracebacks, and the size limit on pasted
text. Runs on ARTICLE (tests/app_helpers.py).
"""

# ruff: noqa: F811 (the env fixture comes from tests/app_helpers.py)

from __future__ import annotations

import importlib
import os
import sqlite3
import time
import tomllib

import pytest
import streamlit as st
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from annotator.app import state
from annotator.review.store import ReviewStore
from tests.app_helpers import (  # noqa: F401 (env: a fixture)
    APP,
    ARTICLE,
    NAME,
    PASSWORD,
    ROOT,
    env,
    keys,
    sign_in,
    store_of,
    texts,
)
from tests.test_app_signoff import decide_all

app_main = importlib.import_module("annotator.app.main")  # (annotator.app.main is also a function)


def shown(at: AppTest) -> str:
    """Everything a visitor can read on the page."""
    parts = []
    for kind in ("markdown", "caption", "text", "info", "error", "warning", "success", "title"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [e.proto.body for e in at.html]
    parts += [w.label for w in (*at.text_input, *at.button, *at.selectbox)]
    return "\n".join(parts).replace("\\", "")


def press_stale(at: AppTest, widget_id: str, texts: dict | None = None) -> AppTest:
    """What a crafted browser message does: press a button the page no longer shows (with
    values for text boxes it no longer shows)."""
    states = WidgetStates()
    for box, value in (texts or {}).items():
        typed = states.widgets.add()
        typed.id = box
        typed.string_value = value
    pressed = states.widgets.add()
    pressed.id = widget_id
    pressed.trigger_value = True
    at._run(states)
    assert not at.exception, at.exception
    return at


def sign_out(at: AppTest) -> AppTest:
    at.sidebar.button(key="sign_out").click().run()
    assert at.text_input(key="si_user")  # the sign-in screen
    return at


# -- 1. deployment settings ----------------------------------------------------------------------
def test_streamlit_config_listens_locally_and_hides_error_details():
    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert conf["server"]["address"] == "127.0.0.1"
    assert conf["server"]["enableXsrfProtection"] is True
    assert conf["server"]["enableCORS"] is True
    assert conf["client"]["showErrorDetails"] == "none"
    assert conf["client"]["toolbarMode"] == "minimal"
    allowed = st.config._config_options_template["client.showErrorDetails"].description
    assert '"none"' in allowed  # a value this Streamlit version knows


def test_no_widget_query_parameter_or_session_key_changes_the_database(env, tmp_path):
    forged = tmp_path / "forged.db"
    at = AppTest.from_file(APP, default_timeout=120)
    for name in ("db", "database", "ANNOTATOR_DB", "notes", "claims_dir", "config"):
        at.query_params[name] = str(forged)
    at.session_state["db"] = str(forged)
    at.session_state["db_location"] = str(forged)
    at.run()
    labels = [w.label.lower() for w in (*at.text_input, *at.text_area, *at.selectbox)]
    assert labels == ["username", "password"]  # the sign-in form, nothing else
    at.text_input(key="si_user").input("alice")
    at.text_input(key="si_pw").input(PASSWORD)
    at.button(key="sign_in").click().run()
    assert "Signed in as" in texts(at, "markdown")
    for page in app_main.PAGES:
        at.radio(key="w_page").set_value(page).run()
        assert not at.exception, (page, at.exception)
        for widget in (*at.text_input, *at.text_area):
            label = widget.label.lower()
            assert not any(w in label for w in ("database", "url", "path", "folder")), label
    assert not forged.exists()
    with store_of(env) as store:
        assert store.documents()  # the deployment's store got the intake's document


def test_nothing_about_the_server_is_shown_before_sign_in(env):
    at = AppTest.from_file(APP, default_timeout=120).run()
    page = shown(at)
    for secret in (str(env), "review.db", "reference_notes", "claims", "version", "sqlite"):
        assert secret not in page


@pytest.mark.parametrize("where", ["missing folder", "bad config", "server url"])
def test_errors_before_sign_in_reveal_no_path(tmp_path, monkeypatch, where):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    secret = tmp_path / "hidden-dir"
    if where == "missing folder":
        monkeypatch.setenv("ANNOTATOR_DB", str(secret / "nope" / "review.db"))
    elif where == "bad config":
        conf = secret.with_suffix(".toml")
        conf.write_text("db = [\n", encoding="utf-8")
        monkeypatch.setenv("ANNOTATOR_CONFIG", str(conf))
    else:
        monkeypatch.setenv("ANNOTATOR_DB", "postgresql://u:pw@127.0.0.1:1/hidden-dir")
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    (error,) = at.error
    assert "The review service is not available now" in error.value
    page = shown(at)
    assert "hidden-dir" not in page and str(tmp_path) not in page and "pw" not in page
    assert not (secret / "nope").exists()


# -- 2. identity re-read on every run ------------------------------------------------------------
def test_a_decision_button_drawn_before_sign_out_records_nothing(env):
    at = sign_in("alice", "Review")
    agree = at.button(key="decide_agree").id
    sign_out(at)
    press_stale(at, agree)
    assert "nothing was done" in texts(at, "error")
    with store_of(env) as store:
        assert store.decisions() == []


def test_a_button_drawn_for_one_user_does_not_act_for_the_next(env):
    at = sign_in("alice", "Review")
    at.button(key="take").click().run()
    release = at.button(key="release").id  # alice holds the document
    sign_out(at)
    at.text_input(key="si_user").input("bob")
    at.text_input(key="si_pw").input(PASSWORD)
    at.button(key="sign_in").click().run()
    press_stale(at, release)  # alice's "Release", pressed in bob's sign-in
    with store_of(env) as store:
        assert [(a.assignee, a.assigned_by) for a in store.assignment_history()] == [
            ("alice", "alice")
        ]


def test_admin_actions_drawn_before_sign_out_do_nothing(env):
    with store_of(env) as store:
        store.add_user("ada", PASSWORD, "admin")
    at = sign_in("ada", "Accounts")
    at.text_input(key="au_user").input("mallory")
    at.text_input(key="au_pw").input(PASSWORD)
    add = at.button(key="add_user_btn").id
    at.selectbox(key="cu_user").set_value("alice")
    at.selectbox(key="cu_role").set_value("admin")
    role = at.button(key="set_role_btn").id
    at.run()
    sign_out(at)
    press_stale(at, add)
    press_stale(at, role)
    with store_of(env) as store:
        assert store.get_user("mallory") is None
        assert store.get_user("alice").role == "reviewer"


def test_a_demoted_admin_cannot_use_the_page_drawn_before(env):
    with store_of(env) as store:
        store.add_user("ada", PASSWORD, "admin")
        store.add_user("root", PASSWORD, "admin")
    at = sign_in("ada", "Accounts")
    with store_of(env) as store:
        store.set_role("ada", "reviewer", by="root")
    at.text_input(key="au_user").input("mallory")
    at.text_input(key="au_pw").input(PASSWORD)
    at.button(key="add_user_btn").click().run()
    assert "admin" in texts(at, "error")
    with store_of(env) as store:
        assert store.get_user("mallory") is None


def test_the_signature_drawn_before_sign_out_is_refused(env):
    decide_all(env, "alice")
    at = sign_in("alice", "Review")
    at.radio(key="so_outcome").set_value("approved_with_changes").run()
    password = at.text_input(key="so_password").id
    sign = at.button(key="sign_off").id
    sign_out(at)
    press_stale(at, sign, {password: PASSWORD})  # even with the right password in it
    with store_of(env) as store:
        assert store.signoffs() == []


def test_an_idle_session_ends(env, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_SESSION_MINUTES", "1")
    at = sign_in("alice", "Review")
    agree = at.button(key="decide_agree").id
    at.session_state["seen_at"] = time.time() - 61
    press_stale(at, agree)  # the next press after the time-out
    assert at.text_input(key="si_user")
    assert "session ended after 1 minutes without activity" in texts(at, "warning")
    with store_of(env) as store:
        assert store.decisions() == []


def test_sign_out_forgets_the_session(env):
    at = sign_in("alice")
    at.text_input(key="paste_name").input("mine")
    at.text_area(key="paste_text").input(ARTICLE)
    at.button(key="paste_add").click().run()
    sign_out(at)
    assert at.session_state["user"] is None and at.session_state["auth_token"] is None
    assert at.session_state["session_docs"] == {} and at.session_state["doc"] is None
    assert "Signed out." in texts(at, "info")


# -- 3. caches -----------------------------------------------------------------------------------
def test_streamlits_clear_cache_message_keeps_the_apps_caches(env):
    at = sign_in("alice")
    store = state._stores[os.environ["ANNOTATOR_DB"]]
    checked = len(state._results)
    st.cache_resource.clear()  # what any browser's "clear cache" message does
    st.cache_data.clear()
    at.run()
    assert state._stores[os.environ["ANNOTATOR_DB"]] is store and len(state._results) == checked
    assert "reload_caches" not in keys(at)  # a reviewer has no reload button


def test_only_an_admin_reloads_the_reference_table(env):
    with store_of(env) as store:
        store.add_user("ada", PASSWORD, "admin")
        store.add_user("root", PASSWORD, "admin")
    at = sign_in("ada")
    assert state._results
    at.sidebar.button(key="reload_caches").click().run()
    assert "loaded again" in texts(at, "success")
    with store_of(env) as store:
        store.set_role("ada", "reviewer", by="root")
    state._results[("marker",)] = None
    reload = at.sidebar.button(key="reload_caches").id
    sign_in("bob")  # another session; ada's page still shows the button
    press_stale(at, reload)
    assert "Only an admin" in texts(at, "error")
    assert ("marker",) in state._results
    state._results.pop(("marker",))


# -- 4. damaged rows -----------------------------------------------------------------------------
def damage(env, sql: str) -> None:
    """Change a row behind the store's back (its append-only triggers taken off meanwhile)."""
    con = sqlite3.connect(env / "review.db")
    triggers = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in triggers:
        con.execute(f"DROP TRIGGER {name}")
    con.execute(sql)
    for _, create in triggers:
        con.execute(create)
    con.commit()
    con.close()


def test_a_damaged_row_is_a_message_on_the_queue_and_audit_pages(env):
    (env / "claims" / "other.txt").write_text(
        "Tizanidine is a muscle relaxant.\n", encoding="utf-8"
    )
    decide_all(env, "alice")
    damage(env, "UPDATE decisions SET created_at = X'00ff' WHERE id = 2")
    at = sign_in("bob")
    assert not at.exception
    warning = texts(at, "warning")
    assert f"({NAME} (v1)): left out a damaged row (decisions id 2: created_at" in warning
    assert "other.txt" in at.dataframe[0].value["document"].tolist()  # the others are listed
    at.radio(key="w_page").set_value("Audit").run()
    assert not at.exception
    assert "decisions id 2: created_at is not text" in texts(at, "warning")
    assert "decisions id 2" in texts(at, "error")  # the chain check names the row too
    assert "Something went wrong" not in texts(at, "error")


# -- 5. errors without tracebacks, unavailable databases -----------------------------------------
def test_an_unexpected_error_is_a_short_message_with_an_error_id(env, monkeypatch, caplog):
    def broken(ctx):
        raise RuntimeError("secret internals /srv/annotator")

    monkeypatch.setitem(app_main.PAGES, "Reference", (":material/menu_book:", broken))
    at = sign_in("alice")
    at.radio(key="w_page").set_value("Reference").run()
    assert not at.exception  # nothing reaches Streamlit's own error box
    (error,) = at.error
    assert error.value.startswith("Something went wrong. Tell the administrator the error id ")
    assert "secret internals" not in error.value and "Traceback" not in error.value
    error_id = error.value.split("error id ")[1].split()[0]
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)


def test_an_error_in_a_button_is_a_message_too(env, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    at = sign_in("alice", "Review")
    monkeypatch.setattr(ReviewStore, "decide_item", broken)
    at.button(key="decide_agree").click().run()
    assert not at.exception
    assert "Something went wrong; nothing more was done" in texts(at, "error")


def test_a_read_only_database_lets_a_signed_in_reviewer_read(env, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DB", f"sqlite:///file:{env / 'review.db'}?mode=ro&uri=true")
    # a URL has no file to keep the audit key beside: the deployment names it
    monkeypatch.setenv("ANNOTATOR_AUDIT_KEY_FILE", str(env / "review.db.key"))
    decide_all(env, "alice")
    (env / "claims" / "new.txt").write_text("Tizanidine is a muscle relaxant.\n")
    with store_of(env) as store:
        store.authenticate("alice", PASSWORD)  # warm: the read-only store has its tables
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="si_user").input("alice")
    at.text_input(key="si_pw").input(PASSWORD)
    at.button(key="sign_in").click().run()
    assert not at.exception
    error = texts(at, "error")
    assert "cannot record a sign-in now (it is read-only, locked by another program, or full)" in (
        error
    )
    assert "review.db" not in error and "Traceback" not in error


def test_the_first_admin_form_on_a_read_only_database_names_no_path(tmp_path, monkeypatch):
    db = tmp_path / "hidden-dir" / "empty.db"
    db.parent.mkdir()
    ReviewStore(db).close()  # tables, no account
    monkeypatch.setenv("ANNOTATOR_DB", f"sqlite:///file:{db}?mode=ro&uri=true")
    monkeypatch.setenv("ANNOTATOR_CLAIMS_DIR", str(tmp_path / "claims"))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="fa_user").input("root")
    at.text_input(key="fa_pw").input(PASSWORD)
    at.text_input(key="fa_pw2").input(PASSWORD)
    at.button(key="create_admin").click().run()
    assert not at.exception
    assert "cannot record a sign-in now" in texts(at, "error")
    assert "hidden-dir" not in shown(at)
    with ReviewStore(db) as store:
        assert store.list_users() == []


def test_a_locked_database_is_a_clear_message(env, monkeypatch):
    monkeypatch.setattr(state, "ReviewStore", lambda loc: ReviewStore(loc, busy_timeout_ms=100))
    state._stores.pop(str(env / "review.db"), None)
    AppTest.from_file(APP, default_timeout=120).run()  # the store is open and upgraded
    holder = sqlite3.connect(env / "review.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        at = AppTest.from_file(APP, default_timeout=120).run()
        at.text_input(key="si_user").input("alice")
        at.text_input(key="si_pw").input(PASSWORD)
        at.button(key="sign_in").click().run()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        state._stores.pop(str(env / "review.db"), None)
    assert not at.exception
    assert "cannot record a sign-in now" in texts(at, "error")


# -- 6. size limits and the intake folder --------------------------------------------------------
def test_pasted_text_has_the_same_byte_limit_as_files(env, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_MAX_BYTES", "2000")
    at = sign_in("alice")
    at.text_input(key="paste_name").input("too-big")
    at.text_area(key="paste_text").input("é" * 1001)  # 1001 characters, 2002 bytes in UTF-8
    at.button(key="paste_add").click().run()
    error = texts(at, "error")
    assert "too-big: text too large: 2002 bytes, limit 2000 bytes" in error
    assert "too-big" not in at.session_state["session_docs"]
    at.file_uploader(key="uploader0").set_value(("big.txt", b"a" * 2001, "text/plain")).run()
    assert "big.txt: file too large: 2001 bytes, limit 2000 bytes" in texts(at, "error")


def test_the_intake_never_follows_a_symlink_out_of_the_claims_folder(env):
    outside = env / "outside-secret.txt"
    outside.write_text("Baclofen is an antibiotic. SECRET-MARKER\n", encoding="utf-8")
    (env / "claims" / "link.txt").symlink_to(outside)
    (env / "claims" / "inside.txt").symlink_to(env / "claims" / NAME)  # inside: allowed
    at = sign_in("alice")
    listed = at.multiselect(key="w_picked").options
    assert "link.txt" not in listed and "inside.txt" in listed
    with store_of(env) as store:
        names = {v.name for v in store.latest_versions()}
        assert "link.txt" not in names
        assert all("SECRET-MARKER" not in (store.document_of(v).text) for v in
                   store.latest_versions())  # fmt: skip
