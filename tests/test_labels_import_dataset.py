"""`annotator notes import-label` on the 29 saved FDA labels (../shared/datasets/labels), as
files, as a DailyMed-style bulk zip and as an openFDA JSON file built from them: which label
wins per drug, boxed warnings and schedules (the OTC and stale-copy traps), and the same rows
whichever way the labels come in. Skipped without ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.knowledge.loader import load_reference
from tests.labelkit import LABELS, cli, imported_rows, notes_copy
from tests.test_labels_dataset import SAME, to_openfda, zip_of

pytestmark = pytest.mark.skipif(
    not (LABELS / "INDEX.csv").exists(), reason="needs ../shared/datasets/labels"
)
SPL = sorted((LABELS / "spl").glob("*.xml")) if (LABELS / "spl").is_dir() else []
TABLE_ATTRIBUTES = {
    "boxed_warning",
    "controlled_status",
    "contraindication",
    "interaction",
    "half_life",
    "withdrawal",
    "not_indicated",
}
assert {"boxed_warning", "controlled_status", "contraindication"} <= set(SAME)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    notes = notes_copy(tmp_path_factory.mktemp("files"))
    out = cli(
        "notes",
        "import-label",
        LABELS / "spl",
        LABELS / "indexing",
        "--notes",
        notes,
        "--by",
        "tester",
    ).output
    return notes, out, imported_rows(notes)


def test_every_saved_label_is_read_and_one_label_speaks_for_each_drug(imported):
    notes, out, rows = imported
    assert "29 label(s) read, 28 used" in out and "error" not in out
    assert "skip metformin (rx) ca5afed7-7f61-4cb6-b4b4-915ee8641888" in out
    assert "more complete" in out  # both metformin copies are Bryant Ranch, same date
    sets = {r["set_id"] for r in rows.values()}
    assert "866926e2-cbdb-49c5-a282-66f7099fec92" in sets
    assert "ca5afed7-7f61-4cb6-b4b4-915ee8641888" not in sets
    # prescription and OTC ibuprofen are different products: both speak for ibuprofen
    assert {"19c7836d-c3ed-4207-bb9f-f732bce8f549", "e655bd64-dd82-46d8-87cc-2674beaffe20"} <= sets
    ref = load_reference(notes)
    assert {"naproxen", "celecoxib", "atorvastatin", "adalimumab"} <= ref.drugs_with_notes


def test_boxed_warnings_and_schedules_survive_the_traps(imported):
    _, _, rows = imported

    def values(drug_slug, attribute):
        return {
            r["value"]
            for r in rows.values()
            if r["fact_id"].startswith(drug_slug + "-") and r["attribute"] == attribute
        }

    assert values("hydrocodone-and-ibuprofen", "controlled_status") == {"ctrl:schedule_ii"}
    assert values("aspirin-and-carisoprodol", "controlled_status") == set()  # 2010 copy: none
    assert values("diphenhydramine-and-phenylephrine", "boxed_warning") == set()  # OTC misuse
    assert values("metformin", "boxed_warning") == {"warn:lactic_acidosis"}
    assert values("naproxen", "boxed_warning") == {"warn:cv_gi_risk"}
    ibuprofen_otc = [r for r in rows.values() if r["set_id"].startswith("e655bd64")]
    assert not [r for r in ibuprofen_otc if r["attribute"] == "boxed_warning"]
    assert not [
        r
        for r in rows.values()
        if r["attribute"] == "controlled_status" and not r["fact_id"].startswith("hydrocodone")
    ]


def test_a_dailymed_bulk_zip_gives_the_same_rows(imported, tmp_path):
    _, _, rows = imported
    inner = {
        f"prescription/{p.stem}.zip": zip_of({p.name: p.read_bytes(), "a.jpg": b"\xff"})
        for p in SPL
    }
    bulk = tmp_path / "dm_spl_release_human_rx_part1.zip"
    bulk.write_bytes(zip_of(inner))
    notes = notes_copy(tmp_path)
    cli("notes", "import-label", bulk, LABELS / "indexing", "--notes", notes)
    assert imported_rows(notes) == rows


def test_an_openfda_json_file_gives_the_same_rows_for_what_it_carries(imported, tmp_path):
    from annotator.knowledge.labels import read_labels

    _, _, rows = imported
    labels = read_labels([LABELS / "spl"]).labels
    path = tmp_path / "drug-label-0001-of-0001.json.zip"
    doc = json.dumps({"meta": {}, "results": [to_openfda(lb) for lb in labels]}).encode()
    path.write_bytes(zip_of({"drug-label-0001-of-0001.json": doc}))
    notes = notes_copy(tmp_path)
    out = cli("notes", "import-label", path, "--notes", notes).output
    assert "29 label(s) read" in out
    js = imported_rows(notes)
    in_both = {r["set_id"] for r in js.values()} & {r["set_id"] for r in rows.values()}
    assert len(in_both) >= 26

    def keyed(table):
        return {
            (r["fact_id"], r["value"], r["qualifier"])
            for r in table.values()
            if r["attribute"] in TABLE_ATTRIBUTES and r["set_id"] in in_both
        }

    assert keyed(js) == keyed(rows)
    assert all(r["source_id"].startswith("spl-") for r in js.values())
    assert "openFDA (US FDA)" in (notes / "sources.csv").read_text()


def test_reimporting_every_label_is_a_no_op(imported, tmp_path):
    notes, _, _ = imported
    before = {p: p.read_bytes() for p in Path(notes, "imported").glob("*.csv")}
    out = cli("notes", "import-label", LABELS / "spl", LABELS / "indexing", "--notes", notes).output
    assert " changed" in out and all(
        "0 added, 0 changed, 0 removed" in line for line in out.splitlines() if "  use " in line
    )
    assert {p: p.read_bytes() for p in before} == before
