"""Extractors on hand-written miniature labels: each fact's value, qualifiers and citation."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.knowledge.labels import extract_facts, read_spl
from annotator.knowledge.labels.adr_tables import table_reactions
from annotator.knowledge.labels.indexing import ClassIndexEntry
from annotator.knowledge.labels.records import Table

FIXTURES = Path(__file__).parent / "fixtures" / "labels"


@pytest.fixture(scope="module")
def rx():
    return read_spl((FIXTURES / "tiny_rx.xml").read_bytes(), "tiny_rx.xml")


@pytest.fixture(scope="module")
def rx_facts(rx):
    return extract_facts(rx)


def values(facts, attribute):
    return [f.value for f in facts if f.attribute == attribute]


def test_every_fact_cites_the_label(rx_facts):
    assert rx_facts
    for fact in rx_facts:
        c = fact.citation
        assert (c.set_id, c.version, c.effective) == (
            "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "7",
            "20240102",
        )
        assert c.section_code and fact.passage and fact.drug == "fakezepam"


def test_table_reaction_cites_section_number_and_table(rx_facts):
    (drowsy,) = [f for f in rx_facts if f.attribute == "adverse_effect" and f.value == "drowsiness"]
    assert str(drowsy.citation).endswith("42229-5 §6.1 Table 1")
    assert drowsy.qualifier("percent") == "25" and drowsy.qualifier("frequency") == "very_common"


def test_frequency_bands_come_from_the_drug_arm_not_placebo(rx_facts):
    bands = {f.value: f.qualifier("frequency") for f in rx_facts if f.attribute == "adverse_effect"}
    assert bands["dizziness"] == "common"  # drug 4.5 %, placebo 12 %
    assert bands["dry mouth"] == "uncommon"
    assert bands["ataxia"] == "very_common"  # "most common (>=10%) were drowsiness and ataxia"
    assert bands["fatigue"] == "common"  # highlights: "incidence >= 5%"


def test_boxed_warning_topic_from_the_top_level_section_only(rx_facts):
    assert values(rx_facts, "boxed_warning") == ["RISKS FROM CONCOMITANT USE WITH OPIOIDS"]


def test_otc_label_misusing_the_boxed_warning_code_has_no_boxed_warning():
    otc = read_spl((FIXTURES / "tiny_otc.xml").read_bytes(), "tiny_otc.xml")
    assert otc.find("boxed_warning")  # the section is there ...
    facts = extract_facts(otc)
    assert values(facts, "boxed_warning") == []  # ... but it is not a boxed warning
    assert values(facts, "warning") == ["Allergy alert", "Stomach bleeding warning"]
    assert values(facts, "indication") == ["headache", "toothache"]


def test_dea_schedule_from_the_product_policy(rx_facts):
    (fact,) = [f for f in rx_facts if f.attribute == "controlled_status"]
    assert fact.value == "CIV" and fact.citation.section_code == "48780-1"


def test_class_from_highlights_and_from_indexing_files(rx):
    assert values(extract_facts(rx), "drug_class") == ["benzodiazepine"]
    entry = ClassIndexEntry(
        "FAKEUNII01",
        "FAKEZEPAM",
        (("N0000175694", "Benzodiazepine [EPC]"),),
        "idx",
        "3",
        "20200101",
        "idx.xml",
    )
    (fact,) = [f for f in extract_facts(rx, [entry]) if f.attribute == "drug_class"]
    assert (fact.value, fact.qualifier("kind"), fact.citation.set_id) == (
        "Benzodiazepine",
        "EPC",
        "idx",
    )


def test_indications_contraindications_and_interactions(rx_facts):
    assert values(rx_facts, "indication") == ["short-term relief of the symptoms of anxiety"]
    assert values(rx_facts, "limitation_of_use") == ["not for use longer than 4 weeks"]
    assert "Acute narrow-angle glaucoma" in values(rx_facts, "contraindication")
    assert values(rx_facts, "interaction") == ["ketoconazole"]


def test_warning_topics_and_dependence(rx_facts):
    assert values(rx_facts, "warning") == [
        "Abuse, Misuse, and Addiction",
        "Dependence and Withdrawal Reactions",
    ]
    assert values(rx_facts, "withdrawal") == ["withdrawal reactions"]
    assert "abuse" in values(rx_facts, "dependence")


def test_use_in_populations(rx_facts):
    assert values(rx_facts, "pregnancy") == ["category D", "may cause fetal harm"]
    assert values(rx_facts, "lactation") == ["excreted in milk"]
    (ped,) = [f for f in rx_facts if f.attribute == "pediatric_use"]
    assert ped.value == "safety and effectiveness not established" and not ped.polarity
    assert ped.qualifier("age") == "below the age of 6 years"


def test_half_life(rx_facts):
    assert values(rx_facts, "half_life") == ["12 hours"]


def test_doses_carry_route_formulation_and_population(rx_facts):
    doses = {
        (f.attribute, f.value, f.qualifier("population")) for f in rx_facts if "dose" in f.attribute
    }
    assert doses == {  # "2 mg orally twice daily": the daily total, as the table keeps doses
        ("starting_dose", "4 mg/day", "adult"),
        ("max_daily_dose", "40 mg/day", "adult"),
        ("starting_dose", "0.1 mg/kg/day", "pediatric"),
    }
    assert {f.qualifier("route") for f in rx_facts if "dose" in f.attribute} == {"oral"}


@pytest.mark.parametrize(
    ("rows", "header_rows", "expected"),
    [
        # placebo first, drug second: the band still comes from the drug column
        (
            (("Reaction", "Placebo %", "Drug %"), ("Nausea", "20", "3")),
            1,
            [("Nausea", "common", "3")],
        ),
        # short header row (no cell over the term column), counts with N= per arm
        (
            (("", "Drug", "Placebo"), ("", "N=50", "N=50"), ("Rash", "10", "1")),
            0,
            [("Rash", "very_common", "20.0")],
        ),
        # "n (%)" cells
        (
            (("Reaction", "Drug N=100", "Placebo N=90"), ("Cough", "7 (7%)", "1 (1%)")),
            1,
            [("Cough", "common", "7")],
        ),
        # system-organ-class rows and totals are not reactions
        (
            (
                ("Reaction", "Drug %"),
                ("Gastrointestinal disorders", "30"),
                ("Any adverse reaction", "60"),
            ),
            1,
            [],
        ),
    ],
)
def test_table_reactions(rows, header_rows, expected):
    found = table_reactions(Table("Table 9", "", rows, header_rows))
    assert [(r.term, r.band, r.percent) for r in found] == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("up to a maximum dose of 2,550 mg per day", "2550 mg/day"),
        ("up to a maximum of 2550 mg per day", "2550 mg/day"),
        ("the recommended dose is 200 mg twice daily", "400 mg/day"),
        ("some patients may require 500 mg every 8 hours", "1500 mg/day"),
        ("start with 500 mg orally twice a day", "1000 mg/day"),
        ("a starting dose of 25 to 50 mg every 6 to 8 hours", "25 to 50 mg every 6 to 8 hours"),
    ],
)
def test_dose_amounts_keep_thousands_and_become_daily_totals(phrase, expected):
    """Regression: '2,550 mg' was read as '550 mg' and '2000 mg' as '000 mg'."""
    from annotator.knowledge.labels.extract_dose import dose_value
    from annotator.knowledge.labels.knowledge import cue

    assert dose_value(cue("dose_amount").search(phrase)) == expected
