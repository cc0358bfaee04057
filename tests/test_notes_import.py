"""`annotator notes import-label` on real files: rows, sources, names and the needs-term list;
re-imports (unchanged, newer, older); the label chosen per drug; conflicts held back; staleness
of decisions resting on changed rows; an invalid result written nowhere."""

from __future__ import annotations

import csv

import pytest

from annotator.knowledge.curation import read_log
from annotator.knowledge.loader import load_reference
from annotator.models import Fact
from annotator.review.staleness import fact_fingerprint
from tests.labelkit import OTC, RX, RX_SET, cli, imported_rows, notes_copy, variant


@pytest.fixture
def notes(tmp_path):
    return notes_copy(tmp_path)


def test_import_writes_cited_rows_sources_names_and_the_needs_term_list(notes):
    out = cli("notes", "import-label", RX, OTC, "--notes", notes, "--by", "alice").output
    assert "fakezepam (rx) aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee v7" in out
    assert "needs term:" in out and "ketoconazole" in out
    rows = imported_rows(notes)
    schedule = rows["fakezepam-aaaaaaaa-schedule"]
    assert (schedule["value"], schedule["status"], schedule["set_id"]) == (
        "ctrl:schedule_iv",
        "imported",
        RX_SET,
    )
    ae = rows["fakezepam-aaaaaaaa-ae-dizziness"]
    assert (ae["qualifier"], ae["section"], ae["label_version"], ae["effective"]) == (
        "common",
        "42229-5 §6.1",
        "7",
        "20240102",
    )
    assert ae["table_id"] and "Dizziness" in ae["passage"]
    assert rows["ibuprofen-ffffffff-max-oral-otc"]["value"] == "1200 mg"  # 6 tablets of 200 mg
    ref = load_reference(notes)
    assert ref.sources["spl-aaaaaaaa-v7"].tier == "fda_label"
    assert ref.drug_names["fakezepam"] == "fakezepam" and "fakezepam" in ref.drugs_with_notes
    needs = list(csv.DictReader((notes / "needs_terms.csv").open(encoding="utf-8")))
    assert {"ketoconazole", "RISKS FROM CONCOMITANT USE WITH OPIOIDS"} <= {
        n["raw_value"] for n in needs
    }
    assert not any(n["raw_value"] in ref.terms for n in needs)  # never invented as terms
    log = read_log(notes / "curation.csv", "curation.csv", problems := [])
    assert not problems and {e.fact_id for e in log if e.action == "import"} >= {RX_SET}
    assert all(e.by == "alice" for e in log)


def test_imported_facts_are_checked_against_and_marked_in_the_report(notes, tmp_path):
    cli("notes", "import-label", RX, "--notes", notes)
    article = tmp_path / "fakezepam.txt"
    article.write_text("Fakezepam is a benzodiazepine. Adults may take up to 80 mg per day.\n")
    rows = list(
        csv.DictReader(
            cli("check", article, "--format", "csv", "--notes", notes).output.splitlines()
        )
    )
    assert [r["verdict"] for r in rows] == ["consistent", "inconsistent"]
    assert all(r["fact_status"] == "imported" and r["source_tier"] == "fda_label" for r in rows)
    assert rows[1]["fact_ids"] == "fakezepam-aaaaaaaa-max-oral"
    only = list(
        csv.DictReader(
            cli(
                "check", article, "--format", "csv", "--notes", notes, "--curated-only"
            ).output.splitlines()
        )
    )
    assert {r["verdict"] for r in only} == {"unverified"}
    assert "no reference notes for fakezepam" in only[0]["reason"]
    assert only[0]["reference_version"].endswith("+curated-only")


def test_reimporting_the_same_version_changes_nothing(notes):
    cli("notes", "import-label", RX, "--notes", notes)
    before = (notes / "imported" / "fakezepam.csv").read_bytes()
    out = cli("notes", "import-label", RX, "--notes", notes).output
    assert "[re-imported]: 15 rows: 0 added, 0 changed, 0 removed" in out
    assert (notes / "imported" / "fakezepam.csv").read_bytes() == before


def test_a_newer_version_reports_changes_and_stales_decisions_on_changed_rows(notes, tmp_path):
    cli("notes", "import-label", RX, "--notes", notes)
    ref1 = load_reference(notes)
    newer = variant(
        tmp_path,
        "v8.xml",
        version="8",
        effective="20250301",
        replace={
            "Do not exceed 40 mg per day.": "Do not exceed 30 mg per day.",
            "<tr><td>Dizziness</td><td>4.5</td><td>12</td></tr>": "",
        },
    )
    out = cli("notes", "import-label", newer, "--notes", notes).output
    assert "[updated, was v7]" in out
    assert "~ changed fakezepam-aaaaaaaa-max-oral (value, statement, passage)" in out
    assert "- removed fakezepam-aaaaaaaa-ae-dizziness" in out
    ref2 = load_reference(notes)
    changed, same = "fakezepam-aaaaaaaa-max-oral", "fakezepam-aaaaaaaa-class-benzodiazepine"
    assert ref2.by_id[changed].value == "30 mg" and ref2.by_id[same].label_version == "8"
    assert fact_fingerprint([ref1.by_id[changed]]) != fact_fingerprint([ref2.by_id[changed]])
    assert fact_fingerprint([ref1.by_id[same]]) == fact_fingerprint([ref2.by_id[same]])
    assert "spl-aaaaaaaa-v7" in ref2.sources and "spl-aaaaaaaa-v8" in ref2.sources


def test_an_older_version_is_not_imported_over_a_newer_one(notes, tmp_path):
    cli("notes", "import-label", variant(tmp_path, "v9.xml", version="9"), "--notes", notes)
    out = cli("notes", "import-label", RX, "--notes", notes).output
    assert "older than the imported v9; kept v9" in out
    assert imported_rows(notes)["fakezepam-aaaaaaaa-schedule"]["label_version"] == "9"


def test_the_holders_label_wins_over_a_newer_repackager_copy_and_says_why(notes, tmp_path):
    copy = variant(
        tmp_path,
        "copy.xml",
        set_id="12345678-bbbb-cccc-dddd-eeeeeeeeeeee",
        labeler="Bryant Ranch Prepack",
        effective="20250101",
    )
    cli("notes", "import-label", copy, "--notes", notes)
    out = cli("notes", "import-label", RX, "--notes", notes).output
    assert "drop fakezepam (rx) 12345678-bbbb-cccc-dddd-eeeeeeeeeeee" in out
    assert "the application holder's label is preferred over a repackager copy" in out
    assert {r["set_id"] for r in imported_rows(notes).values()} == {RX_SET}
    labels = {r["set_id"]: r for r in csv.DictReader((notes / "labels.csv").open())}
    assert labels["12345678-bbbb-cccc-dddd-eeeeeeeeeeee"]["status"] == "superseded"
    assert labels[RX_SET]["status"] == "in_use"


def test_rows_contradicting_curated_facts_are_listed_held_and_never_overwrite(notes, tmp_path):
    curated = notes / "facts" / "ibuprofen.csv"
    before = curated.read_bytes()
    otc = variant(
        tmp_path,
        "otc.xml",
        source=OTC,
        replace={
            "Do not take more than 6 tablets in 24 hours": "Do not take more than 8 tablets in 24 hours"
        },
    )
    out = cli("notes", "import-label", otc, "--notes", notes).output
    assert "! conflict ibuprofen-ffffffff-max-oral-otc vs ibuprofen-max-dose-otc" in out
    ref = load_reference(notes)
    held = {r.raw.fact_id: r for r in ref.imported_rows}["ibuprofen-ffffffff-max-oral-otc"]
    assert held.state == "held" and held.raw.value == "1600 mg"
    assert "ibuprofen-ffffffff-max-oral-otc" not in ref.by_id  # not checked against
    assert curated.read_bytes() == before
    cli(
        "notes",
        "accept",
        "ibuprofen-ffffffff-max-oral-otc",
        "--reason",
        "label checked",
        "--notes",
        notes,
    )
    assert load_reference(notes).by_id["ibuprofen-ffffffff-max-oral-otc"].status == "curated"


def test_an_import_that_would_break_the_table_writes_nothing(notes, monkeypatch):
    from annotator.knowledge.importer import rows

    real = rows.map_label

    def broken(*args):
        made, needs, skipped = real(*args)
        made[0] = {**made[0], "value": "ae:no_such_term"}
        return made, needs, skipped

    monkeypatch.setattr(rows, "map_label", broken)
    before = {p.name: p.read_bytes() for p in notes.glob("*.csv")}
    result = cli("notes", "import-label", RX, "--notes", notes, ok=False)
    assert result.exit_code == 1 and "nothing written" in result.output
    assert "unknown term 'ae:no_such_term'" in result.output
    assert {p.name: p.read_bytes() for p in notes.glob("*.csv")} == before
    assert not (notes / "imported").exists() or not list((notes / "imported").glob("*.csv"))


def test_a_malformed_file_is_named_and_the_rest_imported(notes, tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text("<document><unclosed>")
    result = cli("notes", "import-label", bad, RX, "--notes", notes, ok=False)
    assert result.exit_code == 1
    assert "error: " in result.output and "broken.xml: not well-formed XML" in result.output
    assert "fakezepam-aaaaaaaa-schedule" in imported_rows(notes)


def test_fact_content_ignores_the_label_edition_but_not_what_it_says():
    a = Fact(
        "x",
        "d",
        "half_life",
        "12 h",
        True,
        "s",
        "minor",
        "spl-1-v7",
        "§12",
        set_id="s1",
        label_version="7",
        passage="12 hours",
    )
    b = Fact(
        "x",
        "d",
        "half_life",
        "12 h",
        True,
        "s",
        "minor",
        "spl-1-v8",
        "§12.3",
        set_id="s1",
        label_version="8",
        status="curated",
        passage="12 hours",
    )
    assert a.content() == b.content()
    assert Fact("x", "d", "half_life", "12 h", True, "s", "minor", "src", "l").content() == {
        "fact_id": "x",
        "drug": "d",
        "attribute": "half_life",
        "value": "12 h",
        "polarity": True,
        "statement": "s",
        "severity": "minor",
        "source_id": "src",
        "locator": "l",
        "qualifier": "",
        "must_mention": False,
    }
