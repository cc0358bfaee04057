"""spin.py: every unrendered spin group of the seed, exact spans, no finding on legitimate slashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.knowledge.datafiles import DATA_DIR
from annotator.qa.spin import (
    SPIN_RULES_PATH,
    SpinRulesError,
    find_spin,
    load_spin_rules,
    load_synonyms,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "baclofen_article.txt"
CORPUS = sorted((SHARED / "corpus").glob("*.txt")) if (SHARED / "corpus").is_dir() else []
SYNONYMS = DATA_DIR / "sample_synonyms.csv"
needs_shared = pytest.mark.skipif(not SEED.is_file(), reason="../shared not available")

# Every slash group of the seed's spun section, counted by hand: 27 groups, 54 slashes.
SEED_GROUPS = [
    "a/represents/functions as",
    "utilized to/employed for/administered in",
    "involves/characterizes/manifests as",
    "resulting from/caused by/stemming from",
    "like/such as/including",
    "by/through/via",
    "interfering with/acting on/modulating",
    "that/which/responsible for",
    "For many/A significant portion of/Numerous",
    "offers/provides/delivers",
    "noticeable/meaningful/substantial",
    "It can/May/Has the potential to",
    "enhance/increase/boost",
    "it is/It's essential to note that/It is crucial to be aware of",
    "associated with/linked to/connected to",
    "dizziness/lightheadedness/vertigo",
    "severe/serious/significant",
    "such as/including/comprising",
    "Prior to/Before/In advance of",
    "imperative to/crucial to/essential to",
    "individual needs/specific circumstances/unique situation",
    "determine/evaluate/assess",
    "provide/offer/give",
    "safely/effectively/appropriately",
    "It is/It's recommended to/Patients should be advised to",
    "closely monitor/carefully observe/attentively track",
    "report/notify/communicate",
]


def slash_groups(findings):
    return [f for f in findings if f.kind == "spin_artifact" and "/" in f.text]


@needs_shared
def test_seed_has_exactly_27_spin_groups_with_exact_spans():
    text = SEED.read_text(encoding="utf-8")
    assert text.count("/") == 54 == sum(g.count("/") for g in SEED_GROUPS)
    groups = slash_groups(find_spin(text))
    assert [g.text for g in groups] == SEED_GROUPS
    for g in groups:
        assert text[g.start : g.end] == g.text


@needs_shared
@pytest.mark.parametrize(
    ("group", "detail", "suggestion"),
    [
        ("a/represents/functions as", "alternatives: a | represents | functions as", "a"),
        (
            "It can/May/Has the potential to",
            "alternatives: It can | May | Has the potential to",
            "It can",
        ),
        ("like/such as/including", "alternatives: like | such as | including", "like"),
    ],
)
def test_spin_group_lists_alternatives_and_suggests_the_first(group, detail, suggestion):
    found = {f.text: f for f in find_spin(SEED.read_text(encoding="utf-8"))}
    assert found[group].detail == detail
    assert found[group].suggestion == suggestion


@needs_shared
def test_seed_heading_template_debris_this_for_the():
    text = SEED.read_text(encoding="utf-8")
    debris = [f for f in find_spin(text) if "/" not in f.text]
    assert len(debris) == 1
    assert debris[0].text == "this" and debris[0].suggestion == "the"
    assert text[debris[0].start - 10 : debris[0].end + 12] == "Exploring this Therapeutic"


@needs_shared
def test_spin_drift_only_where_alternatives_differ_in_meaning():
    text = SEED.read_text(encoding="utf-8")
    drift = [f for f in find_spin(text, load_synonyms(SYNONYMS)) if f.kind == "spin_drift"]
    assert [f.text for f in drift] == ["dizziness/lightheadedness/vertigo"]
    assert "vertigo (ae:vertigo)" in drift[0].detail
    assert "dizziness / lightheadedness (ae:dizziness)" in drift[0].detail


def test_synonymous_alternatives_do_not_drift():
    syn = {
        "drowsiness": "ae:drowsiness",
        "sleepiness": "ae:drowsiness",
        "somnolence": "ae:drowsiness",
    }
    found = find_spin("It may cause drowsiness/sleepiness/somnolence in some.", syn)
    assert [f.kind for f in found] == ["spin_artifact"]


@pytest.mark.parametrize(
    "text",
    [
        "Take 5 mg/kg and/or 10 mg/day; clearance below 30 mL/min needs care.",
        "A GABA-B agonist. N/A. Open 24/7. On 1/2/2024 take 1/2 tablet.",
        "See https://example.com/wiki/a/b and /usr/lib/x/y or C:\\data\\x.txt.",
        "Use a 10% w/v solution; 5-HT/NE reuptake; SSRI/SNRI/TCA classes.",
        "He/she should ask his/her doctor or his or her pharmacist.",
        "Dosing was 2 mcg/kg/min and 20 mg/kg/day, levels 15 ng/mL.",
        "physical/psychological dependence and when/where to use it",
        "josikinzz/dosewiki@34b24637f534:drug-info-articles/Tizanidine/WIKIPEDIA",
    ],
)
def test_legitimate_slashes_are_not_spin(text):
    assert find_spin(text) == []


@needs_shared
@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_real_articles_have_no_spin_findings(path):
    assert find_spin(path.read_text(encoding="utf-8")) == []


def test_spintax_braces_are_one_group():
    text = "Baclofen {It can|It may|It might} relax muscles."
    (f,) = find_spin(text)
    assert f.text == "{It can|It may|It might}" and f.suggestion == "It can"


def test_two_alternatives_with_a_capital_mid_sentence_are_spin_from_the_clause_start():
    (f,) = find_spin("Baclofen can/May improve mobility.")
    assert f.text == "Baclofen can/May"
    assert f.detail == "alternatives: Baclofen can | May"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Cd/|{}.,\n'-1")), max_size=120))
def test_find_spin_never_raises_and_spans_are_exact(text):
    for f in find_spin(text, {"ab": "x", "cd": "y"}):
        assert text[f.start : f.end] == f.text


def test_rules_loader_rejects_unknown_keys(tmp_path):
    data = json.loads(SPIN_RULES_PATH.read_text(encoding="utf-8"))
    data["colour"] = 1
    bad = tmp_path / "spin_rules.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SpinRulesError, match=r"spin_rules.json: unknown keys \['colour'\]"):
        load_spin_rules(bad)


def test_rules_loader_rejects_a_bad_regex(tmp_path):
    data = json.loads(SPIN_RULES_PATH.read_text(encoding="utf-8"))
    data["debris"][0]["pattern"] = "(unclosed"
    bad = tmp_path / "spin_rules.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SpinRulesError, match=r"debris\[0\]: bad regular expression"):
        load_spin_rules(bad)


def test_synonym_loader_needs_term_id_and_names(tmp_path):
    bad = tmp_path / "terms.csv"
    bad.write_text("id,label\nx,y\n", encoding="utf-8")
    with pytest.raises(SpinRulesError, match=r"terms.csv:1: header must have"):
        load_synonyms(bad)
