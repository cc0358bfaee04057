"""The importer's knowledge files load strictly, and agree with openFDA's section-code table."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.knowledge.labels import knowledge
from annotator.knowledge.labels.adr_lexicon import AdrLexicon, gold_records, term_key
from annotator.knowledge.labels.extract_adr import reactions_in_text
from annotator.knowledge.labels.records import LabelError

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "labels"


def test_every_knowledge_file_loads():
    assert knowledge.section_codes()["34084-4"].kind == "adverse_reactions"
    assert knowledge.document_types()["34390-5"] == "otc"
    assert knowledge.schedule_codes()["C48675"] == "CII"
    assert knowledge.band_for(10) == "very_common" and knowledge.band_for(9.9) == "common"
    assert knowledge.band_for(0.5) == "uncommon" and knowledge.band_for(0.05) == "rare"
    assert knowledge.title_rules() and knowledge.adr_settings()["min_occurrences"] >= 1
    for name in knowledge.cues():
        knowledge.cue(name)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    for f in knowledge.DATA.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    monkeypatch.setattr(knowledge, "DATA", tmp_path)
    for loader in (
        knowledge.section_codes,
        knowledge.cues,
        knowledge.schedule_codes,
        knowledge.adr_settings,
    ):
        loader.cache_clear()
    yield tmp_path
    for loader in (
        knowledge.section_codes,
        knowledge.cues,
        knowledge.schedule_codes,
        knowledge.adr_settings,
    ):
        loader.cache_clear()


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        ("sections.csv", "code,kind,name\n34084-4,adverse_reactions,x\n", "header"),
        (
            "sections.csv",
            "code,kind,openfda_field,name\n3408-X,adverse_reactions,f,n\n",
            "not a LOINC code",
        ),
        ("schedules.csv", "code,schedule\nC48675,C2\n", "schedule must be CI..CV"),
        ("cues.json", '{"patterns": {"bad": "(unclosed"}}', "pattern 'bad'"),
        ("cues.json", '{"patterns": {}, "extra": 1}', "top-level keys"),
        (
            "adr_settings.json",
            '{"description": "", "min_reliability": "high", "min_occurrences": 2}',
            "must be float",
        ),
    ],
)
def test_malformed_knowledge_fails_in_one_line(data_dir, file, text, message):
    (data_dir / file).write_text(text, encoding="utf-8")
    loader = {
        "sections.csv": knowledge.section_codes,
        "schedules.csv": knowledge.schedule_codes,
        "cues.json": knowledge.cues,
        "adr_settings.json": knowledge.adr_settings,
    }[file]
    with pytest.raises(knowledge.KnowledgeError, match=message) as err:
        loader()
    assert str(data_dir / file) in str(err.value) and "\n" not in str(err.value)


def test_unknown_cue_names_the_known_ones():
    with pytest.raises(knowledge.KnowledgeError, match=r"no pattern 'nope' \(have: .*half_life"):
        knowledge.cue("nope")


def test_section_codes_agree_with_openfda_table():
    path = SHARED / "openfda" / "loinc_sections.csv"
    if not path.exists():
        pytest.skip("needs ../shared/datasets/labels")
    theirs = {
        row[0]: row[1] for row in csv.reader(path.read_text(encoding="utf-8").splitlines()) if row
    }
    for code, spec in knowledge.section_codes().items():
        if code == "42229-5":  # openFDA names this field spl_unclassified_section
            assert spec.openfda_field == "spl_unclassified_section"
        elif code in theirs:  # openFDA's field is its LOINC name, lower case, & -> and
            field = theirs[code].lower().replace(" & ", " and ").replace("&", "and")
            field = "_".join(field.replace(",", "").replace(":", "").replace("/", " or ").split())
            assert spec.openfda_field == field, code


# --- adverse-reaction term list ---------------------------------------------------------------

GOLD = [
    {
        "label_id": "A",
        "section_name": "adverse reactions",
        "section_text": "Anemia and nausea were reported. Kidney failure occurred.",
        "adverse_events": [
            ["anemia", "Anaemia", 1.0, "Anemia", 2.0, "0", "6", "human"],
            ["nausea", "Nausea", 3.0, float("nan"), None, "11", "6", "human"],
            ["kidney failure", "Renal failure", 4.0, "Kidney failure", 5.0, "33", "14", "human"],
        ],
    },
    {
        "label_id": "B",
        "section_name": "warnings and precautions",
        "section_text": "Use caution in patients with renal failure. Renal impairment was seen.",
        "adverse_events": [
            [
                "renal impairment",
                "Renal impairment",
                6.0,
                "Renal impairment",
                6.0,
                "45",
                "16",
                "human",
            ]
        ],
    },
]


def test_lexicon_spelling_plural_and_word_order():
    lex = AdrLexicon(
        [
            ("Anaemia", "Anaemia"),
            ("ALT increased", "Alanine aminotransferase increased"),
            ("Rash macular", "Rash macular"),
        ]
    )
    assert [
        m.preferred for m in lex.find("Severe anemias, macular rash and elevations of ALT.")
    ] == ["Anaemia", "Rash macular", "Alanine aminotransferase increased"]
    assert term_key("Rash macular") == term_key("macular rashes")


def test_lexicon_from_gold_learns_word_swaps_and_reliability(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(GOLD).replace("NaN", "NaN"), encoding="utf-8")
    lex = AdrLexicon.from_gold([path], min_substitutions=1)
    assert lex.preferred("kidney impairment") == "Renal impairment"  # kidney <-> renal learned
    assert lex.reliability("renal failure", "warnings and precautions") == (0.0, 1)
    found = {
        r.preferred
        for r in reactions_in_text(
            "Patients with renal failure had nausea.", lex, "warnings and precautions"
        )
    }
    assert found == {"Nausea"}  # a condition after "patients with" is not a reaction


def test_gold_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text('{"not": "a list"}')
    with pytest.raises(LabelError, match=r"gold\.json: gold set must be a list"):
        gold_records([bad])
