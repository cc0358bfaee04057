"""Regression tests for the false findings issue 11 reported (one per bug), on our own text."""

from __future__ import annotations

from annotator import check_text
from annotator.qa.garble import find_garble
from annotator.qa.spin import find_spin


def test_heading_slash_is_not_spin():  # bug: 'Warnings/Precautions' reported as spin
    assert find_spin("## Warnings/Precautions\n\nTake it with food.\n") == []
    assert find_spin("Warnings/Precautions\nDose by mg/kg and/or as Rx/OTC.\n") == []


def test_article_slot_is_spin():  # bug: 'a/an/the' was missed
    (f,) = find_spin("Naproxen is a/an/the pain reliever for adults.")
    assert f.text == "a/an/the" and f.suggestion == "a"


def test_doubled_is_outside_what_it_is_is():  # bug: 'change is is harmless' missed
    (f,) = [
        f for f in find_garble("This colour change is is harmless.") if f.kind == "doubled_word"
    ]
    assert f.text == "is is"
    assert not [f for f in find_garble("What it is is a relief.") if f.kind == "doubled_word"]


def _kind(result, kind):
    return [f for f in result.findings if f.kind == kind]


def test_list_item_states_the_contraindication(reference):  # bug: list items not read
    text = (
        "# Sertraline\n\nSertraline treats depression. Do not take it:\n\n"
        "- with MAO inhibitors or within 14 days of stopping one;\n"
        "- with pimozide;\n- if you take linezolid.\n\n"
        "Serotonin syndrome can occur with other serotonergic drugs. Avoid alcohol. "
        "NSAIDs can increase the risk of bleeding. Suicidal thoughts can increase in young "
        "adults: this is a boxed warning. Never stop abruptly; taper the dose.\n"
    )
    omitted = {
        fid
        for f in _kind(check_text(text, reference=reference), "omitted_safety_information")
        for fid in f.fact_ids
    }
    assert not omitted & {
        "sertraline-contra-maoi",
        "sertraline-contra-pimozide",
        "sertraline-contra-linezolid",
    }


def test_first_person_thread_gets_no_omissions(reference):  # a forum is not a leaflet
    text = "I take baclofen for my spasms. My doctor raised my dose and I feel better now.\n"
    assert _kind(check_text(text, reference=reference), "omitted_safety_information") == []


def test_hedge_on_another_clause_is_not_a_certainty_mismatch(reference):  # bug: hedge misattributed
    text = "Baclofen is approved for spasticity, and some studies suggest it may help alcohol use disorder."
    found = _kind(check_text(text, reference=reference), "certainty_mismatch")
    assert not any("labeled indication" in f.detail for f in found)


def test_hedged_comparison_is_not_a_certainty_mismatch(reference):  # corpus false finding
    text = "Sertraline may be more effective for depression (in the first weeks) than fluoxetine."
    found = _kind(check_text(text, reference=reference), "certainty_mismatch")
    assert not any("labeled indication" in f.detail for f in found)


def test_another_modifier_of_a_fixed_expression_is_not_a_swap():
    # bug: 'life-threatening side effects' (Wikipedia) read as a swap of 'serious side effects'
    from annotator.qa.tortured import find_tortured

    assert find_tortured("Rarely, severe and life-threatening side effects have been seen.") == []
    swapped = find_tortured("Most people notice few side impacts.")
    assert [f.suggestion for f in swapped] == ["side effect"]
