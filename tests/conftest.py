"""Shared fixtures: the real reference table, the seed article and corpus from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "baclofen_article.txt"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def reference():
    from annotator.reference import load_reference

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
