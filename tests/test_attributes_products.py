"""What the drug comes as and how it is sold (issue 10, item 4): dosage forms and strengths
that do not exist, over-the-counter vs prescription status and limits, metabolites. One test
per category, on sentences of our own."""

from __future__ import annotations

import pytest

from annotator import check_text


def verdict(text: str, drug: str, reference) -> str:
    checks = check_text(text, focus_drug=drug, reference=reference).checks
    assert len(checks) == 1, [c.claim.text for c in checks]
    return checks[0].verdict.value


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        # a form missing from a complete list
        ("sertraline", "Sertraline also comes as an oral concentrate.", "consistent"),
        ("tizanidine", "There is also an extended-release tizanidine capsule.", "inconsistent"),
        ("baclofen", "Baclofen is also available as oral granules.", "consistent"),
        ("dantrolene", "Dantrolene is sold as a skin patch as well.", "inconsistent"),
        # the form word is not what exists when it names something else
        (
            "dantrolene",
            "It comes as capsules, so some parents open them over yogurt or a liquid.",
            "consistent",
        ),
    ],
)
def test_dosage_forms(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        ("carisoprodol", "Soma is made in 250 mg and 350 mg tablets.", "consistent"),
        ("carisoprodol", "Soma is made in 250 mg, 350 mg and 500 mg tablets.", "inconsistent"),
        ("dantrolene", "A 75 mg capsule of dantrolene is also on the market.", "inconsistent"),
        # a strength of a form the drug does not come as
        ("tizanidine", "Tizanidine extended-release tablets come in 8 mg.", "inconsistent"),
        # the capsule of cyclobenzaprine is its extended-release product
        ("cyclobenzaprine", "Amrix capsules come in 15 mg and 30 mg.", "consistent"),
        # the list may be incomplete: not decided
        ("baclofen", "Baclofen is sold as 25 mg tablets.", "unverified"),
    ],
)
def test_strengths(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        ("ibuprofen", "Pharmacies sell 600 mg ibuprofen tablets over the counter.", "inconsistent"),
        ("ibuprofen", "The 200 mg tablets need no prescription.", "consistent"),
        ("ibuprofen", "The 800 mg strength is prescription-only.", "consistent"),
        ("sertraline", "You can buy Zoloft over the counter.", "inconsistent"),
    ],
)
def test_over_the_counter_or_prescription(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        ("carisoprodol", "In the liver carisoprodol is changed into meprobamate.", "consistent"),
        ("carisoprodol", "Carisoprodol turns into diazepam in the body.", "inconsistent"),
        ("carisoprodol", "Carisoprodol is a metabolite of meprobamate.", "inconsistent"),
    ],
)
def test_metabolites(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected
