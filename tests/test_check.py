"""Verdicts through the public API, on the seed article and on claims the table never listed."""

from __future__ import annotations

import pytest

from annotator import Verdict, check_text


def _only(result):
    checkable = [c for c in result.checks if c.claim.checkable]
    assert len(checkable) == 1, [c.claim.text for c in result.checks]
    return checkable[0]


def _check(text, drug, reference):
    return _only(check_text(text, focus_drug=drug, reference=reference))


def _find(result, fragment):
    hits = [c for c in result.checks if fragment in c.claim.text]
    assert len(hits) == 1, fragment
    return hits[0]


def test_seed_peripheral_relaxant_is_inconsistent_with_cited_fact(seed_result):
    check = _find(seed_result, "a peripheral muscle relaxant")
    assert check.verdict == Verdict.INCONSISTENT
    assert "baclofen-site" in check.fact_ids
    assert any("CLINICAL PHARMACOLOGY" in s for s in check.sources)
    assert "central" in check.reference and check.suggestion


def test_seed_gaba_release_is_inconsistent_with_cited_fact(seed_result):
    check = _find(seed_result, "modulating the release of gamma-aminobutyric acid (GABA)")
    assert check.verdict == Verdict.INCONSISTENT
    assert "baclofen-target" in check.fact_ids
    assert "GABA-B" in check.reference
    assert any("DrugBank" in s for s in check.sources)


def test_seed_accurate_side_effects_are_not_flagged(seed_result):
    check = _find(seed_result, "Common side effects include sleepiness, dizziness, and fatigue.")
    assert check.verdict == Verdict.CONSISTENT
    assert {"baclofen-ae-drowsiness", "baclofen-ae-dizziness", "baclofen-ae-fatigue"} <= set(
        check.fact_ids
    )


def test_seed_headings_and_advice_are_not_checkable(seed_result):
    assert _find(seed_result, "Exploring the Mechanisms of Action").verdict == Verdict.NOT_CHECKABLE
    assert _find(seed_result, "discuss your medical history").verdict == Verdict.NOT_CHECKABLE


def test_seed_offsets_point_into_the_text(seed_result, seed_text):
    for check in seed_result.checks:
        assert seed_text[check.claim.start : check.claim.end] == check.claim.text
        for m in check.mentions:
            assert seed_text[m.start : m.end] == m.text or m.match == "pronoun"


@pytest.mark.parametrize(
    "text, drug, fact",
    [
        ("Baclofen is a benzodiazepine.", "baclofen", "baclofen-class-gaba-analogue"),
        ("Like dantrolene, baclofen acts peripherally.", "baclofen", "baclofen-site"),
        ("Baclofen blocks GABA-B receptors.", "baclofen", "baclofen-target"),
        ("Baclofen is a GABA-B receptor antagonist.", "baclofen", "baclofen-target"),
        ("Adults can take 30 mg of baclofen four times a day.", "baclofen", "baclofen-max-dose"),
        ("It is safe to stop baclofen abruptly.", "baclofen", "baclofen-withdrawal"),
        ("It is perfectly safe to drink alcohol with baclofen.", "baclofen", "baclofen-alcohol"),
        (
            "Baclofen is used to treat muscle spasm caused by rheumatic disorders.",
            "baclofen",
            "baclofen-not-rheumatic",
        ),
        ("Baclofen is a controlled substance.", "baclofen", "baclofen-not-controlled"),
        ("Zanaflex is a benzodiazepine.", "tizanidine", None),
        ("Tizanidine is safe to combine with fluvoxamine.", "tizanidine", None),
        ("Sertraline is safe to take together with MAO inhibitors.", "sertraline", None),
        ("Metformin is a sulfonylurea.", "metformin", None),
        ("Dantrolene acts in the spinal cord, like baclofen.", "dantrolene", None),
        ("Gabapentin is a GABA-B receptor agonist.", "gabapentin", None),
        ("Sertraline is safe to take with phenelzine.", "sertraline", "sertraline-contra-maoi"),
        ("Baclofen is safe to take with diazepam.", "baclofen", "baclofen-cns-depressants"),
        ("It is fine to combine tizanidine with zileuton.", "tizanidine", "tizanidine-ix-cyp1a2"),
    ],
)
def test_paraphrased_errors_are_inconsistent_through_typed_facts(text, drug, fact, reference):
    check = _check(text, drug, reference)
    assert check.verdict == Verdict.INCONSISTENT, check.reason
    assert check.fact_ids and check.sources and check.reference
    if fact:
        assert fact in check.fact_ids


@pytest.mark.parametrize(
    "text, drug",
    [
        ("Baclofen is not a peripheral muscle relaxant.", "baclofen"),
        ("Baclofen is a GABA-B receptor agonist.", "baclofen"),
        ("It belongs to the class of centrally acting muscle relaxants.", "baclofen"),
        ("Do not stop baclofen abruptly; the dose should be reduced slowly.", "baclofen"),
        ("Drowsiness is the most common side effect of baclofen.", "baclofen"),
        ("The total daily dose should not exceed 80 mg.", "baclofen"),
        ("Some studies suggest baclofen may help alcohol use disorder.", "baclofen"),
        ("Tizanidine should not be taken with ciprofloxacin.", "tizanidine"),
        ("Dantrolene acts directly on skeletal muscle.", "dantrolene"),
    ],
)
def test_accurate_negated_and_hedged_claims_are_consistent(text, drug, reference):
    check = _check(text, drug, reference)
    assert check.verdict == Verdict.CONSISTENT, check.reason


def test_negation_is_read_before_the_verdict(reference):
    plain = _check("Baclofen acts on the brain and spinal cord.", "baclofen", reference)
    denied = _check("Baclofen does not act on the brain or spinal cord.", "baclofen", reference)
    assert plain.verdict == Verdict.CONSISTENT and not plain.negated
    assert denied.verdict == Verdict.INCONSISTENT and denied.negated


def test_hedged_claim_is_marked_hedged(reference):
    check = _check("Baclofen may help with hiccups.", "baclofen", reference)
    assert check.hedged and check.verdict == Verdict.CONSISTENT


def test_pronoun_resolves_to_focus_drug(reference):
    result = check_text(
        "Baclofen is prescribed for spasticity. It belongs to the benzodiazepines.",
        reference=reference,
    )
    assert result.focus_drug == "baclofen"
    second = result.checks[1]
    assert second.verdict == Verdict.INCONSISTENT and second.drug == "baclofen"
    assert any(m.match == "pronoun" for m in second.mentions)


def test_drug_without_notes_is_unverified_with_reason(reference):
    check = _check("Diazepam is a benzodiazepine.", "baclofen", reference)
    assert check.verdict == Verdict.UNVERIFIED
    assert "no reference notes for diazepam" in check.reason


def test_misspelled_drug_name_still_links_for_checking(reference):
    check = _check("Bacclofen is a benzodiazepine.", None, reference)
    assert check.verdict == Verdict.INCONSISTENT and check.drug == "baclofen"


def test_brand_and_salt_names_link_to_the_drug(reference):
    assert _check("Lioresal is an opioid.", None, reference).drug == "baclofen"
    assert _check("Tizanidine hydrochloride is an opioid.", None, reference).drug == "tizanidine"
