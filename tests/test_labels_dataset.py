"""The 29 real labels in ../shared/datasets/labels: every one reads; boxed warning and DEA
schedule are right on each (the OTC label misusing 34066-1, repackager copies without the
section, the 2010 carisoprodol copy without a schedule, hydrocodone-ibuprofen CII); a nested
DailyMed-style zip and an openFDA-style JSON built from them give the same facts as the XML."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from lxml.builder import E

from annotator.knowledge.labels import extract_facts, read_labels, read_openfda
from annotator.knowledge.labels.knowledge import section_codes

LABELS = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "labels"
SCHEDULES = {"hydrocodone-ibuprofen": "CII"}  # every other saved label lists no DEA schedule


@pytest.fixture(scope="module")
def saved():
    if not (LABELS / "INDEX.csv").exists():
        pytest.skip("needs ../shared/datasets/labels")
    index = {
        row["file"]: row for row in csv.DictReader((LABELS / "INDEX.csv").open(encoding="utf-8"))
    }
    result = read_labels([LABELS / "spl"])
    assert not result.errors, result.errors
    return index, result.labels


def index_row(index, label):
    return index["spl/" + Path(label.source).name]


def test_all_29_labels_read_with_their_header(saved):
    index, labels = saved
    assert len(labels) == 29
    for label in labels:
        row = index_row(index, label)
        assert (label.set_id, label.version, label.effective) == (
            row["set_id"],
            row["version"],
            row["effective"],
        )
        assert label.doc_kind == ("otc" if "OTC" in row["doc_type"].upper() else "rx")
        assert label.products and label.drug


def test_boxed_warning_on_every_saved_label(saved):
    index, labels = saved
    for label in labels:
        row = index_row(index, label)
        expected = row["boxed_warning"] == "yes" and label.doc_kind == "rx"
        topics = [f.value for f in extract_facts(label) if f.attribute == "boxed_warning"]
        assert bool(topics) == expected, (label.source, topics)


@pytest.mark.parametrize(
    "name", ["diphenhydramine-phenylephrine-otc", "hydrocodone-ibuprofen", "flurbiprofen"]
)
def test_boxed_warning_traps(saved, name):
    _, labels = saved
    (label,) = [lb for lb in labels if Path(lb.source).name.startswith(name + "__")]
    assert not [f for f in extract_facts(label) if f.attribute == "boxed_warning"]


def test_dea_schedule_on_every_saved_label(saved):
    _, labels = saved
    for label in labels:
        name = Path(label.source).name.split("__")[0]
        found = [f.value for f in extract_facts(label) if f.attribute == "controlled_status"]
        assert found == ([SCHEDULES[name]] if name in SCHEDULES else []), label.source


def test_metformin_boxed_warning_and_hydrocodone_schedule_values(saved):
    _, labels = saved
    by_name = {Path(lb.source).name.split("__")[0]: lb for lb in labels}
    facts = extract_facts(by_name["hydrocodone-ibuprofen"])
    assert [f.value for f in facts if f.attribute == "controlled_status"] == ["CII"]
    metformin = [lb for lb in labels if lb.drug == "metformin"]
    for label in metformin:
        assert "LACTIC ACIDOSIS" in [
            f.value for f in extract_facts(label) if f.attribute == "boxed_warning"
        ]


def test_class_indexing_files(saved):
    result = read_labels([LABELS / "indexing"])
    assert not result.labels and not result.errors
    epc = {e.substance: e.epc for e in result.class_index}
    assert epc["TILDRAKIZUMAB"] == ("Interleukin-23 Antagonist",)


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_nested_dailymed_zip_gives_the_same_facts(saved, tmp_path):
    _, labels = saved
    inner = {
        f"prescription/{Path(lb.source).stem}.zip": zip_of(
            {Path(lb.source).name: Path(lb.source).read_bytes(), "carton.jpg": b"\xff\xd8"}
        )
        for lb in labels
    }
    bulk = tmp_path / "dm_spl_release_human_rx.zip"
    bulk.write_bytes(zip_of(inner))
    result = read_labels([bulk])
    assert not result.errors and len(result.labels) == 29
    from_zip = {lb.set_id: {(f.key, f.citation) for f in extract_facts(lb)} for lb in result.labels}
    for label in labels:
        assert from_zip[label.set_id] == {(f.key, f.citation) for f in extract_facts(label)}


# --- openFDA -----------------------------------------------------------------------------------


def table_html(table) -> str:
    rows = [E.tr(*[E.td(c) for c in r]) for r in table.rows]
    parts = [E.caption(table.caption)] if table.caption else []
    if table.header_rows:
        parts.append(E.thead(*rows[: table.header_rows]))
    parts.append(E.tbody(*rows[table.header_rows :]))
    return etree.tostring(E.table(*parts), encoding="unicode")


def flat(section) -> str:
    """A section as openFDA writes it: heading, text, table rows, subsections, in order."""
    parts = [" ".join(p for p in (section.number, section.title) if p), section.text]
    parts += [" ".join(r) for t in section.tables for r in t.rows]
    parts += [flat(s) for s in section.subsections]
    return "\n".join(p for p in parts if p)


def to_openfda(label) -> dict:
    """An openFDA drug-label record for a label: one field per coded section (at any depth, as
    openFDA does), `<field>_table` HTML, and the harmonised `openfda` names. openFDA has no
    Highlights, per-product strengths, dosage forms or DEA schedule."""
    record = {
        "set_id": label.set_id,
        "id": label.document_id,
        "version": label.version,
        "effective_time": label.effective,
        "openfda": {
            "brand_name": sorted({p.name for p in label.products}),
            "generic_name": sorted({p.generic_name for p in label.products}),
            "manufacturer_name": [label.labeler],
            "product_type": [
                "HUMAN PRESCRIPTION DRUG" if label.doc_kind == "rx" else "HUMAN OTC DRUG"
            ],
            "route": sorted({r for p in label.products for r in p.routes}),
            "substance_name": sorted(
                {i.moiety or i.name for p in label.products for i in p.active_ingredients}
            ),
        },
    }
    for section in label.walk():
        spec = section_codes().get(section.code)
        if spec and spec.kind not in ("unclassified", "product_data"):
            record.setdefault(spec.openfda_field, []).append(flat(section))
            tables = [table_html(t) for t in section.all_tables]
            if tables:
                record.setdefault(spec.openfda_field + "_table", []).extend(tables)
    return record


# What an openFDA record carries as faithfully as the XML. Not compared: drug_class (the XML
# reads the Highlights, which openFDA drops; openFDA gives openfda.pharm_class_epc instead),
# doses (their formulation qualifier comes from SPL product data), pediatric/warning facts from
# uncoded subsections that openFDA merges into their parent, and "most common" Highlights prose.
SAME = (
    "boxed_warning",
    "controlled_status",
    "contraindication",
    "interaction",
    "pregnancy",
    "lactation",
    "half_life",
    "withdrawal",
    "dependence",
    "limitation_of_use",
)


def test_openfda_json_gives_the_same_facts(saved, tmp_path):
    _, labels = saved
    path = tmp_path / "drug-label-0001-of-0001.json.zip"
    doc = json.dumps({"meta": {}, "results": [to_openfda(lb) for lb in labels]}).encode()
    path.write_bytes(zip_of({"drug-label-0001-of-0001.json": doc}))
    result = read_labels([path])
    assert not result.errors and len(result.labels) == 29
    by_set = {lb.set_id: lb for lb in result.labels}
    for label in labels:
        xml = extract_facts(label)
        js = extract_facts(by_set[label.set_id])
        for attribute in SAME:
            assert {f.key for f in xml if f.attribute == attribute} == {
                f.key for f in js if f.attribute == attribute
            }, (label.source, attribute)
        # table reactions keep their bands; PLR warning topics keep their subsection titles
        assert {f.key for f in xml if f.rule == "table"} <= {f.key for f in js}, label.source
        if label.find("warnings_precautions") and label.find("warnings_precautions")[0].number:
            assert {f.key for f in xml if f.attribute == "warning"} == {
                f.key for f in js if f.attribute == "warning"
            }, label.source


def test_openfda_record_read_from_the_fixture_builder_is_openfda_shaped(saved):
    _, labels = saved
    record = to_openfda(labels[0])
    (label,) = read_openfda(json.dumps({"results": [record]}).encode(), "x.json")
    assert label.format == "openfda" and label.set_id == labels[0].set_id
