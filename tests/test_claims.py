"""claims.py: sentences with exact offsets, the right kind, on real articles and on junk."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.extraction.claims import (
    CLAIM_KINDS_PATH,
    MAX_CLAIM_CHARS,
    ClaimKindsError,
    classify,
    load_claim_kinds,
    split_claims,
)
from annotator.extraction.documents import read_document
from annotator.models import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "baclofen_article.txt"
CORPUS = sorted((SHARED / "corpus").glob("*.txt")) if (SHARED / "corpus").is_dir() else []
needs_shared = pytest.mark.skipif(not SEED.is_file(), reason="../shared not available")


def claims_of(text: str):
    return split_claims(Document(name="t", text=text))


def assert_exact(text: str, claims) -> None:
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.text and claim.text == claim.text.strip()


def test_empty_text_has_no_claims():
    assert claims_of("") == ()
    assert claims_of(" \n\n\t") == ()


def test_ids_indexes_and_paragraphs_in_document_order():
    text = "Baclofen relaxes muscles. It acts centrally.\n\nDrowsiness is common."
    claims = claims_of(text)
    assert [(c.id, c.index, c.paragraph) for c in claims] == [
        ("c001", 0, 0),
        ("c002", 1, 0),
        ("c003", 2, 1),
    ]
    assert [c.text for c in claims] == [
        "Baclofen relaxes muscles.",
        "It acts centrally.",
        "Drowsiness is common.",
    ]


@pytest.mark.parametrize(
    "line,text,kind",
    [
        ("# Baclofen", "Baclofen", "heading"),
        ("### Side effects ###", "Side effects", "heading"),
        ("- Drowsiness is common.", "Drowsiness is common.", "list_item"),
        ("* Drowsiness is common.", "Drowsiness is common.", "list_item"),
        ("1. Drowsiness is common.", "Drowsiness is common.", "list_item"),
        ("  2) Drowsiness is common.", "Drowsiness is common.", "list_item"),
        ("- - Sedation - baclofen is sedating.", "Sedation - baclofen is sedating.", "list_item"),
        ("> Baclofen is a GABA-B agonist.", "Baclofen is a GABA-B agonist.", "statement"),
        ("- Is baclofen addictive?", "Is baclofen addictive?", "question"),
        (
            "- Speak to your doctor before stopping.",
            "Speak to your doctor before stopping.",
            "advice",
        ),
    ],
)
def test_markers_are_not_part_of_the_claim(line, text, kind):
    (claim,) = claims_of(line)
    assert (claim.text, claim.kind) == (text, kind)
    assert_exact(line, [claim])


@pytest.mark.parametrize(
    "sentence,kind",
    [
        ("Exploring this Therapeutic Benefits of Baclofen Medication", "heading"),
        (
            "Addressing Muscle Spasticity with Baclofen: Benefits, Precautions, and Side Effects",
            "heading",
        ),
        ("Medical uses", "heading"),
        ("Dosage:", "lead_in"),
        (
            "Tizanidine can induce dangerously low blood pressures when used in excessive doses",
            "statement",
        ),
        ("Is baclofen safe in pregnancy?", "question"),
        ("Does it work (in most people)?”", "question"),
        ("Talk to your doctor before starting baclofen.", "advice"),
        ("Always consult with a healthcare professional.", "advice"),
        (
            "It is crucial for individuals with MS to speak to their doctor before considering baclofen.",
            "advice",
        ),
        (
            "Regular monitoring by a healthcare professional is necessary to evaluate the effect.",
            "advice",
        ),
        ("Seek medical attention if you have trouble breathing.", "advice"),
        ("Baclofen should be avoided in the setting of chronic kidney disease.", "statement"),
        ("The total daily dose should not exceed 80 mg.", "statement"),
        (
            "In some cases, more serious side effects may occur, requiring medical attention.",
            "statement",
        ),
        ("Gabapentin can only be prescribed following a consultation with a doctor.", "statement"),
    ],
)
def test_kind_of_a_single_line(sentence, kind):
    (claim,) = claims_of(sentence)
    assert claim.kind == kind
    assert claim.checkable is (kind in ("statement", "list_item"))


def test_title_case_line_inside_a_paragraph_is_not_a_heading():
    assert classify("Baclofen Is A Drug", whole_block=False) == "statement"


def test_hard_wrapped_lines_join_into_one_sentence():
    text = "Baclofen is a muscle relaxant that\nacts on the spinal cord. It is\nused for spasticity.\nNext Topic Here"
    claims = claims_of(text)
    assert [c.text for c in claims] == [
        "Baclofen is a muscle relaxant that\nacts on the spinal cord.",
        "It is\nused for spasticity.",
        "Next Topic Here",
    ]
    assert claims[-1].kind == "heading"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("At higher doses it may. Ibuprofen can also worsen asthma.", 2),
        ("Take it every 8 h. Then stop.", 2),
        ("Dr. Smith prescribed 2.5 mg, e.g. at night. It worked.", 2),
        ("See Fig. 3 for details. Done.", 2),
        ("Is it safe? Yes! It is.", 3),
        ("Baclofen works... mostly. Really.", 2),
    ],
)
def test_sentence_boundaries(text, expected):
    claims = claims_of(text)
    assert len(claims) == expected, [c.text for c in claims]
    assert_exact(text, claims)


def test_punctuation_only_piece_joins_the_previous_sentence():
    text = "*It is also worth noting this.*\n\n*Always research.*"
    claims = claims_of(text)
    assert [c.text for c in claims] == ["*It is also worth noting this.*", "*Always research.*"]


@pytest.mark.parametrize("unit", ["a", "word ", "x. ", "#", "- ", "Is it? "])
def test_huge_input_is_chunked_not_quadratic(unit, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_MAX_CLAIMS", "1000000")  # 28,571 questions: over the default
    text = unit * (200_000 // len(unit))
    claims = claims_of(text)
    assert_exact(text, claims)
    assert all(len(c.text) <= MAX_CLAIM_CHARS for c in claims)


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=400))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_never_raises_and_offsets_are_exact(text):
    claims = claims_of(text)
    assert_exact(text, claims)
    assert [c.index for c in claims] == list(range(len(claims)))
    assert all(a.end <= b.start for a, b in itertools.pairwise(claims))


@given(
    st.lists(
        st.sampled_from(
            [
                "Baclofen",
                "is",
                "a",
                "drug",
                ".",
                "?",
                "\n",
                "- ",
                "# ",
                "Dr.",
                "e.g.",
                " ",
                "\n\n",
                "1. ",
                "μg",
                "\u202e",
            ]
        ),
        max_size=60,
    )
)
@settings(max_examples=300, deadline=None)
def test_article_like_text_offsets_are_exact(parts):
    text = "".join(parts)
    assert_exact(text, claims_of(text))


@needs_shared
def test_seed_article_claims():
    doc = read_document(SEED)
    claims = split_claims(doc)
    assert_exact(doc.text, claims)
    assert len(claims) == 55
    assert [c.text for c in claims if c.kind == "heading"] == [
        "Exploring this Therapeutic Benefits of Baclofen Medication",
        "In-Depth Guide to Baclofen's Uses and Potential Adverse Reactions",
        "Exploring the Mechanisms of Action and Risks of Baclofen Therapy",
        "Addressing Muscle Spasticity with Baclofen: Benefits, Precautions, and Side Effects",
        "Exploring Baclofen Therapy for Multiple Sclerosis: Benefits and Risks",
    ]
    history = next(
        c for c in claims if c.text.startswith("It's essential to discuss your medical history")
    )
    assert (history.kind, history.checkable) == ("advice", False)
    peripheral = next(c for c in claims if "peripheral muscle relaxant" in c.text)
    assert (peripheral.kind, peripheral.checkable) == ("statement", True)
    items = [c for c in claims if c.kind == "list_item"]
    assert (
        items[0].text
        == "Common side effects may include drowsiness, lightheadedness, fatigue, and headache."
    )
    # the dev-set labels (tests/devset/seed_labels.csv) mark these 12 as advice
    assert sum(1 for c in claims if c.kind == "advice") == 12


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus not available")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_article_offsets_exact_and_no_empty_claims(path):
    doc = read_document(path)
    claims = split_claims(doc)
    assert len(claims) > 10
    assert_exact(doc.text, claims)
    assert len({c.id for c in claims}) == len(claims)
    if "reviews" in path.name:  # patient reviews: first-person experience, not the article's claims
        assert sum(c.kind == "experience" for c in claims) > len(claims) / 2
    else:
        assert sum(c.checkable for c in claims) > len(claims) / 2


@pytest.mark.parametrize(
    "text, kind",
    [
        ("I took 900 mg at night for a month and slept well.", "experience"),
        ("It gave me terrible headaches at first.", "experience"),
        ("My pharmacist said it is fine to take it with coffee.", "reported"),
        ("I've read that it can be stopped overnight.", "reported"),
        ("Some websites claim it cures arthritis.", "reported"),
        ("Avoid it if you:", "lead_in"),
        ("It is a Schedule I drug in some places.", "statement"),
        ("Patients with type I diabetes should not use it.", "statement"),
        ("We recommend it for back pain.", "statement"),
    ],
)
def test_experience_reported_speech_and_lead_ins_are_kinds_of_their_own(text, kind):
    assert classify(text) == kind


def test_shipped_claim_kinds_load():
    kinds = load_claim_kinds()
    assert kinds.advice and "may" in kinds.split_after and "of" in kinds.minor_words


@pytest.mark.parametrize(
    "change,message",
    [
        (
            lambda d: d.update(extra=1),
            "unknown key 'extra' in top level; must be one of: advice, description, experience, heading, reported, sentences",
        ),
        (
            lambda d: d["heading"].update(max_word=3),
            "unknown key 'max_word' in heading; must be one of:",
        ),
        (lambda d: d["advice"].pop("patterns"), "missing key 'patterns' in advice"),
        (lambda d: d["advice"]["patterns"].insert(0, "(unclosed"), "advice.patterns[0]: missing )"),
        (lambda d: d["heading"].update(max_words="ten"), "heading.max_words must be int"),
    ],
)
def test_claim_kinds_loader_is_strict(tmp_path, change, message):
    data = json.loads(CLAIM_KINDS_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "claim_kinds.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ClaimKindsError) as err:
        load_claim_kinds(path)
    assert str(err.value).startswith("claim_kinds.json: ") and message in str(err.value)


def test_claim_kinds_loader_reports_bad_json(tmp_path):
    path = tmp_path / "claim_kinds.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ClaimKindsError, match=r"^claim_kinds.json: cannot read"):
        load_claim_kinds(path)


@pytest.mark.parametrize(
    "text",
    [
        "Lone \ud800 surrogate. Next.",
        "\x00\x01 nul. Ok?",
        "\u202eReversed text.\u2066",
        "😀 Emoji ok. ☠.",
    ],
)
def test_odd_characters_keep_offsets(text):
    claims = claims_of(text)
    assert claims and all(text[c.start : c.end] == c.text for c in claims)
