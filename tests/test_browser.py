"""One end-to-end run of the reviewer app in a real browser (Debian's chromium + playwright).

Starts `streamlit run app.py` on a free port with its own database and intake folder, signs
in, opens the seed article, agrees with the one claim left undecided, signs the document off,
and saves a screenshot: into the test's temporary folder, or where ANNOTATOR_SCREENSHOT says
(`ANNOTATOR_SCREENSHOT=docs/screenshot-review.png pytest tests/test_browser.py` refreshes the
picture in the README, so a normal test run leaves the work tree clean). Skipped with a reason when
chromium or playwright is missing; playwright never downloads a browser here.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from annotator.extraction.documents import read_document
from annotator.knowledge.loader import load_reference
from annotator.models import Document, Verdict
from annotator.pipeline import check_document
from annotator.review.staleness import claim_states
from annotator.review.store import ReviewStore

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "baclofen_article.txt"
CHROMIUM = Path("/usr/bin/chromium")
DOC = "baclofen_article.txt"
PASSWORD = "correct horse 1"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SEED.is_file(), reason=f"seed article not found at {SEED}"),
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason="no /usr/bin/chromium: install it with `apt-get install -y chromium`",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(tmp: Path) -> tuple[Path, Path, str]:
    """Store with one reviewer who has agreed with every checkable claim but one."""
    claims = tmp / "claims"
    claims.mkdir()
    shutil.copy(SEED, claims / DOC)
    db = tmp / "review.db"
    doc = read_document(SEED)
    reference = load_reference(ROOT / "reference_notes")
    result = check_document(Document(DOC, doc.text, doc.format), reference=reference)
    states = claim_states(result.checks, reference.by_id)
    left = next(c.claim.id for c in result.checks if c.verdict is Verdict.INCONSISTENT)
    with ReviewStore(db) as store:
        store.add_user("alice", PASSWORD, "reviewer")
        for c in result.checks:
            if c.claim.checkable and c.claim.id != left:
                store.decide(
                    DOC,
                    result.document.id,
                    c.claim.id,
                    c.claim.text_hash,
                    c.verdict.value,
                    "agree",
                    "alice",
                    reference_version=reference.version,
                    fact_fingerprint=states[c.claim.id].fact_fingerprint,
                )
    return db, claims, left


@pytest.fixture
def server(tmp_path):
    db, claims, left = prepare(tmp_path)
    port = free_port()
    env = {
        **os.environ,
        "ANNOTATOR_DB": str(db),
        "ANNOTATOR_CLAIMS_DIR": str(claims),
        "ANNOTATOR_NOTES": str(ROOT / "reference_notes"),
    }
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--client.toolbarMode",
            "minimal",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("streamlit did not start:\n" + (tmp_path / "streamlit.log").read_text())
        yield url, db, left
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_sign_in_agree_and_sign_off_in_a_browser(server, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    url, db, left = server
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        page = browser.new_page(viewport={"width": 1680, "height": 1250})
        page.set_default_timeout(60_000)
        page.goto(url)
        page.get_by_role("textbox", name="Username").fill("alice")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as").wait_for()
        page.get_by_test_id("stSidebar").get_by_text(re.compile(r"Review$")).click()
        page.get_by_text("Reference says:").wait_for()
        page.get_by_role("button", name="✓ Agree").click()
        page.get_by_text(f"{left}: agreed").wait_for()
        page.get_by_text("I, alice, sign this document off").click()
        page.get_by_role("button", name="Sign off").click()
        page.get_by_text(re.compile(r"^Signed off by alice")).wait_for()
        # The picture shows the top of the page (the sign-off click scrolled it down).
        page.evaluate("for (const e of document.querySelectorAll('*')) e.scrollTop = 0")
        page.wait_for_timeout(500)
        shot = Path(os.environ.get("ANNOTATOR_SCREENSHOT") or tmp_path / "screenshot-review.png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        browser.close()
    with ReviewStore(db) as store:
        assert store.is_signed_off(DOC)
        assert store.signoffs(DOC)[-1].reviewer == "alice"
        assert store.latest_decisions(DOC)[left].decision == "agree"
