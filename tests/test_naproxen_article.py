"""claims/naproxen_guide.md, an article written for this test (accurate sentences and errors),
checked against facts imported from the saved naproxen label: every verdict rests on imported
rows that cite set id 46dbdb95. Naproxen has no curated facts, so `--curated-only` (or a table
without the import) leaves every claim unverified, naming naproxen."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import ROOT
from tests.labelkit import LABELS, cli, notes_copy

ARTICLE = ROOT / "claims" / "naproxen_guide.md"
LABEL = LABELS / "spl" / "naproxen__46dbdb95-a0d0-4410-8d64-b22763b12af7.xml"
SET_ID = "46dbdb95-a0d0-4410-8d64-b22763b12af7"
EXPECTED = {  # claim text (start) -> verdict against the imported label facts
    "Naproxen is a nonsteroidal anti-inflammatory drug": "consistent",
    "Naproxen is used to treat osteoarthritis": "consistent",
    "Unlike ibuprofen, naproxen is an opioid painkiller": "inconsistent",
    "It is also approved to treat migraine in children": "inconsistent",
    "Adults can safely take up to 2,000 mg": "inconsistent",
    "Its half-life is about 12 to 17 hours": "consistent",
    "Naproxen has a half-life of about 2 hours": "inconsistent",
    "Naproxen carries a boxed warning": "consistent",
    "Naproxen has no boxed warning": "inconsistent",
    "Common side effects include heartburn": "consistent",
    "It is safe to take naproxen right after heart bypass surgery": "inconsistent",
}

pytestmark = pytest.mark.skipif(not LABEL.is_file(), reason="needs ../shared/datasets/labels")


def rows(*args):
    out = cli("check", ARTICLE, "--format", "csv", *args).output
    return {r["text"]: r for r in csv.DictReader(out.splitlines())}


def test_the_article_is_checked_against_imported_facts_with_cited_set_ids(tmp_path):
    notes = notes_copy(tmp_path)
    cli("notes", "import-label", LABEL, "--notes", notes)
    checked = rows("--notes", notes)
    for start, verdict in EXPECTED.items():
        row = next(r for text, r in checked.items() if text.startswith(start))
        assert row["verdict"] == verdict, (start, row["reason"])
        assert row["fact_ids"] and all(
            f.startswith("naproxen-46dbdb95-") for f in row["fact_ids"].split("|")
        )
        assert set(row["fact_status"].split("|")) == {"imported"}
        assert SET_ID in row["sources"] and set(row["source_tier"].split("|")) == {"fda_label"}
    wrong = [r for r in checked.values() if r["verdict"] == "inconsistent"]
    assert len(wrong) == 6 and all(r["suggestion"] for r in wrong)
    maximum = next(r for r in wrong if r["text"].startswith("Adults can safely"))
    assert "1250 mg" in maximum["reference"]


def test_without_imported_facts_naproxen_claims_are_unverified_and_name_the_drug(tmp_path):
    notes = notes_copy(tmp_path)
    cli("notes", "import-label", LABEL, "--notes", notes)
    checked = rows("--notes", notes, "--curated-only")
    naproxen_only = [r for r in checked.values() if r["drug"] == "naproxen"]
    assert len(naproxen_only) >= 7 and {r["verdict"] for r in naproxen_only} == {"unverified"}
    assert all("no reference notes for naproxen" in r["reason"] for r in naproxen_only)
    assert all(r["reference_version"].endswith("+curated-only") for r in checked.values())
