"""The real reviewer app in a real browser: a `streamlit run` server on a free port with its
own database and intake folder, Debian's chromium driven by playwright (which downloads no
browser here), and the few steps every browser test repeats. Used by tests/test_browser*.py.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from annotator.review.store import ReviewStore
from tests.app_helpers import ARTICLE, NAME, PASSWORD, ROOT

CHROMIUM = Path("/usr/bin/chromium")
PATIENCE = 60_000  # ms a step may take before the test gives up (not a speed check)
LONG = "long.md"  # an article long enough to scroll
SHOTS = os.environ.get("ANNOTATOR_SCREENSHOTS")  # a folder: refresh the docs' pictures

needs_browser = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason="no /usr/bin/chromium: install it with `apt-get install -y chromium`",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def long_article() -> str:
    filler = "".join(
        f"## Part {i}\n\nBaclofen is a muscle relaxant. It can cause drowsiness.\n\n"
        for i in range(1, 40)
    )
    return ARTICLE + "\n" + filler + "Baclofen should not be stopped abruptly.\n"


@contextmanager
def app_server(tmp: Path, extra: dict[str, str] | None = None):
    """Yield (url, db path) of a running app with alice, bob (reviewers) and ed (editor)."""
    claims = tmp / "claims"
    claims.mkdir()
    (claims / NAME).write_text(ARTICLE, encoding="utf-8")
    (claims / LONG).write_text(long_article(), encoding="utf-8")
    for name, text in (extra or {}).items():
        (claims / name).write_text(text, encoding="utf-8")
    db = tmp / "review.db"
    with ReviewStore(db) as store:
        for user, role in (("alice", "reviewer"), ("bob", "reviewer"), ("ed", "editor")):
            store.add_user(user, PASSWORD, role)
    env = {
        "ANNOTATOR_DB": str(db),
        "ANNOTATOR_CLAIMS_DIR": str(claims),
        "ANNOTATOR_NOTES": str(ROOT / "reference_notes"),
    }
    with streamlit_server(tmp, env) as url:
        yield url, db


@contextmanager
def streamlit_server(tmp: Path, env: dict[str, str]):
    """Yield the URL of `streamlit run app.py` on a free port with `env` added to this
    process's environment; its log is tmp/streamlit.log."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    log = (tmp / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("streamlit did not start:\n" + (tmp / "streamlit.log").read_text())
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking"],
        )  # fmt: skip
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, url: str, user: str, path: str = ""):
    """A browser context of its own (its own session), signed in as `user`."""
    page = browser.new_context(viewport={"width": 1600, "height": 1100}).new_page()
    page.set_default_timeout(PATIENCE)
    page.goto(url + path)
    sign_in(page, user)
    return page


def sign_in(page, user: str) -> None:
    page.get_by_role("textbox", name="Username").fill(user)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for()
    idle(page)


def idle(page) -> None:
    """Wait until the app has been still for 400 ms: no script run, no stale element (a click
    meanwhile can hit a widget about to be replaced, or find it twice)."""
    page.wait_for_function(
        """() => {
            const busy = document.querySelector(
                '[data-stale="true"], [data-testid="stStatusWidget"]');
            const now = performance.now();
            if (busy || !document.querySelector('[data-testid="stSidebar"]')) {
                window.annoQuietSince = null;
                return false;
            }
            window.annoQuietSince = window.annoQuietSince || now;
            return now - window.annoQuietSince > 400;
        }""",
        polling=100,
    )


def go_to(page, name: str) -> None:
    radio = page.get_by_test_id("stSidebar").get_by_role("radio", name=re.compile(name))
    for _ in range(3):
        idle(page)
        page.get_by_test_id("stSidebar").get_by_text(name, exact=False).first.click()
        try:
            page.wait_for_function("(r) => r.checked", arg=radio.element_handle(), timeout=10_000)
            idle(page)
            return
        except Exception:  # a click during a rerun can be lost: try again
            continue
    raise AssertionError(f"could not open the {name} page")


def open_item(page, key: str) -> None:
    """Click the claim or finding `key` in the article view."""
    idle(page)
    page.locator(f'.anno-box [data-key="{key}"]').first.click()
    page.locator(f'.anno-box .anno-selected[data-key="{key}"]').first.wait_for()
    idle(page)


def press(page, key: str) -> None:
    """A key press with the focus outside every text box."""
    idle(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)


def wait_until(check, what: str, patience: float = PATIENCE / 1000) -> None:
    deadline = time.monotonic() + patience
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def press_until(page, key: str, check, what: str, tries: int = 3) -> None:
    """press() until `check` holds (a key press during a redraw can be lost); only where a
    repeated press does no harm."""
    for _ in range(tries):
        press(page, key)
        try:
            wait_until(check, what, patience=15)
            return
        except AssertionError:
            continue
    raise AssertionError(f"gave up waiting for {what}")


def click_until(locator, check, what: str, tries: int = 3) -> None:
    """Click until `check` holds: a click that lands while the page is being redrawn can be
    lost. Only for actions the store guards against repeating (a confirmation twice is
    refused), so a slow first click never records twice."""
    for _ in range(tries):
        locator.click()
        try:
            wait_until(check, what, patience=15)
            return
        except AssertionError:
            continue
    raise AssertionError(f"gave up waiting for {what}")


def decisions(db: Path, key: str | None = None):
    with ReviewStore(db) as store:
        made = store.decisions()
    return [d for d in made if key is None or d.claim_id == key]


def shot(page, name: str, tmp: Path) -> Path:
    """Save a screenshot: into the test's folder, or into ANNOTATOR_SCREENSHOTS (docs/)."""
    folder = Path(SHOTS) if SHOTS else tmp
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"screenshot-{name}.png"
    page.screenshot(path=str(path))
    return path
