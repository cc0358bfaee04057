"""One reviewer in a real browser (Debian's chromium + playwright, tests/browser_helpers.py):
click a sentence to open it, the open item scrolled into view in a long article, single-key
decisions that never fire from the comment box (Ctrl+Enter included), triage's bulk action,
a reload that comes back to the same item, and a signature with the password.

Screenshots go to the test's folder, or to ANNOTATOR_SCREENSHOTS (`ANNOTATOR_SCREENSHOTS=docs
pytest tests/test_browser*.py` refreshes the pictures in docs/). Skipped with a reason when
chromium or playwright is missing.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from annotator.review.store import ReviewStore
from tests.app_helpers import NAME, PASSWORD, ROOT, checked
from tests.browser_helpers import (
    app_server,
    chromium,
    decisions,
    go_to,
    idle,
    needs_browser,
    new_page,
    open_item,
    press,
    press_until,
    shot,
    sign_in,
    wait_until,
)

pytestmark = needs_browser
SEED = ROOT.parent / "shared" / "seed" / "baclofen_article.txt"


def selected(page) -> str:
    return page.locator(".anno-box .anno-selected[data-key]").first.get_attribute("data-key")


def url_item(page) -> str | None:
    return parse_qs(urlparse(page.url).query).get("item", [None])[0]


def pick_document(page, label: str, shows: str) -> None:
    """Choose a document in the Review page's selector and wait for its text."""
    page.get_by_test_id("stSelectbox").filter(has_text="Document").first.click()
    page.get_by_role("option", name=label).click()
    page.locator(".anno-box", has_text=shows).wait_for()


def test_open_by_click_keys_triage_reload_and_signature(tmp_path):
    with app_server(tmp_path) as (url, db), chromium() as browser:
        page = new_page(browser, url, "alice")
        go_to(page, "Review")
        page.locator(".anno-box").wait_for()

        # long.md opens first: K (previous) wraps to its last item, scrolled into view
        press(page, "k")
        page.wait_for_function(
            "() => { const box = document.querySelector('.anno-box');"
            " const el = box.querySelector('.anno-selected'); if (!el) return false;"
            " const b = box.getBoundingClientRect(), e = el.getBoundingClientRect();"
            " return box.scrollTop > 0 && e.top >= b.top && e.bottom <= b.bottom; }"
        )

        pick_document(page, f"{NAME} (v1)", "Many people take it for hiccups.")
        open_item(page, "c006")  # a click on the sentence opens it beside the article
        page.locator("blockquote", has_text="Many people take it for hiccups.").wait_for()
        press_until(page, "a", lambda: decisions(db, "c006"), "A to agree with c006")
        assert decisions(db, "c006")[0].decision == "agree"

        open_item(page, "c003")
        box = page.get_by_role("textbox", name="Comment (required for Override and Needs edit)")
        box.click()
        page.wait_for_function("() => document.activeElement?.tagName === 'TEXTAREA'")
        page.keyboard.type("a note typed with the letters a, o, e and j")
        page.keyboard.press("Control+Enter")  # commits the text; must not decide
        press_until(page, "j", lambda: selected(page) != "c003", "J: next item")  # moves on ...
        assert decisions(db, "c003") == []  # ... and nothing was decided on c003

        page.get_by_text("Triage: flagged first").click()
        page.get_by_role("button", name=re.compile(r"Accept all \d+ consistent claims")).click()
        wait_until(lambda: len(decisions(db)) >= 5, "the bulk action")
        assert len({d.via for d in decisions(db) if d.via.startswith("bulk:")}) == 1

        idle(page)
        key = selected(page)
        wait_until(
            lambda: url_item(page) == selected(page),
            f"the URL to name the open item ({url_item(page)} / {selected(page)})",
        )
        key = selected(page)
        page.reload()  # the URL keeps document, version and item
        sign_in(page, "alice")
        page.locator(f'.anno-box .anno-selected[data-key="{key}"]').first.wait_for()

        items = len(checked()[1])
        while len({d.claim_id for d in decisions(db)}) < items:  # A on each item it opens
            before = len(decisions(db))  # (a second A on an item only repeats its agree)
            press_until(page, "a", lambda n=before: len(decisions(db)) > n, "the next decision")
        idle(page)
        page.get_by_text("Approved with changes").first.click()
        page.locator("button", has_text="Sign: Approved with changes").wait_for()  # redrawn
        idle(page)
        password = page.get_by_role("textbox", name="Password of alice, to sign")
        password.fill(PASSWORD)
        password.press("Tab")  # to the show-password button: the value must survive
        page.locator("button:not([disabled])", has_text="Sign: Approved with changes").click()
        wait_until(lambda: ReviewStore(db).signoffs(), "the signature")
        page.get_by_text(re.compile("signed by alice at")).first.wait_for()
        shot(page, "signoff", tmp_path)
    with ReviewStore(db) as store:
        (signed,) = store.signoffs()
    assert (signed.outcome, signed.auth_method, signed.reviewer) == (
        "approved_with_changes",
        "password",
        "alice",
    )


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed article not found at {SEED}")
def test_review_page_of_the_seed_article(tmp_path):
    """The picture in the README: the seed article with a contradicted claim open."""
    extra = {"baclofen_article.txt": SEED.read_text(encoding="utf-8")}
    with app_server(tmp_path, extra) as (url, _db), chromium() as browser:
        page = new_page(browser, url, "alice")
        go_to(page, "Review")
        pick_document(page, "baclofen_article.txt (v1)", "Baclofen")
        page.locator(".anno-box .anno-v-inconsistent").first.click()
        page.get_by_text("Reference says:").wait_for()
        idle(page)
        page.evaluate(  # the page's top (the click scrolled it), not the article's own scroll
            "for (const e of document.querySelectorAll('*'))"
            " if (!e.closest('.anno-box')) e.scrollTop = 0"
        )
        page.wait_for_timeout(300)  # let the scroll paint before the picture
        path = shot(page, "review", tmp_path)
    assert path.stat().st_size > 10_000
