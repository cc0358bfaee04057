"""Qualifiers are part of facts and claims (issue 10, item 2): a claim is compared only with
the facts for the population and product it names, an unmatched qualifier is `unverified` with
the reason, and no verdict depends on the order of rows in the fact files. Sentences are our own.
"""

from __future__ import annotations

import csv
import shutil

import pytest

from annotator import check_text
from annotator.knowledge.loader import load_reference, validate
from tests.conftest import ROOT


def verdict(text: str, drug: str, reference) -> tuple[str, str]:
    checks = check_text(text, focus_drug=drug, reference=reference).checks
    assert len(checks) == 1, [c.claim.text for c in checks]
    return checks[0].verdict.value, checks[0].reason


@pytest.mark.parametrize(
    "text, drug, expected",
    [
        # a population the table has no dose for: unverified, never the adult row
        ("Older adults may take baclofen up to 60 mg daily.", "baclofen", "unverified"),
        # the pediatric rows decide a claim about children
        (
            "Children aged 10 to 16 may take up to 2,500 mg of metformin a day.",
            "metformin",
            "inconsistent",
        ),
        ("For children, the metformin ceiling is 2000 mg per day.", "metformin", "consistent"),
        # the extended-release rows decide a claim about extended release
        (
            "Extended-release metformin can be pushed to 2,550 mg a day.",
            "metformin",
            "inconsistent",
        ),
        ("The immediate-release tablets go up to 2,550 mg a day.", "metformin", "consistent"),
        # a brand name carries its product ("XR")
        ("With Glucophage XR the daily limit is 2,550 mg.", "metformin", "inconsistent"),
        # the over-the-counter limit
        (
            "Over-the-counter ibuprofen may be taken up to 2,400 mg a day without a doctor.",
            "ibuprofen",
            "inconsistent",
        ),
    ],
)
def test_a_claim_is_compared_with_the_facts_of_its_population_and_product(
    text, drug, expected, reference
):
    assert verdict(text, drug, reference)[0] == expected


def test_an_unmatched_qualifier_says_which_in_the_reason(reference):
    status, reason = verdict(
        "Older adults may take baclofen up to 60 mg daily.", "baclofen", reference
    )
    assert status == "unverified"
    assert "no maximum dose for baclofen (elderly)" in reason


def test_a_dose_above_every_population_is_wrong_for_any_of_them(reference):
    status, reason = verdict(
        "During pregnancy, up to 4,000 mg of metformin a day is fine.", "metformin", reference
    )
    assert status == "inconsistent" and "any population" in reason


def test_a_product_named_next_to_another_drug_is_that_drugs(reference):
    # "insulin injections" are insulin's: metformin's type 1 claim is judged as metformin's
    _, reason = verdict(
        "Metformin can replace insulin injections in type 1 diabetes.", "metformin", reference
    )
    assert "injection" not in reason


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Intrathecal baclofen carries a boxed warning.", "consistent"),
        ("Baclofen tablets carry a boxed warning about sudden withdrawal.", "inconsistent"),
        ("Baclofen carries a boxed warning.", "unverified"),
    ],
)
def test_a_boxed_warning_belongs_to_its_product(text, expected, reference):
    assert verdict(text, "baclofen", reference)[0] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tizanidine treatment begins with a single 2 mg dose.", "consistent"),
        ("Tizanidine treatment begins with a single 4 mg dose.", "inconsistent"),
        # below the labelled start: a lower start is not an error by itself ...
        ("You could begin baclofen at 2.5 mg to see how you react.", "unverified"),
        # ... unless the claim calls it the usual start
        ("The usual starting dose of baclofen is 2.5 mg.", "inconsistent"),
    ],
)
def test_starting_doses_per_dose_and_below_the_label(text, expected, reference):
    drug = "tizanidine" if "izanidine" in text else "baclofen"
    assert verdict(text, drug, reference)[0] == expected


def test_tizanidine_start_is_the_labels_single_2_mg_dose(reference):
    (start,) = [f for f in reference.facts if f.fact_id == "tizanidine-start-dose"]
    assert start.value == "2 mg/dose"


@pytest.fixture
def swapped_notes(tmp_path):
    """The shipped table with gabapentin's rows in reverse order."""
    notes = tmp_path / "reference_notes"
    shutil.copytree(ROOT / "reference_notes", notes)
    path = notes / "facts" / "gabapentin.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    path.write_text(
        "\n".join(",".join(f'"{c}"' for c in r) for r in [rows[0], *reversed(rows[1:])]) + "\n",
        encoding="utf-8",
    )
    return notes


@pytest.mark.parametrize(
    "text, expected",
    [
        ("For epilepsy, gabapentin is started at 300 mg three times daily.", "consistent"),
        ("For shingles pain the first day's gabapentin is a single 300 mg dose.", "consistent"),
        ("For shingles pain, gabapentin starts at 1,200 mg a day.", "inconsistent"),
    ],
)
def test_verdicts_do_not_depend_on_row_order(text, expected, reference, swapped_notes):
    swapped = load_reference(swapped_notes)
    assert verdict(text, "gabapentin", reference)[0] == expected
    assert verdict(text, "gabapentin", swapped)[0] == expected


def test_the_validator_knows_the_qualifier_columns(tmp_path):
    notes = tmp_path / "notes"
    shutil.copytree(ROOT / "reference_notes", notes)
    facts = notes / "facts" / "baclofen.csv"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text + "baclofen-q1,baclofen,max_daily_dose,80 mg,,pop:martians,prod:tablet,+,A.,major,"
        "baclofen-label-mylan,DOSAGE,\n"
        + "baclofen-q2,baclofen,strength,10 mg,complete,,prod:tablet,+,A.,minor,"
        "baclofen-label-mylan,DOSAGE,\n"
        + "baclofen-q3,baclofen,strength,20 mg,,,prod:tablet,+,A.,minor,"
        "baclofen-label-mylan,DOSAGE,\n",
        encoding="utf-8",
    )
    problems = "\n".join(validate(notes))
    assert "population 'pop:martians' is not a pop: term" in problems
    assert "strength of baclofen: mark every row 'complete' or none" in problems
