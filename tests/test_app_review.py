"""The review workflow under AppTest: deciding claims and findings, click-to-open, the
decision buttons' shortcuts, triage and the recorded bulk action, progress, deep links, and
staleness after a reference change. Runs on ARTICLE (tests/app_helpers.py), no ../shared.
"""

# ruff: noqa: F811 (the env fixture comes from tests/app_helpers.py)

from __future__ import annotations

import csv
import shutil

from annotator.review.records import FINDING_PREFIX
from tests.app_helpers import (  # noqa: F401 (env: a fixture)
    ROOT,
    article_html,
    checked,
    click_in_article,
    doc_id,
    env,
    keys,
    sign_in,
    store_of,
    texts,
)


def finding(items, kind: str) -> str:
    return next(i.key for i in items if i.key.startswith(f"{FINDING_PREFIX}{kind}@"))


def test_agree_records_and_opens_the_next_undecided_item(env):
    at = sign_in("alice", "Review")
    first = at.session_state["item"]
    assert first.startswith("F:omitted_safety_information")  # document-level findings first
    assert at.get("progress")[0].proto.text.startswith("0 of 11 items decided")
    at.button(key="decide_agree").click().run()
    assert at.session_state["item"] != first
    assert at.get("progress")[0].proto.text.startswith("1 of 11 items decided")
    with store_of(env) as store:
        (made,) = store.decisions()
    assert (made.claim_id, made.decision, made.reviewer, made.seen, made.via) == (
        first, "agree", "alice", "0", "decide"
    )  # fmt: skip


def test_click_in_the_article_opens_a_claim_or_a_finding(env):
    _, items = checked()
    at = sign_in("alice", "Review")
    page = article_html(at)
    for item in items:
        assert f'data-key="{item.key}"' in page  # every item can be clicked
    click_in_article(at, "c006")
    assert at.session_state["item"] == "c006"
    assert 'anno-selected" id="claim-c006"' in article_html(at)  # highlighted, scrolled to
    assert "Many people take it for hiccups." in "\n".join(h.proto.body for h in at.html)
    assert at.query_params["item"] == ["c006"] or at.query_params["item"] == "c006"
    spin = finding(items, "spin_artifact")
    click_in_article(at, spin)
    assert at.session_state["item"] == spin
    assert {"decide_agree", "decide_dismiss", "decide_needs_edit"} <= keys(at)
    assert "decide_override" not in keys(at)  # findings have no verdict to override


def test_decision_buttons_have_shortcuts_and_no_form_submits_on_ctrl_enter(env):
    at = click_in_article(sign_in("alice", "Review"), "c002")
    shortcuts = {b.key: b.proto.shortcut.lower() for b in at.button if b.proto.shortcut}
    assert {k: shortcuts.get(k) for k in ("decide_agree", "decide_override",
            "decide_needs_edit", "nav_next", "nav_prev")} == {
        "decide_agree": "a", "decide_override": "o", "decide_needs_edit": "e",
        "nav_next": "j", "nav_prev": "k",
    }  # fmt: skip
    # Ctrl+Enter in a form's text box presses its first button: the comment box and the
    # decision buttons are in no form (the signature's password box has a form of its own)
    assert at.text_area(key="comment").form_id == ""
    assert all(b.form_id == "" for b in at.button if b.key.startswith(("decide_", "nav_")))
    at.text_area(key="comment").input("please say centrally acting").run()  # Ctrl+Enter commits
    with store_of(env) as store:
        assert store.decisions() == []  # typing a comment decided nothing


def test_findings_are_decided_with_comments_and_counted(env):
    _, items = checked()
    at = sign_in("alice", "Review")
    spin = finding(items, "spin_artifact")
    click_in_article(at, spin)
    at.button(key="decide_needs_edit").click().run()
    assert "needs a comment saying why" in texts(at, "error")
    at.text_area(key="comment").input("Choose one of the alternatives.")
    at.button(key="decide_needs_edit").click().run()
    click_in_article(at, finding(items, "internal_contradiction"))
    at.text_area(key="comment").input("c002 is the wrong one")
    at.button(key="decide_dismiss").click().run()
    with store_of(env) as store:
        latest = store.latest_decisions(doc_id(env))
    assert latest[spin].decision == "needs_edit"
    assert latest[spin].comment == "Choose one of the alternatives."
    assert latest[finding(items, "internal_contradiction")].decision == "dismiss"
    assert at.get("progress")[0].proto.text.startswith("2 of 11 items decided")
    click_in_article(at, spin)
    assert "Decision: **needs edit** by alice" in texts(at, "success")


def test_override_records_the_reviewers_verdict(env):
    at = sign_in("alice", "Review")
    click_in_article(at, "c006")
    at.selectbox(key="override_verdict").set_value("inconsistent")
    at.text_area(key="comment").input("The label does not list hiccups.")
    at.button(key="decide_override").click().run()
    with store_of(env) as store:
        made = store.latest_decisions(doc_id(env))["c006"]
    assert (made.decision, made.final_verdict) == ("override", "inconsistent")


def test_triage_shows_flagged_items_first_and_bulk_accept_is_one_recorded_action(env):
    _, items = checked()
    at = sign_in("alice", "Review")
    at.toggle(key="w_triage").set_value(True).run()
    critical = finding(items, "omitted_safety_information")
    assert at.session_state["item"] in {i.key for i in items if i.critical}
    at.button(key="nav_next").click().run()
    assert at.session_state["item"] == "c002"  # the contradicted claim right after
    consistent = [i.key for i in items if i.verdict == "consistent"]
    at.button(key="bulk_consistent").click().run()
    assert f"Decided {len(consistent)} items in one recorded action" in texts(at, "success")
    at.button(key="bulk_spin").click().run()
    with store_of(env) as store:
        made = store.decisions()
    bulk = {d.via for d in made if d.claim_id in consistent}
    assert len(bulk) == 1 and bulk.pop().startswith("bulk:")  # one action, every row in it
    assert sorted(d.claim_id for d in made if d.claim_id in consistent) == sorted(consistent)
    assert at.get("progress")[0].proto.text.startswith(f"{len(consistent) + 1} of 11")
    assert critical  # named for the reader: critical omissions lead the triage order


def test_deep_link_opens_document_and_item_after_sign_in_and_survives_a_reload(env):
    at = sign_in("alice", "Review")  # registers the article
    target = doc_id(env)
    link = {"doc": target, "v": "1", "item": "c006"}
    again = sign_in("bob", params=link)  # a reload, or a link sent by a colleague
    assert again.session_state["page"] == "Review"
    assert (again.session_state["doc"], again.session_state["item"]) == (target, "c006")
    assert 'anno-selected" id="claim-c006"' in article_html(again)
    click_in_article(again, "c003")
    assert again.query_params["item"] in ("c003", ["c003"])  # the URL follows the open item
    assert at  # the first session is unaffected


def test_decision_goes_stale_after_the_reference_fact_changes(env, monkeypatch):
    notes = env / "notes"
    shutil.copytree(ROOT / "reference_notes", notes)
    monkeypatch.setenv("ANNOTATOR_NOTES", str(notes))
    result, _ = checked()
    wrong = next(c for c in result.checks if c.claim.id == "c002")
    at = sign_in("alice", "Review")
    click_in_article(at, "c002")
    at.button(key="decide_agree").click().run()

    fact_file = next(
        p for p in (notes / "facts").glob("*.csv") if wrong.fact_ids[0] in p.read_text()
    )
    rows = list(csv.DictReader(fact_file.open(encoding="utf-8")))
    for row in rows:
        if row["fact_id"] in wrong.fact_ids:
            row["statement"] += " (Edited by the curator.)"
    with fact_file.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    click_in_article(at.run(), "c002")
    assert "stale" in texts(at, "warning")
    assert "(Edited by the curator.)" in "\n".join(h.proto.body for h in at.html)
    at.radio(key="w_page").set_value("Queue").run()
    assert at.dataframe[0].value.set_index("document").loc["sample.md", "status"] == "Stale"
