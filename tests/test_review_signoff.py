"""No silent conflicts, assignments, confirmations, bulk actions and the e-signature.

Real SQLite file, and PostgreSQL when ANNOTATOR_TEST_PG_URL is set. Two reviewers are two
callers of one store: what matters is what the store refuses and what it records.
"""

# ruff: noqa: F811 (the store and clock fixtures come from tests/review_fixtures.py)

from __future__ import annotations

from datetime import timedelta

import pytest

from annotator.review.records import DecisionConflict, ReviewError, ReviewItem
from tests.review_fixtures import (  # noqa: F401 (fixtures)
    DOC,
    ITEMS,
    PASSWORD,
    TEXT,
    clock,
    decide,
    decide_all,
    sign_off,
    store,
)

CRITICAL = ReviewItem("F:omitted@0-0#bbbb", "finding", "omission", "h4", "fx", "finding", True)


# -- conflicts -----------------------------------------------------------------------------------
def test_second_reviewer_on_an_outdated_page_gets_a_conflict_not_a_silent_overwrite(store):
    first = decide(store, "c001", "agree", reviewer="rita", seen=0)
    with pytest.raises(DecisionConflict, match="c001 was decided by rita") as caught:
        decide(store, "c001", "needs_edit", reviewer="bob", seen=0, comment="wrong dose")
    assert caught.value.theirs == first
    assert caught.value.mine["decision"] == "needs_edit"
    assert [d.reviewer for d in store.decisions()] == ["rita"]  # nothing was recorded
    mine = decide(store, "c001", "needs_edit", reviewer="bob", seen=first.id, comment="wrong dose")
    assert (mine.seen, mine.via) == (str(first.id), "decide")
    assert store.latest_decisions(DOC)["c001"].reviewer == "bob"


def test_own_later_decision_and_unchecked_callers_are_not_conflicts(store):
    decide(store, "c001", reviewer="rita", seen=0)
    decide(store, "c001", "needs_edit", reviewer="rita", seen=0)  # my other tab
    decide(store, "c001", reviewer="bob")  # seen=None: an API caller that does not check
    assert [d.reviewer for d in store.decisions()] == ["rita", "rita", "bob"]


# -- assignments ---------------------------------------------------------------------------------
def test_held_document_refuses_everyone_but_its_holder(store):
    store.assign(DOC, "rita", "rita")
    assert store.holders() == {DOC: "rita"}
    with pytest.raises(ReviewError, match=f"{DOC} is held by rita; bob cannot record"):
        decide(store, "c001", reviewer="bob")
    with pytest.raises(ReviewError, match="held by rita; ask them or an editor"):
        store.assign(DOC, "bob", "bob")
    decide_all(store, "rita")
    store.assign(DOC, "bob", "ed", note="second review")  # an editor reassigns
    with pytest.raises(ReviewError, match="held by bob; rita cannot sign off"):
        sign_off(store, "rita")
    store.assign(DOC, None, "bob")  # the holder releases it
    assert store.holder(DOC) is None and store.holders() == {}
    assert [(a.assignee, a.assigned_by) for a in store.assignment_history(DOC)] == [
        ("rita", "rita"),
        ("bob", "ed"),
        ("", "bob"),
    ]


@pytest.mark.parametrize(
    "who, to, message",
    [
        ("bob", "rita", "cannot assign baclofen.txt to 'rita'; an editor can"),
        ("ed", "zed", "unknown user 'zed'"),
        ("ed", None, "already unassigned"),
    ],
)
def test_assignment_rules(store, who, to, message):
    with pytest.raises(ReviewError, match=message):
        store.assign(DOC, to, who)


# -- confirmations and bulk ----------------------------------------------------------------------
def test_confirmation_takes_over_another_reviewers_decision(store):
    theirs = decide(store, "c002", "needs_edit", reviewer="rita", comment="say 'centrally'")
    mine = store.confirm(DOC, TEXT, ITEMS[1], theirs.id, "bob")
    assert (mine.reviewer, mine.decision, mine.comment) == ("bob", "needs_edit", "say 'centrally'")
    assert (mine.via, mine.confirms) == ("confirm", str(theirs.id))
    with pytest.raises(ReviewError, match="already yours"):
        store.confirm(DOC, TEXT, ITEMS[1], mine.id, "bob")
    with pytest.raises(ReviewError, match="no longer the one in force"):
        store.confirm(DOC, TEXT, ITEMS[1], theirs.id, "ed")
    edited = ITEMS[1]._replace(fact_fingerprint="facts edited")
    with pytest.raises(ReviewError, match="stale"):
        store.confirm(DOC, TEXT, edited, mine.id, "rita")


def test_bulk_accept_records_one_action_and_skips_what_others_decided_meanwhile(store):
    decide(store, "c002", reviewer="rita")  # after bob's page showed c002 undecided
    recorded, skipped = store.bulk_decide(
        DOC, TEXT, ITEMS[:2], "agree", "bob", comment="accepted in bulk", seen={}
    )
    assert [r.claim_id for r in recorded] == ["c001"] and skipped == ["c002"]
    assert recorded[0].via.startswith("bulk:")
    assert store.latest_decisions(DOC)["c002"].reviewer == "rita"


# -- the e-signature -----------------------------------------------------------------------------
def test_signature_needs_the_signers_password_and_counts_a_wrong_one(store):
    decide_all(store)
    with pytest.raises(ReviewError, match="needs your password"):
        sign_off(store, password=None)
    with pytest.raises(ReviewError, match="wrong password for 'rita'"):
        sign_off(store, password="not it")
    signed = sign_off(store)
    assert (signed.outcome, signed.auth_method, signed.reviewer) == ("approved", "password", "rita")
    assert "every decision made by me (3)" in signed.meaning and "I approve it" in signed.meaning
    assert "not medical truth" in signed.meaning
    assert store.is_signed_off(DOC, TEXT) and not store.is_signed_off(DOC, "another text")


def test_fresh_oidc_sign_in_signs_and_a_stale_one_does_not(store, clock):
    decide_all(store)
    with pytest.raises(ReviewError, match="older than 5 minutes"):
        sign_off(store, password=None, oidc_auth_time=clock.now - timedelta(minutes=6))
    signed = sign_off(store, password=None, oidc_auth_time=clock.now - timedelta(minutes=2))
    assert signed.auth_method == "oidc"


def test_signer_must_have_made_or_confirmed_every_decision(store):
    decide_all(store, "rita")
    with pytest.raises(ReviewError, match=r"not confirmed by bob .*c001 \(rita\), c002 \(rita\)"):
        sign_off(store, "bob")
    for item in ITEMS:
        theirs = store.latest_decisions(DOC)[item.key]
        store.confirm(DOC, TEXT, item, theirs.id, "bob")
    signed = sign_off(store, "bob")
    assert "made by me (0) or confirmed by me from another reviewer (3)" in signed.meaning


@pytest.mark.parametrize(
    "setup, outcome, message",
    [
        ({"c001": "missing"}, "not_approved", r"no current decision on c001"),
        ({"c002": "needs_edit"}, "approved", "marked needs edit: c002"),
        ({"c001": "override"}, "approved", "confirmed inconsistent with the reference: c001"),
        ({"F:spin_artifact@5-9#aaaa": "needs_edit"}, "approved", "needs edit: spin artifact"),
        ({}, "approved_with_changes", "nothing is marked to change; sign it as Approved"),
        ({}, "not_approved", "needs a note saying what must change"),
        ({CRITICAL.key: "missing"}, "approved", "critical finding undecided: omission"),
    ],
)
def test_outcome_rules(store, setup, outcome, message):
    items = [*ITEMS, CRITICAL]
    for item in items:
        how = setup.get(item.key, "agree")
        if how == "override":
            decide(store, item=item, decision="override", decided_verdict="inconsistent")
        elif how != "missing":
            decide(store, item=item, decision=how)
    with pytest.raises(ReviewError, match=message):
        sign_off(store, outcome=outcome, items=items)
    assert store.signoffs() == []


def test_other_findings_may_stay_undecided_and_the_meaning_says_so(store):
    decide_all(store, items=ITEMS[:2])  # the spin artifact stays undecided
    signed = sign_off(store, outcome="approved")
    assert "2 checkable claims and 0 findings decided (1 other findings left" in signed.meaning


@pytest.mark.parametrize(
    "decision, outcome, words",
    [
        ("needs_edit", "approved_with_changes", "on condition that 1 change is made"),
        ("needs_edit", "not_approved", "returned to the author with 1 item to change"),
    ],
)
def test_outcomes_with_changes_say_so(store, decision, outcome, words):
    decide_all(store)
    decide(store, "c002", decision)
    signed = sign_off(store, outcome=outcome, note="Fix claim 2.")
    assert words in signed.meaning and signed.note == "Fix claim 2."


def test_signed_version_is_read_only_until_an_editor_reopens_it(store):
    decide_all(store)
    sign_off(store)
    with pytest.raises(ReviewError, match="signed off; an editor must reopen"):
        decide(store, "c001")
    with pytest.raises(ReviewError, match="already signed off"):
        sign_off(store)
    with pytest.raises(ReviewError, match="has role reviewer; to reopen documents needs editor"):
        store.reopen(DOC, "rita", "typo")
    assert store.reopen(DOC, "ed", "dosing note corrected").action == "reopen"
    assert not store.is_signed_off(DOC)
    decide(store, "c001", "needs_edit")
    with pytest.raises(ReviewError, match="is not signed off"):
        store.reopen(DOC, "ed", "again")


def test_status_follows_the_review(store):
    def status(items=ITEMS):
        return store.review_state(DOC, TEXT, items).status

    assert status() == "new"
    decide(store, "c001")
    assert status() == "in_review"
    decide_all(store)
    sign_off(store, outcome="approved")
    assert status() == "approved"
    assert status([ITEMS[0]._replace(fact_fingerprint="reference changed")]) == "stale"
