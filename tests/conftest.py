"""Shared fixtures: the real reference table, the seed article and corpus from ../shared."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "baclofen_article.txt"
CORPUS = SHARED / "corpus"
PG_URL = os.environ.get("ANNOTATOR_TEST_PG_URL")  # a PostgreSQL for the store tests (.ci/run)


@pytest.fixture(autouse=True)
def _keep_main_module():
    """streamlit's AppTest leaves app.py as sys.modules["__main__"]; a later test that starts
    spawned processes (Dask's LocalCluster) would then re-run the app in every worker."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


@pytest.fixture(scope="session")
def reference():
    from annotator.knowledge.loader import load_reference

    return load_reference(ROOT / "reference_notes")


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("../shared/seed/baclofen_article.txt is not present")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_result(seed_text, reference):
    from annotator import check_text

    return check_text(seed_text, name="baclofen_article.txt", reference=reference)


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.fixture(params=["sqlite", "pg"])
def store_url(request, tmp_path, monkeypatch):
    """A fresh review store location: a SQLite file, and a PostgreSQL schema when available
    (its audit key and anchor in tmp_path, not in the home directory)."""
    if request.param == "sqlite":
        yield str(tmp_path / "review.db")
        return
    if not PG_URL:
        pytest.skip("ANNOTATOR_TEST_PG_URL not set (start one with tests/pg_server.sh)")
    monkeypatch.setenv("ANNOTATOR_AUDIT_KEY_FILE", str(tmp_path / "pg.key"))
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = sa.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()
