"""Label readers: SPL XML, folders, nested DailyMed-style zips, openFDA JSON, class indexing,
and one-line errors that name the file while the rest of a batch is still read."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from annotator.knowledge.labels import LabelError, read_bytes, read_labels, read_openfda, read_spl
from annotator.knowledge.labels.indexing import read_indexing

FIXTURES = Path(__file__).parent / "fixtures" / "labels"
RX = FIXTURES / "tiny_rx.xml"
OTC = FIXTURES / "tiny_otc.xml"

INDEXING = b"""<?xml version="1.0"?>
<document xmlns="urn:hl7-org:v3"><code code="60685-5"/><setId root="idx-set"/><versionNumber value="3"/>
<effectiveTime value="20200101"/><component><structuredBody><component><section><code code="48779-3"/>
<subject><identifiedSubstance><identifiedSubstance><code code="FAKEUNII01"/><name>FAKEZEPAM</name>
<asSpecializedKind><generalizedMaterialKind><code code="N0000175694" displayName="Benzodiazepine [EPC]"/>
</generalizedMaterialKind></asSpecializedKind></identifiedSubstance></identifiedSubstance></subject>
</section></component></structuredBody></component></document>"""


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_spl_header_products_and_sections():
    label = read_spl(RX.read_bytes(), "tiny_rx.xml")
    assert (label.set_id, label.version, label.effective) == (
        "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "7",
        "20240102",
    )
    assert (label.doc_code, label.doc_kind, label.labeler) == ("34391-3", "rx", "Example Pharma")
    (product,) = label.products
    assert (
        product.name == "Fakezepam"
        and product.dosage_form == "TABLET"
        and product.routes == ("ORAL",)
    )
    assert product.dea_schedule == "CIV"
    (active,) = product.active_ingredients
    assert (active.name, active.strength, active.unit, active.moiety) == (
        "FAKEZEPAM HYDROCHLORIDE",
        "5",
        "mg",
        "FAKEZEPAM",
    )
    assert label.drug == "fakezepam"
    ar = label.find("adverse_reactions")[0]
    assert (ar.number, ar.title) == ("6", "ADVERSE REACTIONS")
    assert ar.subsections[0].number == "6.1"
    (table,) = ar.all_tables
    assert table.table_id == "Table 1" and table.header_rows == 1
    assert table.rows[1] == ("Drowsiness", "25", "5")
    assert "Table" not in ar.subsections[0].text  # tables are kept apart from prose


def test_title_beats_a_miscoded_lactation_section():
    label = read_spl(RX.read_bytes(), "tiny_rx.xml")
    (lactation,) = label.find("lactation")
    assert lactation.code == "34079-4"  # the code as written is kept for the citation


def test_folder_reads_every_label(tmp_path):
    (tmp_path / "a.xml").write_bytes(RX.read_bytes())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.xml").write_bytes(OTC.read_bytes())
    (tmp_path / "notes.txt").write_text("not a label")
    result = read_labels([tmp_path])
    assert sorted(lb.doc_kind for lb in result.labels) == ["otc", "rx"] and not result.errors


def test_nested_dailymed_zip(tmp_path):
    inner = zip_bytes({"label.xml": RX.read_bytes(), "image.jpg": b"\xff\xd8 not parsed"})
    bulk = tmp_path / "dm_spl_release_human_rx_part1.zip"
    bulk.write_bytes(zip_bytes({"prescription/20240102_aaaa.zip": inner}))
    result = read_labels([bulk])
    assert not result.errors
    (label,) = result.labels
    assert label.source == f"{bulk}!prescription/20240102_aaaa.zip!label.xml"


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.xml", b"   ", "empty file"),
        ("broken.xml", b"<document xmlns='urn:hl7-org:v3'><id>", "not well-formed XML"),
        ("html.xml", b"<html><body>label</body></html>", "not an SPL document"),
        ("noset.xml", b"<document xmlns='urn:hl7-org:v3'><id root='x'/></document>", "no setId"),
        ("bad.json", b"{not json", "not valid JSON"),
        ("empty.json", b'{"results": []}', "no 'results' list"),
        ("noid.json", b'{"results": [{"boxed_warning": ["x"]}]}', "no set_id"),
        (
            "badfield.json",
            b'{"results": [{"set_id": "s", "boxed_warning": "text"}]}',
            "must be a list of strings",
        ),
    ],
)
def test_malformed_input_is_one_line_naming_the_file(name, data, problem):
    with pytest.raises(LabelError) as err:
        read_bytes(data, name)
    message = str(err.value)
    assert message.startswith(f"{name}") and problem in message and "\n" not in message


def test_batch_goes_on_past_bad_files(tmp_path):
    (tmp_path / "good.xml").write_bytes(RX.read_bytes())
    (tmp_path / "bad.xml").write_text("<oops")
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "empty.zip").write_bytes(zip_bytes({"readme.txt": b"hi"}))
    result = read_labels([tmp_path, tmp_path / "missing.xml"])
    assert [lb.set_id for lb in result.labels] == ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"]
    problems = sorted(str(e) for e in result.errors)
    assert len(problems) == 4
    assert any("bad.xml: not well-formed XML" in p for p in problems)
    assert any("bad.zip: not a readable zip" in p for p in problems)
    assert any("empty.zip: zip holds no" in p for p in problems)
    assert any("missing.xml: cannot read" in p for p in problems)


def openfda_record() -> dict:
    return {
        "set_id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "id": "doc-1",
        "version": "7",
        "effective_time": "20240102",
        "openfda": {
            "brand_name": ["Fakezepam"],
            "generic_name": ["FAKEZEPAM"],
            "manufacturer_name": ["Example Pharma"],
            "product_type": ["HUMAN PRESCRIPTION DRUG"],
            "route": ["ORAL"],
            "substance_name": ["FAKEZEPAM"],
            "pharm_class_epc": ["Benzodiazepine [EPC]"],
        },
        "boxed_warning": [
            "WARNING: RISKS FROM CONCOMITANT USE WITH OPIOIDS\nConcomitant use with opioids may result in death."
        ],
        "warnings_and_cautions": [
            "5 WARNINGS AND PRECAUTIONS 5.1 Hepatotoxicity Elevations of liver enzymes occurred. "
            "5.2 Heart Failure and Edema The risk rose [see Warnings and Precautions (5.1)]."
        ],
        "adverse_reactions": [
            "6 ADVERSE REACTIONS\n6.1 Clinical Trials Experience\nSee table.\nDrowsiness 25 5"
        ],
        "adverse_reactions_table": [
            "<table><thead><tr><th>Reaction</th><th>Fakezepam %</th><th>Placebo %</th></tr></thead>"
            "<tbody><tr><td>Drowsiness</td><td>25</td><td>5</td></tr></tbody></table>"
        ],
    }


def test_openfda_json_and_json_zip(tmp_path):
    doc = json.dumps({"meta": {}, "results": [openfda_record()]}).encode()
    (tmp_path / "drug-label-0001-of-0001.json.zip").write_bytes(
        zip_bytes({"drug-label-0001-of-0001.json": doc})
    )
    (tmp_path / "one.json").write_bytes(doc)
    result = read_labels([tmp_path])
    assert not result.errors and len(result.labels) == 2
    label = result.labels[0]
    assert (label.format, label.doc_kind, label.drug, label.pharm_classes) == (
        "openfda",
        "rx",
        "fakezepam",
        ("Benzodiazepine [EPC]",),
    )
    wp = label.find("warnings_precautions")[0]
    assert [(s.number, s.title) for s in wp.subsections] == [
        ("5.1", "Hepatotoxicity"),
        ("5.2", "Heart Failure and Edema"),
    ]
    ar = label.find("adverse_reactions")[0]
    assert ar.tables[0].rows[1] == ("Drowsiness", "25", "5")
    assert "Drowsiness 25 5" not in ar.full_text  # table rows repeated in the prose are dropped


def test_openfda_record_errors_name_the_record():
    with pytest.raises(LabelError, match=r"x.json#results\[1\]: label record has no set_id"):
        read_openfda(json.dumps({"results": [openfda_record(), {}]}).encode(), "x.json")


def test_class_indexing_file_is_routed_to_the_class_index(tmp_path):
    (tmp_path / "idx.xml").write_bytes(INDEXING)
    (tmp_path / "rx.xml").write_bytes(RX.read_bytes())
    result = read_labels([tmp_path])
    assert len(result.labels) == 1
    (entry,) = result.class_index
    assert (entry.unii, entry.substance, entry.epc) == (
        "FAKEUNII01",
        "FAKEZEPAM",
        ("Benzodiazepine",),
    )


def test_indexing_reader_rejects_a_label():
    with pytest.raises(LabelError, match="not a pharmacologic class indexing file"):
        read_indexing(RX.read_bytes(), "rx.xml")
