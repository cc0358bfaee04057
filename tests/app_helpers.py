"""Helpers for the AppTest tests of the reviewer app (tests/test_app*.py).

Each test gets its own database file and intake folder (ANNOTATOR_DB, ANNOTATOR_CLAIMS_DIR)
holding ARTICLE, a short article of our own with every kind of item (a contradicted claim,
consistent ones, an unverified one, a heading, a critical omission, a spin artifact and an
internal contradiction), so these tests need nothing from ../shared. Users sign in through
the form as real users; a second AppTest on the same database is a second browser session.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.testing.v1 import AppTest

from annotator.knowledge.loader import load_reference
from annotator.models import Document
from annotator.pipeline import check_document
from annotator.review.items import review_items
from annotator.review.store import ReviewStore

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PASSWORD = "correct horse 1"
NAME = "sample.md"
ARTICLE = (
    "# Baclofen\n\n"
    "Baclofen is a peripheral muscle relaxant. It acts on the spinal cord. Baclofen is used "
    "to treat spasticity from multiple sclerosis. Baclofen is a/represents/functions as a "
    "GABA-B agonist. Many people take it for hiccups. Do not exceed 80 mg per day.\n"
)


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A fresh store with two reviewers and an editor, and an intake folder with ARTICLE."""
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / NAME).write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "review.db"
    monkeypatch.setenv("ANNOTATOR_DB", str(db))
    monkeypatch.setenv("ANNOTATOR_CLAIMS_DIR", str(claims))
    monkeypatch.delenv("ANNOTATOR_NOTES", raising=False)
    monkeypatch.chdir(ROOT)
    with ReviewStore(db) as store:
        for user, role in (("alice", "reviewer"), ("bob", "reviewer"), ("ed", "editor")):
            store.add_user(user, PASSWORD, role)
    return tmp_path


def store_of(env) -> ReviewStore:
    return ReviewStore(env / "review.db")


def sign_in(user: str, page: str | None = None, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    at.text_input(key="si_user").input(user)
    at.text_input(key="si_pw").input(PASSWORD)
    at.button(key="sign_in").click().run()
    assert not at.exception, at.exception
    if page:
        at.radio(key="w_page").set_value(page).run()
        assert not at.exception, at.exception
    return at


def checked(text: str = ARTICLE, name: str = NAME):
    reference = load_reference(ROOT / "reference_notes")
    result = check_document(Document(name, text, "md"), reference=reference)
    return result, review_items(result, reference.by_id)


def doc_id(env, name: str = NAME) -> str:
    with store_of(env) as store:
        return next(v.doc_id for v in store.latest_versions() if v.name == name)


def click_in_article(at: AppTest, key: str) -> AppTest:
    """What the browser sends when a reviewer clicks the claim or finding `key` in the
    article view (a components-v2 trigger value): one run with that trigger set."""
    (view,) = at.get("bidi_component")
    states = at._tree.get_widget_states()
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(view.proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": "open", "value": key}])
    at._run(states)
    assert not at.exception, at.exception
    return at


def article_html(at: AppTest) -> str:
    (view,) = at.get("bidi_component")
    return json.loads(view.proto.json)["html"]


def texts(at: AppTest, kind: str) -> str:
    """The text of every element of a kind, with markdown escapes (render.md) taken out."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in getattr(at, kind)))


def html_bodies(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.html) + "\n".join(m.value for m in at.markdown)


def keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button}
