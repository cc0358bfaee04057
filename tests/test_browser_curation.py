"""The Curation page in a real browser (Debian's chromium + playwright): an editor opens an
imported label fact, reads its label passage, accepts it with a reason, and signs a release.

Starts `streamlit run app.py` on a free port with its own table (the shipped one plus the
hand-written fixture label, imported by the real command), database and intake folder.
Skipped with a reason when chromium or playwright is missing; nothing is downloaded.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from annotator.knowledge.loader import load_reference
from annotator.review.store import ReviewStore
from tests.browser_helpers import CHROMIUM, streamlit_server
from tests.labelkit import RX, cli, notes_copy

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse 1"
FACT = "fakezepam-aaaaaaaa-class-benzodiazepine"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason="no /usr/bin/chromium: install it with `apt-get install -y chromium`",
    ),
]


@pytest.fixture
def server(tmp_path):
    notes = notes_copy(tmp_path)
    cli("notes", "import-label", RX, "--notes", notes, "--by", "importer")
    (tmp_path / "claims").mkdir()
    db = tmp_path / "review.db"
    with ReviewStore(db) as store:
        store.add_user("ed", PASSWORD, "editor")
    env = {
        "ANNOTATOR_DB": str(db),
        "ANNOTATOR_NOTES": str(notes),
        "ANNOTATOR_CLAIMS_DIR": str(tmp_path / "claims"),
    }
    with streamlit_server(tmp_path, env) as url:
        yield url, notes


def test_editor_accepts_an_imported_fact_and_signs_a_release_in_a_browser(server, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    url, notes = server
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
        page = browser.new_page(viewport={"width": 1500, "height": 1400})
        page.set_default_timeout(60_000)
        page.goto(url)
        page.get_by_role("textbox", name="Username").fill("ed")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as").wait_for()
        page.get_by_test_id("stSidebar").get_by_text(re.compile(r"Curation$")).click()
        page.get_by_text("Label passage, set id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee").wait_for()
        page.get_by_test_id("stSelectbox").filter(has_text="Imported fact").click()
        page.get_by_role("option", name=re.compile(r"drug_class · benzodiazepine")).click()
        page.get_by_text("FAKEZEPAM is a benzodiazepine", exact=False).first.wait_for()
        page.get_by_role("textbox", name="Reason (recorded in the curation log)").fill(
            "matches the label"
        )
        page.get_by_role("button", name="Accept").click()
        page.get_by_text(re.compile(r"accept: fakezepam.*recorded by ed")).wait_for()
        page.get_by_role("textbox", name=re.compile(r"Release name")).fill("r1")
        page.get_by_text("I, ed, sign this table as a reference release.").click()
        page.get_by_role("button", name="Sign release").click()
        page.get_by_text(re.compile(r"Release r1 signed by ed")).wait_for()
        page.screenshot(path=str(tmp_path / "curation.png"))
        browser.close()
    rows = list(csv.DictReader((notes / "curation.csv").open(encoding="utf-8")))
    assert (rows[-1]["action"], rows[-1]["by"], rows[-1]["fact_id"]) == ("accept", "ed", FACT)
    ref = load_reference(notes)
    assert ref.release.name == "r1" and ref.by_id[FACT].status == "curated"
