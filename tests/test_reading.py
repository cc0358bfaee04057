"""Regression tests for the reading categories of issue 10, on sentences written for them
(none copied from a dev or blind set): each names the category it guards."""

from __future__ import annotations

import pytest

from annotator import check_text


def verdict(text: str, drug: str) -> str:
    checks = [c for c in check_text(text, focus_drug=drug).checks if c.claim.checkable]
    assert len(checks) == 1, [c.claim.text for c in checks]
    return checks[0].verdict.value


@pytest.mark.parametrize(
    "text, drug, expected",
    [
        # more of a transmitter made or released is not receptor agonism
        ("Baclofen helps your nerves make more GABA.", "baclofen", "inconsistent"),
        ("Its benefit comes from raising levels of GABA in the spine.", "baclofen", "inconsistent"),
        ("Baclofen modulates GABA release in the spinal cord.", "baclofen", "inconsistent"),
        (
            "Baclofen switches on GABA-B receptors the way GABA itself does.",
            "baclofen",
            "consistent",
        ),
        ("Baclofen does not change how much GABA is released.", "baclofen", "consistent"),
        # a different action on the right target is not a match
        ("Tizanidine blocks alpha-2 adrenergic receptors.", "tizanidine", "inconsistent"),
        ("Gabapentin binds to GABA-A receptors in the brain.", "gabapentin", "inconsistent"),
        # an action must act on the target, not on a word in between
        ("Chemists made it by enhancing the solubility of GABA.", "baclofen", "unverified"),
    ],
)
def test_mechanism_actions_and_amounts(text, drug, expected):
    assert verdict(text, drug) == expected


def test_every_value_counts_a_partly_supported_claim_is_unverified():
    text = "Baclofen relieves spasticity from multiple sclerosis and also cures migraine headaches."
    check = check_text(text, focus_drug="baclofen").checks[0]
    assert check.verdict.value == "unverified"
    assert "supported:" in check.reason and "not supported:" in check.reason


@pytest.mark.parametrize(
    "text, drug, expected",
    [
        # the label's indications are a complete list
        (
            "Methocarbamol is FDA-approved for restless legs syndrome.",
            "methocarbamol",
            "inconsistent",
        ),
        ("Methocarbamol is approved for painful muscle conditions.", "methocarbamol", "consistent"),
        # a broader use than the labeled ones is partly right, never wrong
        ("Sertraline is approved for several anxiety disorders.", "sertraline", "unverified"),
    ],
)
def test_labeled_indications_are_a_complete_list(text, drug, expected):
    assert verdict(text, drug) == expected


def test_same_family_as_a_partner_drug_claims_its_class():
    assert verdict("Tizanidine belongs to the same class as Valium.", "tizanidine") == (
        "inconsistent"
    )


def test_general_clause_of_a_first_person_sentence_is_checked():
    text = "I stopped it overnight with no trouble, so it is completely safe to quit at once."
    check = check_text(text, focus_drug="tizanidine").checks[0]
    assert check.claim.kind == "experience" and check.verdict.value == "inconsistent"
    only_me = "I stopped tizanidine overnight with no trouble at all."
    assert check_text(only_me).checks[0].verdict.value == "not_checkable"


def test_driving_called_safe_contradicts_a_sedation_warning():
    assert verdict(
        "Driving right after a dose of methocarbamol is perfectly safe.", "methocarbamol"
    ) == ("inconsistent")


def test_coordinated_negative_terms_do_not_cancel_each_other():
    assert verdict(
        "Ibuprofen is not habit-forming and is not a controlled substance.", "ibuprofen"
    ) == ("consistent")


def test_a_denied_risk_word_is_not_a_warning():
    text = "Combining tizanidine with ciprofloxacin is safe because they do not interact."
    assert verdict(text, "tizanidine") == "inconsistent"


def test_overdose_signs_called_common_side_effects_are_unverified():
    # coma is listed only as a sign of overdose: the label is silent on it as a side effect
    assert verdict("Coma is a common side effect of ibuprofen.", "ibuprofen") == "unverified"


def test_an_article_about_a_drug_without_notes_is_not_judged_against_another_drugs_facts():
    # bug: the focus was the most mentioned drug *with notes*, so "it" meant ibuprofen here
    page = (
        "Naproxen is an anti-inflammatory painkiller. Naproxen lasts longer than ibuprofen. "
        "Unlike ibuprofen, naproxen is usually taken twice a day. "
        "It is safe to take right after heart bypass surgery."
    )
    result = check_text(page)
    assert result.focus_drug == "naproxen"
    assert all(c.verdict.value == "unverified" for c in result.checks)


@pytest.mark.parametrize(
    "text, drug, expected",
    [
        # a frequency said of effects claims the drug causes them
        ("Headaches and nausea are also common with ibuprofen.", "ibuprofen", "consistent"),
        ("Dry mouth is very rare with tizanidine.", "tizanidine", "inconsistent"),
        # a comparative is not a frequency band
        (
            "Drowsiness is more common in older people taking tizanidine.",
            "tizanidine",
            "unverified",
        ),
        # acronyms take a lower-case plural
        ("Cyclobenzaprine should never be combined with MAOIs.", "cyclobenzaprine", "consistent"),
        # "adds to the effect of" is a warned-about combination
        ("Methocarbamol adds to the effects of alcohol.", "methocarbamol", "consistent"),
        # an allergy under "do not take" is a contraindication
        ("Do not take baclofen if you are allergic to it.", "baclofen", "consistent"),
    ],
)
def test_everyday_wording_of_effects_combinations_and_allergies(text, drug, expected):
    assert verdict(text, drug) == expected
