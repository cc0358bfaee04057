"""Content-QA findings through the pipeline: the seed article's defects, and the document-level
detectors (contradictions, omissions, certainty) on small texts."""

from __future__ import annotations

from annotator import check_text


def _kinds(result, kind):
    return [f for f in result.findings if f.kind == kind]


def test_seed_every_slash_group_is_a_finding(seed_result):
    slash_groups = [f for f in _kinds(seed_result, "spin_artifact") if "/" in f.text]
    assert len(slash_groups) == 27
    assert sum(f.text.count("/") for f in slash_groups) == 54


def test_seed_misspelling_gets_a_correction(seed_result):
    (finding,) = _kinds(seed_result, "misspelled_drug")
    assert finding.text == "Bacclofen" and finding.suggestion == "Baclofen"


def test_seed_central_peripheral_pair_is_one_contradiction(seed_result, seed_text):
    found = _kinds(seed_result, "internal_contradiction")
    assert len(found) == 1
    (finding,) = found
    assert "peripheral" in finding.text and "central" in finding.detail
    ((start, end),) = finding.related
    assert "central nervous system" in seed_text[start:end]


def test_seed_missing_withdrawal_and_alcohol_warnings_are_omissions(seed_result):
    omitted = {fid for f in _kinds(seed_result, "omitted_safety_information") for fid in f.fact_ids}
    assert {"baclofen-withdrawal", "baclofen-alcohol"} <= omitted


def test_stated_warning_is_not_an_omission(reference):
    text = (
        "Baclofen is a muscle relaxant. Do not stop baclofen abruptly: seizures and "
        "hallucinations can follow. Avoid alcohol while taking baclofen because it adds to "
        "the drowsiness."
    )
    result = check_text(text, reference=reference)
    omitted = {fid for f in _kinds(result, "omitted_safety_information") for fid in f.fact_ids}
    assert "baclofen-withdrawal" not in omitted and "baclofen-alcohol" not in omitted


def test_certainty_stronger_than_evidence(reference):
    result = check_text("Baclofen cures alcoholism.", reference=reference)
    (finding,) = _kinds(result, "certainty_mismatch")
    assert "inconclusive" in finding.detail and finding.fact_ids == ("baclofen-offlabel-aud",)


def test_certainty_weaker_than_labeled_use(reference):
    result = check_text(
        "Baclofen has emerged as a potential treatment option for multiple sclerosis.",
        reference=reference,
    )
    (finding,) = _kinds(result, "certainty_mismatch")
    assert "labeled indication" in finding.detail


def test_finding_offsets_are_exact(seed_result, seed_text):
    for f in seed_result.findings:
        assert seed_text[f.start : f.end] == f.text
