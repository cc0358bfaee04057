"""Property-based tests over the whole pipeline (check_text), run in CI.

Properties, for any text: check_text never raises except the one-line DocumentError for text
with nothing visible in it; every claim, finding and mention points at exactly the text it
reports (`document.text[start:end]`); mentions lie inside their claim; the same text gives the
same rows twice. The vocabulary for the "article-like" strategy comes from reference_notes/
(no drug names in Python).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator import check_text
from annotator.extraction.documents import DocumentError
from annotator.extraction.textclean import REMOVABLE
from annotator.knowledge.loader import load_reference
from annotator.outputs.reports import finding_rows, report_rows
from tests.conftest import ROOT

REFERENCE = load_reference(ROOT / "reference_notes")
NAMES = (
    sorted(REFERENCE.drug_names)[:80]
    + sorted({n for t in REFERENCE.terms.values() for n in t.names})[:120]
)
GLUE = [
    "is",
    "a",
    "not",
    "may",
    "cause",
    "used",
    "to",
    "treat",
    "and",
    "or",
    "It",
    "The",
    "10 mg",
    "three times daily",
    "80 mg/day",
    "/",
    "a/represents/functions as",
    "|",
    "{",
    "}",
    ".",
    ",",
    ";",
    "?",
    "!",
    ":",
    "(",
    ")",
    '"',
    "'",
    "-",
    "–",
    "\n",
    "\n\n",
    "# ",
    "- ",
    "1. ",
    "> ",
    "e.g.",
    "Dr.",
    "GABA",
    "(GABA)",
    "\u200b",
    "\u202e",
    "\t",
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=400)
article_like = st.lists(st.sampled_from(NAMES + GLUE), max_size=60).map(" ".join)
html_tag = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<br>",
        "<b>",
        "</i>",
        "<li>",
        "<h2>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<",
        ">",
        "&amp;",
        "&lt;",
        "&#x200b;",
        "<style>",
        "<a href='x>",
        "<![CDATA[",
        "]]>",
    ]
)
htmlish = st.lists(st.one_of(html_tag, st.sampled_from(NAMES + GLUE)), max_size=60).map("".join)


def _visible(text: str) -> bool:
    # invisible: the reader's own list (format, control and ignorable characters)
    return bool(re.sub(r"\s", "", REMOVABLE.sub("", text)))


def _check(text: str, fmt: str = "txt"):
    try:
        return check_text(text, reference=REFERENCE, format=fmt)
    except DocumentError as exc:  # the one allowed failure: nothing to read
        assert "\n" not in str(exc)
        assert fmt == "html" or not _visible(text), f"refused visible text: {exc}"
        return None


def _assert_offsets(result) -> None:
    text = result.document.text
    for check in result.checks:
        claim = check.claim
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        for m in check.mentions:
            assert claim.start <= m.start <= m.end <= claim.end, (m, claim)
            assert text[m.start : m.end] == m.text
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text, f


@SETTINGS
@given(any_text)
def test_any_unicode_text_never_raises_and_offsets_are_exact(text):
    result = _check(text)
    if result is not None:
        _assert_offsets(result)


@SETTINGS
@given(article_like)
def test_article_like_text_never_raises_and_offsets_are_exact(text):
    result = _check(text)
    if result is not None:
        _assert_offsets(result)


@SETTINGS
@given(htmlish)
def test_html_like_text_never_raises_and_offsets_are_exact(text):
    result = _check(text, "html")
    if result is not None:
        _assert_offsets(result)


@SETTINGS
@given(article_like)
def test_same_text_twice_gives_the_same_rows(text):
    first, second = _check(text), _check(text)
    if first is None:
        assert second is None
        return
    assert report_rows(first) == report_rows(second)
    assert finding_rows(first) == finding_rows(second)


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\u200b\u202e", "\ufeff\t"])
def test_text_without_visible_characters_is_a_one_line_error(text):
    with pytest.raises(DocumentError, match="empty"):
        check_text(text, reference=REFERENCE)


@pytest.mark.parametrize("text", ["\ud800", "Baclofen \udfff is a relaxant.", "\ud83d\ude00 x"])
def test_lone_surrogates_are_replaced_not_a_crash(text):
    """Regression: a lone surrogate in API text crashed spaCy (UnicodeEncodeError)."""
    result = check_text(text, reference=REFERENCE)
    assert len(result.document.text) == len(text) and "\ufffd" in result.document.text
    _assert_offsets(result)


MARKUP = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        '<a href="javascript:x">',
        '"><svg onload=alert(3)>',
        "</span>",
        "<!--",
        "&lt;script&gt;",
        "'",
        '"',
        "&",
    ]
)


@SETTINGS
@given(st.lists(st.one_of(MARKUP, st.sampled_from(NAMES + GLUE)), max_size=40).map(" ".join))
def test_review_page_escapes_every_piece_of_document_text(text):
    """The app shows documents as HTML (annotator.app.render.document_html): markup in an article must
    arrive as text, never as elements or attributes."""
    from annotator.app.render import document_html

    result = _check(text)
    if result is None:
        return
    page = document_html(result, result.checks[0].claim.id if result.checks else None)
    tags = _Tags()
    tags.feed(page)
    assert tags.names <= {"div", "span"}, tags.names
    assert not [a for a in tags.attributes if a.startswith("on") or a == "href"], tags.attributes
    assert "<!--" not in page


class _Tags(HTMLParser):
    """The elements and attribute names a browser would see in rendered HTML."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)
