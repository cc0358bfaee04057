"""The content-QA detectors added for real spun, stuffed and machine-translated pages, on
sentences written for these tests (not copied from the devset), plus their strict loaders."""

from __future__ import annotations

import json

import pytest

from annotator import check_text
from annotator.knowledge.datafiles import RuleDataError
from annotator.qa.calls_to_action import find_calls_to_action
from annotator.qa.insertions import find_insertions
from annotator.qa.promotion_rules import load_promotion_rules
from annotator.qa.stuffing import find_stuffing
from annotator.qa.tortured import find_tortured, load_tortured, norm
from annotator.qa.translation import find_translation_garble, load_mt_rules

NAMES = {"naproxen": "naproxen", "aleve": "naproxen", "warfarin": "warfarin", "aspirin": "aspirin"}


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("Its side impacts are headache and nausea.", "side impacts", "side effect"),
        ("It can cause respiratory misery.", "respiratory misery", "respiratory depression"),
        # a thesaurus lists lemmas: the synonym is inflected like the expression word
        ("It may cause smeared vision.", "smeared vision", "blurred vision"),
        ("It is a fever diminisher.", "fever diminisher", "fever reducer"),
        ("Check your blood strain every month.", "blood strain", "blood pressure"),
        ("It may raise the chance of a heart assault.", "heart assault", "heart attack"),
        (
            "Store at regulated space temperature.",
            "regulated space temperature",
            "controlled room temperature",
        ),
        ("Take it with food if you get a furious stomach.", "furious stomach", "upset stomach"),
        ("Do not use it with renal debilitation.", "renal debilitation", "renal failure"),
        (
            "Tell your doctor about kidney disappointment.",
            "kidney disappointment",
            "kidney failure",
        ),
    ],
)
def test_tortured_phrase_names_the_fixed_expression(text, found, expected):
    (f,) = find_tortured(text)
    assert (f.text, f.suggestion) == (found, expected)
    assert 0.5 <= f.confidence <= 1.0 and text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text",
    [
        "Common side effects are headache and nausea.",
        "Adverse effects were mild.",  # a variant drug text itself uses
        "The muscular weakness improved.",  # a morphological relative is not a swap
        "It treats long-lasting pain.",  # part of a hyphenated compound
        "Negative effects were mild.",  # a pair frequent in English at large
        "It relieves dental pain.",  # a drug-text word in an open slot ('_ pain')
        "Heavy doses cause sedation.",  # likewise ('_ dose')
        "The Drug Safety journal reported it.",  # part of a proper name
        "It is safe for breast-feeding mothers.",  # a hyphenated compound is a word
        "The beginning portion is 5 mg.",  # a two-word expression wholly swapped: too loose
    ],
)
def test_tortured_phrase_leaves_ordinary_wording_alone(text):
    assert find_tortured(text) == []


def test_norm_makes_simple_singulars():
    assert [norm(w) for w in ("Impacts", "injuries", "glasses", "sclerosis")] == [
        "impact",
        "injury",
        "glass",
        "sclerosis",
    ]


def test_stuffing_flags_every_repetition_after_the_first():
    filler = "Pain relief needs rest, sleep, movement and patience. " * 12
    text = "".join(f"Part {k}. Our naproxen 500mg tablets online. " + filler for k in range(4))
    found = find_stuffing(text, NAMES)
    stuffed = [f for f in found if "naproxen" in f.text]
    assert len(stuffed) == 3 and {f.kind for f in found} == {"keyword_stuffing"}
    assert all(f.text.lower() == "naproxen 500mg tablets online" for f in stuffed)


def test_stuffing_ignores_a_phrase_length_explains():
    text = (
        "Naproxen relieves pain. " * 3 + "Take naproxen with food. " * 2 + "Other words. " * 200
    ) * 1
    assert find_stuffing(text, NAMES) == []


@pytest.mark.parametrize(
    "text",
    [
        "Order today and use code PAIN20 for 20% off your first bottle!",
        "Message me for wholesale prices and free worldwide shipping.",
        "Buy naproxen online without prescription at the lowest price.",
        "Get yours today with free shipping on every order.",
        "Visit our online pharmacy for cheap generic pills.",
        "Save 15% when you pay with Bitcoin.",
        "Generic sildenafil costs just $0.99 per pill and comes in discreet packaging.",
    ],
)
def test_call_to_action_in_body_text(text):
    (f,) = find_calls_to_action(text)
    assert f.kind == "call_to_action" and f.text == text


@pytest.mark.parametrize(
    "text",
    [
        "You can buy naproxen over the counter in most pharmacies.",
        "The wholesale cost is about US$2 per month.",
        "Delivery was quick and I will order again.",  # regression: a review, not a request
        "Please do not buy prescription medicines from forum links.",  # a warning
        "Visit a pharmacy if you need advice.",
        "Get medical help right away if you have chest pain.",
        "Free shipping over $150",  # a shop-page label, not a sentence that pitches
    ],
)
def test_no_call_to_action_in_ordinary_sentences(text):
    assert find_calls_to_action(text) == []


def test_insertion_of_a_spam_product():
    text = "Naproxen eases joint pain, and adding Kamagra makes it work even better."
    (f,) = find_insertions(text, NAMES)
    assert (f.kind, f.text) == ("off_topic_insertion", "Kamagra")


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "Naproxen eases joint pain; many readers also take Garcinia Cambogia daily.",
            "Garcinia Cambogia",
        ),
        ("Naproxen works fast, and our customers love Modafinil for focus.", "Modafinil"),
        ("Take naproxen with food. Finasteride keeps your hair too.", "Finasteride"),
    ],
)
def test_insertion_of_any_product_of_a_spammed_family(text, product):
    (f,) = find_insertions(text, NAMES)
    assert f.text == product and "(" in f.detail


@pytest.mark.parametrize(
    "text",
    [
        # the passage speaks of what the product treats: on topic
        "Naproxen can worsen erectile dysfunction in a few men; sildenafil may then help.",
        # the article drug's own marketing phrase, stuffing rather than another product
        "Try naproxen weight loss pills? Naproxen is not for weight. Naproxen eases pain.",
    ],
)
def test_no_insertion_when_the_product_is_on_topic(text):
    assert find_insertions(text, NAMES) == []


def test_no_insertion_in_an_interaction_list():
    text = "Naproxen interacts with warfarin, aspirin and Cialis."
    assert find_insertions(text, NAMES) == []


def test_translation_calques_fire_and_open_the_gate():
    text = (
        "Take Naproxen not in, if you are allergic against naproxen. "
        "The usual dose is 500 mg at day. Ask your apothecary."
    )
    garble, _ = find_translation_garble(text)
    texts = {f.text for f in garble if f.kind == "mt_garble"}
    assert "allergic against" in texts and "500 mg at day" in texts
    assert "apothecary" in texts  # a false friend, reported once the page shows translation


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Read attentively this leaflet before use.", "Read attentively this"),
        ("Take always the tablets with water.", "Take always the"),
        ("Ask to your pharmacist for advice.", "Ask to your pharmacist"),
        ("Take 2 tablets 3 times to the day.", "3 times to the day"),
        ("It can affect 1 of 10 persons.", "affect 1 of 10"),
        ("The effects undesirable are rare.", "effects undesirable"),
        ("Do not take the comprimés after the expiry date.", "comprimés"),
        ("In rare cases cefalea and nauseas occur.", "cefalea"),
    ],
)
def test_general_translation_patterns_of_many_source_languages(text, found):
    garble, _ = find_translation_garble(text)
    assert any(found in f.text for f in garble if f.kind == "mt_garble")  # neighbours merge


@pytest.mark.parametrize(
    "text",
    [
        "Read this leaflet carefully before you take it.",
        "Take the tablets with water, always at the same time.",
        "Consult your doctor or ask your pharmacist.",
        "Take 2 tablets three times a day.",
        "It can affect up to 1 in 10 people.",
        "Side effects\n\nAdverse effects are rare.",  # a heading, then a sentence
        "Posology and method of administration",  # the SmPC heading is English
        "He hesitated, as the prospect of surgery worried him.",
    ],
)
def test_general_translation_patterns_leave_english_alone(text):
    garble, _ = find_translation_garble(text)
    assert [f for f in garble if f.kind == "mt_garble"] == []


def test_unmistakable_false_friends_count_as_evidence():
    # two kinds of evidence, one lexical: the gate opens and the gated false friend fires
    text = "Avoid the assumption of alcohol. In case of transpiration consult to your medic."
    garble, _ = find_translation_garble(text)
    assert {"assumption of alcohol", "medic"} <= {g for f in garble for g in (f.text, f.text[-5:])}


def test_false_friend_alone_is_not_garble():
    garble, _ = find_translation_garble("Ask your apothecary. The drug was eventually approved.")
    assert garble == []


def test_grammar_is_one_finding_per_sentence():
    garble, _ = find_translation_garble("Patient must to swallow it, he are sure. Fine text.")
    (f,) = [g for g in garble if g.kind == "garbled_grammar"]
    assert f.text == "must to swallow it, he are"


def test_wikipedia_style_sentence_has_no_garble():
    text = (
        "Naproxen was patented in 1967 and approved for medical use in 1976. In 2021 it was "
        "among the most prescribed medications; it is available as a generic medication."
    )
    assert find_translation_garble(text)[0] == []


@pytest.mark.parametrize(
    ("loader", "content", "message"),
    [
        (load_tortured, {"expressions": []}, "missing keys"),
        (
            load_mt_rules,
            {
                "description": "",
                "source": "",
                "gate_min_hits": 2,
                "rare_zipf": 2,
                "mt": [{"id": "x", "pattern": "(", "suggestion": "", "detail": ""}],
                "grammar": [],
            },
            "bad regular expression",
        ),
        (load_promotion_rules, {"description": "", "source": ""}, "missing keys"),
    ],
)
def test_rule_files_fail_in_one_line(tmp_path, loader, content, message):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(RuleDataError, match=message) as err:
        loader(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)


def test_findings_through_the_pipeline(reference):
    text = (
        "# Naproxen guide\n\nCommon side impacts include heartburn. "
        "Grab your naproxen pack today and save 30% with code RELIEF!\n"
    )
    kinds = {f.kind for f in check_text(text, reference=reference).findings}
    assert {"tortured_phrase", "call_to_action"} <= kinds
