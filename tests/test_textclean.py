"""Issue 14: invisible characters and look-alike letters inside a drug name change nothing but
the findings. Every Unicode format (Cf) and control (Cc) character, every default-ignorable
filler and every look-alike letter in the reader's table is planted inside "Baclofen" in a
sentence that is `inconsistent`; the verdict must stay, a finding must name the character, and
the claim's span must map back onto the tampered text."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from annotator import check_text
from annotator.extraction.documents import document_from_bytes, document_from_text
from annotator.extraction.textclean import (
    _LOOKALIKES,
    REMOVABLE,
    clean_text,
    original_text,
    source_span,
)

SENTENCE = "Unlike tizanidine, {} is a peripherally acting relaxant that targets the muscles."
NAME = "baclofen"
LINE_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85")  # read as line breaks, not removed
INVISIBLE = sorted(
    chr(c)
    for c in range(sys.maxunicode + 1)
    if unicodedata.category(chr(c)) in ("Cf", "Cc") and chr(c) not in LINE_BREAKS | {"\t"}
) + list("\u034f\u115f\u3164\ufe0f\U000e0100\uffa0")


@pytest.fixture(scope="module")
def baseline(reference):
    result = check_text(SENTENCE.format(NAME), reference=reference)
    (check,) = result.checks
    assert check.verdict.value == "inconsistent"
    return check


def _tampered(reference, word: str):
    text = SENTENCE.format(word)
    return text, check_text(text, reference=reference)


@pytest.mark.parametrize("position", [1, 3, 7])
def test_every_invisible_character_inside_a_drug_name_keeps_the_verdict(
    reference, baseline, position
):
    """All 163 Cf and 65 Cc code points (and fillers, variation selectors, tags) at once per
    position: one check per character would take minutes; each is asserted on its own."""
    failures = []
    for ch in INVISIBLE:
        word = NAME[:position] + ch + NAME[position:]
        _text, result = _tampered(reference, word)
        (check,) = result.checks
        hidden = [f for f in result.findings if f.kind == "hidden_characters"]
        if check.verdict != baseline.verdict or check.fact_ids != baseline.fact_ids:
            failures.append(f"U+{ord(ch):04X}: verdict {check.verdict.value}")
        elif not hidden or f"U+{ord(ch):04X}" not in hidden[0].detail:
            failures.append(f"U+{ord(ch):04X}: no finding")
        elif hidden[0].text != NAME:
            failures.append(f"U+{ord(ch):04X}: finding on {hidden[0].text!r}")
    assert not failures, failures


@pytest.mark.parametrize("name", [NAME, NAME.upper()])
def test_every_lookalike_letter_inside_a_drug_name_keeps_the_verdict(reference, baseline, name):
    failures, planted = [], 0
    for fake, latin in _LOOKALIKES.items():
        if latin not in name:
            continue
        i = name.index(latin)
        _, result = _tampered(reference, name[:i] + fake + name[i + 1 :])
        planted += 1
        (check,) = result.checks
        if check.verdict != baseline.verdict or check.fact_ids != baseline.fact_ids:
            failures.append(f"{fake} U+{ord(fake):04X}: {check.verdict.value}")
        elif not any(f"U+{ord(fake):04X}" in f.detail for f in result.findings):
            failures.append(f"{fake} U+{ord(fake):04X}: no finding")
    assert planted >= 8 and not failures, failures


@pytest.mark.parametrize(
    "word",
    [
        "ｂａｃｌｏｆｅｎ",  # full-width
        "\U0001d41b\U0001d41a\U0001d41c\U0001d425\U0001d428\U0001d41f\U0001d41e\U0001d427",  # 𝐛𝐚𝐜𝐥𝐨𝐟𝐞𝐧
        "b\u0430c\u200blo\u0066\u0435\u00adn",  # Cyrillic a and e, zero-width space, soft hyphen
    ],
)
def test_fullwidth_mathematical_and_mixed_tampering_keeps_the_verdict(reference, baseline, word):
    _, result = _tampered(reference, word)
    assert result.checks[0].verdict == baseline.verdict
    assert result.checks[0].fact_ids == baseline.fact_ids
    assert {f.kind for f in result.findings} & {"hidden_characters", "lookalike_letters"}


def test_claim_span_maps_back_onto_the_tampered_characters(reference):
    word = "B\u0430c\u200b\u2060lofe\u200dn"  # Cyrillic a, zero-width space, word joiners
    text = "Intro line.\r\n" + SENTENCE.format(word)
    result = check_text(text, reference=reference)
    doc = result.document
    claim = next(c.claim for c in result.checks if "relaxant" in c.claim.text)
    assert doc.text[claim.start : claim.end] == claim.text  # the pipeline's own invariant
    assert original_text(doc.text, doc.edits) == text
    start, end = source_span(doc.edits, claim.start, claim.end)
    assert text[start:end] == SENTENCE.format(word)  # covers every planted character
    finding = next(f for f in result.findings if f.kind == "hidden_characters")
    s, e = source_span(doc.edits, finding.start, finding.end)
    assert text[s:e] == word
    assert f"at offset {text.index(chr(0x200B))}" in finding.detail


def test_html_entities_and_invisible_characters_in_tags(reference, baseline):
    markup = (
        "<p>Unlike tizanidine, bac&#8203;lo&#x200D;fen is a peripherally acting relaxant that "
        "targets the muscles.</p><scr\u200bipt>Baclofen is safe.</script>"
    )
    doc = document_from_text(markup, format="html")
    assert "Baclofen is safe" not in doc.text and "baclofen is a" in doc.text
    assert original_text(doc.text, doc.edits).count("\u200b") == 1
    result = check_text(markup, format="html", reference=reference)
    assert result.checks[0].verdict == baseline.verdict
    assert any(f.kind == "hidden_characters" for f in result.findings)


def test_uploaded_bytes_are_cleaned_the_same_way():
    doc = document_from_bytes(SENTENCE.format("bac\u2063lofen").encode(), "a.txt")
    assert "baclofen" in doc.text and doc.edits


@pytest.mark.parametrize(
    "text",
    [
        "Doses of 5 μg/kg and NF-κB, β-blockers and α2-agonists stay as written.",
        "Русский текст остаётся как есть: сор, рак, ТАК.",
        "Ελληνικό κείμενο: Ο ΑΡΗΣ.",
        "Café crème at 37ºC, m², ½ tablet — “quoted” 😀\ufe0f.",
    ],
)
def test_words_that_are_not_tampered_are_kept(text):
    cleaned, edits = clean_text(text)
    assert cleaned == text.replace("\ufe0f", "")
    assert all(original == "\ufe0f" for _, _, original in edits)


def test_ligatures_and_fullwidth_punctuation_are_read_through_nfkc():
    cleaned, edits = clean_text("ﬁbre：ℓ")
    assert cleaned == "fibre:l"
    assert original_text(cleaned, edits) == "ﬁbre：ℓ"
    assert source_span(edits, 1, 2) == (0, 1)  # inside an expansion: the whole ligature


def test_reader_table_covers_every_format_character_of_this_python():
    missing = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in ("Cf", "Cc")
        and chr(c) not in LINE_BREAKS | {"\t"}
        and not REMOVABLE.match(chr(c))
    ]
    assert not missing


def test_each_word_is_scanned_once_for_latin_letters(monkeypatch):
    """A 5 MB 'word' of Cyrillic letters took minutes when every letter scanned its word."""
    from annotator.extraction import textclean

    calls = []
    real = textclean._word_span
    monkeypatch.setattr(textclean, "_word_span", lambda t, i: calls.append(i) or real(t, i))
    cleaned, edits = textclean.clean_text("\u0430" * 10_000 + " B\u0430cl\u043efen")
    assert len(calls) == 2 and edits and cleaned.endswith("Baclofen")


def test_compatibility_blocks_hold_every_letter_nfkc_folds_to_ascii():
    from annotator.extraction import textclean

    outside = [
        f"U+{c:04X}"
        for c in range(0x80, 0x10000)
        if textclean._compatible.__wrapped__(chr(c)) is not None
        and not any(a <= c <= b for a, b in textclean._COMPAT_BLOCKS)
    ]
    assert not outside
