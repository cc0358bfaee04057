"""Signature, conflicts, assignment and adjudication under AppTest: two AppTest sessions on
one database are two reviewers in two browsers. Runs on ARTICLE (tests/app_helpers.py).
"""

# ruff: noqa: F811 (the env fixture comes from tests/app_helpers.py)

from __future__ import annotations

from tests.app_helpers import (  # noqa: F401 (env: a fixture)
    PASSWORD,
    checked,
    click_in_article,
    doc_id,
    env,
    keys,
    sign_in,
    store_of,
    texts,
)


def decide_all(env, user: str, how: dict | None = None) -> None:
    """`user` agrees with every item, or decides `how[key]` = (decision, comment), or leaves
    it undecided (`how[key]` = None)."""
    result, items = checked()
    with store_of(env) as store:
        version = store.register(result.document, user, "folder")
        for item in items:
            chosen = (how or {}).get(item.key, ("agree", ""))
            if chosen is None:
                continue
            decision, comment = chosen
            store.decide_item(version.doc_id, version.content_hash, item, decision, user,
                              comment=comment)  # fmt: skip


def test_signature_needs_the_password_and_records_outcome_and_meaning(env):
    decide_all(env, "alice")
    at = sign_in("alice", "Review")
    warning = texts(at, "warning")
    assert "Approved is refused now" in warning and "confirmed inconsistent" in warning
    assert at.button(key="sign_off").disabled
    at.radio(key="so_outcome").set_value("approved_with_changes").run()
    assert not at.button(key="sign_off").disabled
    assert "on condition that 1 change is made" in texts(at, "markdown")
    at.text_input(key="so_password").input("not my password")
    at.button(key="sign_off").click().run()
    assert "signature refused: wrong password for 'alice'" in texts(at, "error")
    at.text_input(key="so_password").input(PASSWORD)
    at.button(key="sign_off").click().run()
    assert "Approved with changes, signed by alice" in texts(at, "success")
    with store_of(env) as store:
        (signed,) = store.signoffs()
    assert (signed.outcome, signed.auth_method, signed.reviewer) == (
        "approved_with_changes", "password", "alice"
    )  # fmt: skip
    assert "I approve it on condition that 1 change is made" in signed.meaning
    assert "made by me (11)" in signed.meaning
    assert "decide_agree" not in keys(at)  # the signed version is read-only
    assert "Only an editor or admin can re-open" in texts(at, "caption")


def test_approved_is_refused_while_needs_edit_or_a_critical_finding_is_undecided(env):
    _, items = checked()
    critical = next(i for i in items if i.critical and i.kind == "finding")
    decide_all(env, "alice", {"c003": ("needs_edit", "say 'spinal cord and brain'"),
                              critical.key: None})  # fmt: skip
    at = sign_in("alice", "Review")
    warning = texts(at, "warning")
    assert "marked needs edit: c003" in warning
    assert "critical finding undecided: omitted safety information" in warning
    assert at.button(key="sign_off").disabled
    at.radio(key="so_outcome").set_value("not_approved").run()
    assert "needs a note" in texts(at, "warning")
    at.text_area(key="so_note").input("Fix the class and the site of action.").run()
    at.text_input(key="so_password").input(PASSWORD)
    at.button(key="sign_off").click().run()
    assert "Not approved, returned to the author" in texts(at, "success")
    at.radio(key="w_page").set_value("Queue").run()
    assert at.dataframe[0].value.iloc[0]["status"] == "Returned to author"


def test_editor_reopens_a_signed_document(env):
    decide_all(env, "alice")
    result, items = checked()
    with store_of(env) as store:
        store.sign_off(doc_id(env), result.document.id, "alice", "approved_with_changes",
                       result.reference_version, items, password=PASSWORD)  # fmt: skip
    ed = sign_in("ed", "Review")
    ed.text_input(key="reopen_reason").input("c007 needs another look.")
    ed.button(key="reopen").click().run()
    with store_of(env) as store:
        assert not store.is_signed_off(doc_id(env))
        assert store.signoffs()[-1].action == "reopen"
    assert "decide_agree" in keys(ed)


def test_conflict_shows_both_decisions_and_the_reviewer_chooses(env):
    alice = click_in_article(sign_in("alice", "Review"), "c006")
    bob = click_in_article(sign_in("bob", "Review"), "c006")  # both pages show c006 undecided
    bob.button(key="decide_agree").click().run()
    alice.text_area(key="comment").input("The label does not list hiccups.")
    alice.button(key="decide_needs_edit").click().run()
    shown = (texts(alice, "error") + texts(alice, "markdown")).replace("**", "")
    assert "Conflict: bob decided c006" in shown and "Nothing of yours was recorded" in shown
    assert "bob: agreed" in shown and "You: needs edit" in shown
    with store_of(env) as store:
        assert [d.reviewer for d in store.decisions()] == ["bob"]
    alice.button(key="conflict_mine").click().run()
    with store_of(env) as store:
        mine = store.latest_decisions(doc_id(env))["c006"]
    assert (mine.reviewer, mine.decision, mine.comment) == (
        "alice", "needs_edit", "The label does not list hiccups."
    )  # fmt: skip
    assert mine.seen == str(store_of(env).decisions()[0].id)  # made knowing bob's decision


def test_keeping_the_other_decision_records_nothing(env):
    alice = click_in_article(sign_in("alice", "Review"), "c006")
    bob = click_in_article(sign_in("bob", "Review"), "c006")
    bob.button(key="decide_agree").click().run()
    alice.button(key="decide_agree").click().run()
    alice.button(key="conflict_keep").click().run()
    assert "conflict_keep" not in keys(alice)
    with store_of(env) as store:
        assert [d.reviewer for d in store.decisions()] == ["bob"]


def test_assignment_shows_in_the_queue_and_others_are_read_only(env):
    alice = sign_in("alice", "Review")
    alice.button(key="take").click().run()
    bob = sign_in("bob")
    assert bob.dataframe[0].value.iloc[0]["held by"] == "alice"
    bob.radio(key="w_page").set_value("Review").run()
    assert "decide_agree" not in keys(bob)
    assert "Held by alice" in texts(bob, "caption")
    ed = sign_in("ed")
    ed.selectbox(key="assign_to").set_value("bob")
    ed.button(key="assign").click().run()
    assert ed.dataframe[0].value.iloc[0]["held by"] == "bob"


def test_adjudication_confirms_another_reviewers_decisions_before_signing(env):
    _, items = checked()
    decide_all(env, "alice", {"c006": ("needs_edit", "no source for hiccups")})
    with store_of(env) as store:  # bob decided c003 and c006 himself first
        v = store.latest_versions()[0]
    bob = sign_in("bob", "Adjudicate")
    metrics = {m.label: m.value for m in bob.metric}
    assert metrics["Waiting for your confirmation"] == str(len(items))
    bob.radio(key="w_page").set_value("Review").run()
    assert "not confirmed by bob" in texts(bob, "warning")
    click_in_article(bob, "c006")
    bob.button(key="decide_agree").click().run()  # bob disagrees on c006
    bob.radio(key="w_page").set_value("Adjudicate").run()
    metrics = {m.label: m.value for m in bob.metric}
    assert (metrics["Disagreements"], metrics["Waiting for your confirmation"]) == (
        "1", str(len(items) - 1)
    )  # fmt: skip
    waiting = [k for k in keys(bob) if k.startswith("confirm_") and k != "confirm_agreed"]
    for key in waiting:
        bob.button(key=key).click().run()
    with store_of(env) as store:
        made = store.decisions(v.doc_id)
    confirmations = [d for d in made if d.via == "confirm"]
    assert len(confirmations) == len(items) - 1
    assert all(d.reviewer == "bob" and d.confirms for d in confirmations)
    bob.radio(key="w_page").set_value("Review").run()
    assert "not confirmed by" not in texts(bob, "warning")
    bob.radio(key="so_outcome").set_value("approved_with_changes").run()
    bob.text_input(key="so_password").input(PASSWORD)
    bob.button(key="sign_off").click().run()
    with store_of(env) as store:
        signed = store.signoffs()[-1]
    assert signed.reviewer == "bob"
    assert f"made by me (1) or confirmed by me from another reviewer ({len(items) - 1})" in (
        signed.meaning
    )
