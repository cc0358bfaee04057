"""Discourse: list items read with their lead-in or heading, answers with their question,
experience and reported speech kept out of the checked statements (issue 10, item 1)."""

from __future__ import annotations

import pytest

from annotator import Verdict, check_text


def _verdicts(text: str, **kwargs) -> dict[str, tuple[str, str]]:
    result = check_text(text, **kwargs)
    return {c.claim.text: (c.verdict.value, c.claim.kind) for c in result.checks}


def test_list_items_take_the_attribute_of_their_lead_in():
    page = (
        "# Baclofen\n\nBaclofen is approved to treat:\n\n- spasticity from multiple sclerosis\n"
        "- cerebral palsy\n\nSide effects can include:\n\n- drowsiness\n"
    )
    got = _verdicts(page)
    assert got["Baclofen is approved to treat:"][1] == "lead_in"
    assert got["spasticity from multiple sclerosis"][0] == "consistent"
    assert got["cerebral palsy"][0] == "inconsistent"
    assert got["drowsiness"][0] == "consistent"


def test_a_negated_lead_in_negates_its_items():
    page = "Oral baclofen is not approved for:\n\n- cerebral palsy\n- stroke\n"
    got = _verdicts(page)
    assert got["cerebral palsy"][0] == "consistent"


def test_unmarked_short_lines_under_a_lead_in_are_its_items():
    page = "Baclofen is used for:\nMultiple Sclerosis Spasticity\nParkinson's Disease\n"
    got = _verdicts(page)
    assert got["Parkinson's Disease"] == ("inconsistent", "list_item")


def test_list_items_under_a_heading_read_with_the_heading():
    page = "## Common side effects of tizanidine\n\n- Dry mouth\n- Sleepiness\n"
    got = _verdicts(page)
    assert got["Dry mouth"][0] == "consistent"


def test_a_drug_in_an_interaction_list_is_a_partner_not_the_subject():
    page = "Do not combine tizanidine with:\n\n- fluvoxamine\n- ciprofloxacin\n"
    result = check_text(page)
    for check in result.checks[1:]:
        assert check.verdict == Verdict.CONSISTENT, check.claim.text
        assert {a.drug for a in check.assertions} == {"tizanidine"}


@pytest.mark.parametrize(
    "answer, verdict",
    [
        ("No, lower the dose slowly over several days.", "consistent"),
        ("Yes, you can stop it whenever you like.", "inconsistent"),
    ],
)
def test_a_yes_no_answer_affirms_or_denies_its_question(answer, verdict):
    page = f"## Can I stop taking baclofen suddenly?\n\n{answer}\n"
    got = _verdicts(page)
    assert got[answer][0] == verdict


def test_no_to_a_combination_question_means_avoid_it():
    page = "Is it safe to take tizanidine with ciprofloxacin?\n\nNo, never combine them.\n"
    assert _verdicts(page)["No, never combine them."][0] == "consistent"


@pytest.mark.parametrize(
    "sentence",
    [
        "I took 3,600 mg of gabapentin a day for a year.",
        "My doctor said baclofen is safe to stop suddenly.",
        "I read online that tizanidine is a benzodiazepine.",
    ],
)
def test_experience_and_reported_speech_are_not_checked(sentence):
    verdict, kind = _verdicts(sentence)[sentence]
    assert verdict == "not_checkable" and kind in ("experience", "reported")


@pytest.mark.parametrize(
    "page, fmt",
    [
        (
            "| Medicine | First dose | Highest daily dose |\n|---|---|---|\n"
            "| Baclofen | 5 mg | 80 mg |\n| Tizanidine | 2 mg | 72 mg |\n",
            "md",
        ),
        (
            "<table><tr><th>Medicine</th><th>First dose</th><th>Highest daily dose</th></tr>"
            "<tr><td>Baclofen</td><td>5 mg</td><td>80 mg</td></tr>"
            "<tr><td>Tizanidine</td><td>2 mg</td><td>72 mg</td></tr></table>",
            "html",
        ),
    ],
)
def test_table_rows_are_read_with_their_header_column_by_column(page, fmt):
    result = check_text(page, format=fmt)
    rows = {c.claim.text.split(" | ")[0]: c for c in result.checks if c.claim.checkable}
    assert rows["Baclofen"].verdict == Verdict.CONSISTENT
    assert rows["Tizanidine"].verdict == Verdict.INCONSISTENT  # 72 mg over the 36 mg maximum
    attributes = {a.value: a.attribute for a in rows["Baclofen"].assertions}
    assert attributes == {"5 mg/dose": "starting_dose", "80 mg/dose": "max_daily_dose"}
