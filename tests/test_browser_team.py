"""Two reviewers in two browser contexts (two sessions) on one store: a conflict shown with
both decisions and settled by the second reviewer, then an adjudication where the second
reviewer confirms the first one's decisions and signs. Real chromium, real `streamlit run`
(tests/browser_helpers.py); skipped with a reason when chromium or playwright is missing.
"""

from __future__ import annotations

import re

from annotator.review.store import ReviewStore
from tests.app_helpers import PASSWORD, checked
from tests.browser_helpers import (
    app_server,
    chromium,
    click_until,
    decisions,
    go_to,
    idle,
    needs_browser,
    new_page,
    open_item,
    press,
    shot,
    sign_in,
    wait_until,
)

pytestmark = needs_browser


def open_sample(page, url: str, db) -> str:
    """Open sample.md in the Review page by its link (registered on the first page load)."""
    wait_until(lambda: _sample(db), "the article to be registered")
    doc = _sample(db)
    page.goto(f"{url}/?doc={doc}&v=1")
    page.get_by_role("textbox", name="Username").wait_for()
    return doc


def _sample(db):
    with ReviewStore(db) as store:
        return next((v.doc_id for v in store.latest_versions() if v.name == "sample.md"), None)


def test_conflict_then_adjudication_between_two_reviewers(tmp_path):
    with app_server(tmp_path) as (url, db), chromium() as browser:
        alice = new_page(browser, url, "alice")
        doc = open_sample(alice, url, db)
        sign_in(alice, "alice")
        bob = new_page(browser, url + f"/?doc={doc}&v=1", "bob")
        for page in (alice, bob):  # both pages show c006 undecided
            open_item(page, "c006")

        press(bob, "a")
        wait_until(lambda: decisions(db, "c006"), "bob's decision")
        box = alice.get_by_role("textbox", name="Comment (required for Override and Needs edit)")
        box.click()
        alice.wait_for_function("() => document.activeElement?.tagName === 'TEXTAREA'")
        alice.keyboard.type("The label does not list hiccups.")
        alice.get_by_role("button", name=re.compile("^Needs edit")).click()
        alice.get_by_text(re.compile("Conflict: bob decided c006")).wait_for()
        alice.get_by_text(re.compile("^bob: agreed")).wait_for()
        alice.get_by_text(re.compile("^You: needs edit")).wait_for()
        shot(alice, "conflict", tmp_path)
        assert [d.reviewer for d in decisions(db, "c006")] == ["bob"]  # nothing silent
        alice.get_by_role("button", name="Record mine instead").click()
        wait_until(lambda: len(decisions(db, "c006")) == 2, "alice's chosen decision")
        mine = decisions(db, "c006")[-1]
        assert (mine.reviewer, mine.decision, mine.seen) == (
            "alice",
            "needs_edit",
            str(decisions(db, "c006")[0].id),
        )

        # alice decides the rest (set up through the store); bob adjudicates and signs
        _, items = checked()
        with ReviewStore(db) as store:
            version = store.versions(doc)[0]
            for item in items:
                if item.key != "c006":
                    store.decide_item(doc, version.content_hash, item, "agree", "alice")
        go_to(bob, "Adjudicate")
        bob.get_by_text("Waiting for your confirmation").first.wait_for()
        shot(bob, "adjudicate", tmp_path)
        buttons = bob.get_by_role("button", name="Confirm as mine")
        wait_until(lambda: buttons.count() == len(items), "a confirm button per decision")

        def confirmed() -> int:
            return sum(d.via == "confirm" for d in decisions(db))

        while confirmed() < len(items):  # one click per decision, as the reviewer reads them
            idle(bob)
            done = confirmed()
            click_until(buttons.first, lambda n=done: confirmed() > n, "a confirmation")
        bob.get_by_text("Nothing waits for your confirmation.").wait_for()
        go_to(bob, "Review")
        bob.get_by_text("Not approved, returned to the author").first.click()
        bob.locator("button", has_text="Sign: Not approved").wait_for()  # redrawn
        idle(bob)
        bob.get_by_role("textbox", name="Note to the author (required to return it)").fill(
            "Fix the class (c002) and drop the hiccups claim (c006)."
        )
        bob.keyboard.press("Tab")
        idle(bob)
        idle(bob)
        bob.get_by_role("textbox", name="Password of bob, to sign").fill(PASSWORD)
        bob.locator("button:not([disabled])", has_text=re.compile("^Sign: Not approved")).click()
        bob.get_by_text(
            re.compile("Not approved, returned to the author, signed by bob")
        ).wait_for()
    with ReviewStore(db) as store:
        signed = store.signoffs()[-1]
        made = store.decisions(doc)
    assert (signed.reviewer, signed.outcome) == ("bob", "not_approved")
    assert f"confirmed by me from another reviewer ({len(items)})" in signed.meaning
    assert signed.note.startswith("Fix the class")
    assert sum(d.via == "confirm" and d.reviewer == "bob" for d in made) == len(items)
