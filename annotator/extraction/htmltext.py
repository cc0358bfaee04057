"""HTML to visible text: one block element per paragraph, list and heading roles kept.

Why a module of its own: the reader (documents.py) only decides *that* a file is HTML; how a
page becomes the text a reader sees (scripts and styles dropped, blocks as paragraphs, table
rows as lines, a regex fallback for trees too deep for Python's stack) is a job of its own.
"""

from __future__ import annotations

import html as html_lib
import re

_MARKERS = {"li": "- ", "td": " | ", "th": " | ", **{f"h{i}": "# " for i in range(1, 7)}}
_DROP_TAGS = ("script", "style", "noscript", "template", "head")
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tr",
        "ul",
    ]
)


def html_to_text(markup: str) -> str:
    """Visible text, one block element per paragraph (blank line between blocks, a line break
    for <br>), so headings and list items stay sentences of their own. Headings and list items
    keep their role as Markdown markers ("# ", "- "), as a browser shows a bullet: a list item
    takes its meaning from its lead-in ("Do not take it if you:" ... "- are pregnant"). A table
    row is one line of "| "-separated cells, read with the table's header row."""
    try:
        return _html_to_text_bs4(markup)
    except RecursionError:  # a parser/tree too deep for Python's stack: keep the words
        return _html_to_text_flat(markup)


def _html_to_text_bs4(markup: str) -> str:
    """Walk the tree with an explicit stack (no recursion, no tree edits: inserting markers into
    a 10k-deep tree made bs4 quadratic), emitting paragraph breaks at block starts and ends."""
    from bs4 import BeautifulSoup, NavigableString, Tag
    from bs4.element import CData

    soup = BeautifulSoup(markup, "lxml")
    pieces: list[str] = []
    stack: list[object] = [soup]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            pieces.append(node)  # a break pushed when its element was entered
        elif isinstance(node, Tag):
            if node.name in _DROP_TAGS:
                continue
            edge = "\n" if node.name == "br" else "\n\n" if node.name in _BLOCK_TAGS else ""
            pieces.append((edge + _MARKERS.get(node.name, "")) if node.name != "br" else "")
            stack.append(edge)
            stack.extend(reversed(node.contents))
        elif type(node) in (NavigableString, CData):
            pieces.append(re.sub(r"\s+", " ", str(node)))
    return _tidy("".join(pieces))


def _html_to_text_flat(markup: str) -> str:
    """No tree: drop invisible elements and tags with regular expressions (linear, no stack)."""
    drop = "|".join(_DROP_TAGS)
    markup = re.sub(rf"<({drop})\b.*?</\1\s*>", " ", markup, flags=re.IGNORECASE | re.DOTALL)
    markup = re.sub(r"<!--.*?-->", " ", markup, flags=re.DOTALL)
    blocks = "|".join(sorted(_BLOCK_TAGS))
    markup = markup.replace("\ue000", "")
    for tag, marker in _MARKERS.items():  # the same role markers as the tree walk
        markup = re.sub(rf"<{tag}\b[^>]*>", "\ue000" + marker, markup, flags=re.IGNORECASE)
    markup = re.sub(rf"</?(?:{blocks})\b[^>]*>", "\ue000", markup, flags=re.IGNORECASE)
    parts = (
        " ".join(html_lib.unescape(re.sub(r"<[^>]*>", "", p)).split())
        for p in markup.split("\ue000")
    )
    return _tidy("\n\n".join(parts))


def _tidy(text: str) -> str:
    text = text.replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
