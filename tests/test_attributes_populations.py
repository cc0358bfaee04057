"""Who may take the drug (issue 10, item 4): pediatric approval and age limits, pregnancy and
breastfeeding, and graded strengths (safe < caution < avoid < contraindicated). One test per
category, on sentences of our own."""

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
        # an approval below the labelled age
        ("gabapentin", "Gabapentin is licensed even for infants with seizures.", "inconsistent"),
        (
            "gabapentin",
            "From the age of three, gabapentin can be used for partial seizures.",
            "consistent",
        ),
        # a condition not approved in children
        ("sertraline", "Zoloft is approved to treat depression in teens.", "inconsistent"),
        ("sertraline", "Kids with OCD can be treated with sertraline from age 6.", "consistent"),
        # no ages, no condition, against a condition-specific approval: not decided
        ("sertraline", "Sertraline is approved for use in children.", "unverified"),
        # ages where use is not established
        ("carisoprodol", "Soma is fine for 13-year-olds.", "inconsistent"),
        (
            "carisoprodol",
            "Its safety in patients younger than 16 has not been established.",
            "consistent",
        ),
        # the product decides: the extended-release form is for adults only
        ("metformin", "Extended-release metformin is approved from age 10.", "inconsistent"),
        (
            "metformin",
            "Metformin tablets are approved for type 2 diabetes from age 10.",
            "consistent",
        ),
    ],
)
def test_pediatric_approval_and_age_limits(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        # the stance of the label for the window of gestation the claim names
        (
            "ibuprofen",
            "Ibuprofen is completely safe right up to the end of pregnancy.",
            "inconsistent",
        ),
        ("ibuprofen", "Women should avoid ibuprofen in the third trimester.", "consistent"),
        ("ibuprofen", "Ibuprofen is safe in the first trimester.", "unverified"),
        # "not established" is not "safe"
        ("methocarbamol", "Methocarbamol is perfectly safe for pregnant women.", "inconsistent"),
        ("baclofen", "There are no adequate studies of baclofen in pregnant women.", "consistent"),
        # a label that says "not a contraindication"
        ("metformin", "Pregnancy is a contraindication to metformin.", "inconsistent"),
        # categories of older labels exclude each other
        ("dantrolene", "Dantrolene is pregnancy category X.", "inconsistent"),
        ("dantrolene", "Older labels list dantrolene as pregnancy category C.", "consistent"),
        # breast milk
        ("carisoprodol", "Carisoprodol is not excreted in breast milk.", "inconsistent"),
        ("carisoprodol", "Carisoprodol passes into breast milk.", "consistent"),
    ],
)
def test_pregnancy_and_breastfeeding(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        # a contraindication called a caution is wrong ...
        (
            "cyclobenzaprine",
            "People with hyperthyroidism can take cyclobenzaprine with caution.",
            "inconsistent",
        ),
        # ... a caution called a contraindication is borderline
        ("baclofen", "Baclofen is contraindicated in people with epilepsy.", "unverified"),
        # the same strength agrees
        ("baclofen", "Baclofen should be used with caution in epilepsy.", "consistent"),
        # avoid where the label says avoid
        ("tizanidine", "Tizanidine is best avoided in liver disease.", "consistent"),
        # a partner the label contraindicates, called fine with care
        (
            "sertraline",
            "It is fine to take sertraline with an MAO inhibitor if you are careful.",
            "inconsistent",
        ),
        # an age the label only cautions about, called a contraindication in its own words
        ("cyclobenzaprine", "People over 65 should never take cyclobenzaprine.", "inconsistent"),
    ],
)
def test_graded_strengths(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected
