"""documents.py: real files of every kind in, one Document or one one-line DocumentError out."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from annotator.extraction.documents import (
    DocumentError,
    document_from_bytes,
    document_from_text,
    iter_input_files,
    max_bytes_limit,
    read_document,
)
from annotator.settings import DEFAULT_MAX_BYTES

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ARTICLE = "Baclofen is a muscle relaxant. It acts on the spinal cord.\nCafé crème, naïve — “quoted” µg ½.\n"


@pytest.mark.parametrize(
    "encoding",
    [
        "utf-8",
        "utf-8-sig",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
        "cp1252",
    ],
)
def test_read_document_decodes_encoding(tmp_path, encoding):
    text = ARTICLE if encoding != "cp1252" else ARTICLE.replace("½", "1/2").replace("µ", "m")
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.text == text
    assert doc.format == "txt"
    assert doc.name == str(path)


def test_latin1_falls_back_to_detection(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Une crème légère à base de baclofène, très efficace.".encode("latin-1"))
    assert read_document(path).text == "Une crème légère à base de baclofène, très efficace."


def test_newlines_normalised_and_invisible_characters_removed(tmp_path):
    path = tmp_path / "web.txt"
    raw = "Bac\u200blofen\u200d is\u202e safe\u2066.\r\nNext\u00a0line.\rLast\u2028one\ufeff."
    path.write_bytes(raw.encode("utf-8"))
    assert read_document(path).text == "Baclofen is safe.\nNext\u00a0line.\nLast\none."


def test_markdown_text_is_kept_as_read(tmp_path):
    path = tmp_path / "a.markdown"
    path.write_text("# Baclofen\n\n- Drowsiness is common.\n", encoding="utf-8")
    doc = read_document(path)
    assert (doc.format, doc.text, doc.source_text) == (
        "md",
        "# Baclofen\n\n- Drowsiness is common.\n",
        None,
    )


HTML = """<!DOCTYPE html><html><head><title>Not visible</title><style>p {color: red}</style></head>
<body><h1>Baclofen   facts</h1><p>Baclofen is a <b>GABA-B</b> agonist.<br>It acts centrally.</p>
<script>document.write("no")</script><noscript>Enable JS</noscript><template><p>hidden</p></template>
<ul><li>Drowsiness</li><li>dizziness &amp; fatigue</li></ul><!-- comment --><div>Outer<div>inner</div></div>
</body></html>"""
# headings and list items keep their role as Markdown markers (a list item reads with its lead-in)
HTML_TEXT = (
    "# Baclofen facts\n\nBaclofen is a GABA-B agonist.\nIt acts centrally.\n\n- Drowsiness\n\n"
    "- dizziness & fatigue\n\nOuter\n\ninner"
)


@pytest.mark.parametrize("suffix", [".html", ".htm", ".page"])
def test_html_visible_text_one_block_per_paragraph(tmp_path, suffix):
    path = tmp_path / f"article{suffix}"
    path.write_text(HTML, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert doc.text == HTML_TEXT
    assert doc.source_text == HTML.replace("\r\n", "\n")


def test_html_nested_ten_thousand_deep_does_not_crash(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>" + "<div>" * 10_000 + "deep text" + "</div>" * 10_000 + "<p>after</p>"
    )
    assert read_document(path).text == "deep text\n\nafter"


def test_html_malformed_keeps_the_words(tmp_path):
    path = tmp_path / "bad.html"
    path.write_text(
        "<html><body><p>Baclofen <b>is <i>a relaxant</p><div><<>>Second</span> block",
        encoding="utf-8",
    )
    text = read_document(path).text
    assert "Baclofen is a relaxant" in text and "Second" in text


def test_unknown_extension_without_markup_is_text(tmp_path):
    path = tmp_path / "notes.log"
    path.write_text("Baclofen < 80 mg per day.", encoding="utf-8")
    assert read_document(path).format == "txt"


@pytest.mark.parametrize(
    "name,content,problem",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\r\n ", "empty file"),
        ("invisible.txt", "\u200b\ufeff\u200e".encode("utf-8"), "empty file"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
            "binary file",
        ),
        ("zeros.txt", bytes(4096), "binary file"),
        ("script.html", b"<html><script>var a = 1;</script></html>", "no visible text"),
    ],
)
def test_unreadable_content_is_one_line_error(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert str(err.value).startswith(f"{path}: ") and problem in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file_and_directory_are_errors(tmp_path):
    with pytest.raises(DocumentError, match=r"nope\.txt: file not found$"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(DocumentError, match="is a directory"):
        read_document(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_permission_is_error(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Baclofen.")
    path.chmod(0)
    with pytest.raises(DocumentError, match="permission denied"):
        read_document(path)


def test_oversized_file_names_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Baclofen is a drug. " * 60)
    with pytest.raises(DocumentError, match="over the 1000 bytes limit"):
        read_document(path, max_bytes=1000)
    assert read_document(path, max_bytes=2000).text.startswith("Baclofen")


def test_size_limit_from_environment(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3000)
    assert max_bytes_limit() == DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    monkeypatch.setenv("ANNOTATOR_MAX_BYTES", "2048")
    assert max_bytes_limit() == 2048
    with pytest.raises(DocumentError, match="2048 bytes limit"):
        read_document(path)


def test_default_limit_is_five_mib(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (DEFAULT_MAX_BYTES + 1))
    with pytest.raises(DocumentError, match="5 MiB"):
        read_document(path)


@pytest.mark.parametrize(
    "upload_name,expected",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\a.md", "a.md"),
        ("", "<upload>"),
        (".hidden.txt", "hidden.txt"),
    ],
)
def test_upload_name_is_only_a_label(upload_name, expected):
    doc = document_from_bytes(b"Baclofen relaxes muscles.", upload_name)
    assert doc.name == expected
    assert doc.text == "Baclofen relaxes muscles."


def test_upload_html_and_size_limit():
    assert document_from_bytes(HTML.encode("utf-16"), "page.html").text == HTML_TEXT
    with pytest.raises(DocumentError, match=r"^big\.txt: file too large"):
        document_from_bytes(b"a" * 100, "dir/big.txt", max_bytes=10)


def test_document_from_text_formats():
    assert document_from_text("Hello.").name == "<text>"
    assert document_from_text(HTML, format="html").text == HTML_TEXT
    with pytest.raises(DocumentError, match="must be one of: html, md, txt"):
        document_from_text("x", format="pdf")


def test_iter_input_files_expands_folders_deterministically(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    for rel in [
        "z.txt",
        "b/two.MD",
        "a/one.html",
        "a/deep/x.htm",
        "a/skip.pdf",
        ".hidden.txt",
        "a/.git.md",
    ]:
        (tmp_path / rel).write_text("Baclofen.")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("Outside.")
    (tmp_path / "link.txt").symlink_to(outside)
    (tmp_path / "inner-link.txt").symlink_to(tmp_path / "z.txt")
    single = tmp_path / "a" / "skip.pdf"
    found = list(iter_input_files([tmp_path, tmp_path / "missing.txt", single]))
    names = [str(p.relative_to(tmp_path)) if isinstance(p, Path) else str(p) for p in found]
    assert names == [
        "a/deep/x.htm",
        "a/one.html",
        "b/two.MD",
        "inner-link.txt",
        "z.txt",
        f"{tmp_path / 'missing.txt'}: file not found",
        "a/skip.pdf",
    ]
    assert isinstance(found[5], DocumentError)


def test_iter_input_files_lists_each_file_once(tmp_path):
    (tmp_path / "a.txt").write_text("Baclofen.")
    assert list(iter_input_files([tmp_path, tmp_path / "a.txt"])) == [tmp_path / "a.txt"]


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="../shared not available")
def test_seed_article_reads_as_text():
    doc = read_document(SHARED / "seed" / "baclofen_article.txt")
    assert doc.format == "txt" and doc.text.startswith("Baclofen acts as a medication")


def test_bom_is_not_part_of_text():
    assert document_from_bytes(codecs.BOM_UTF8 + b"Hi there.", "a.txt").text == "Hi there."


def test_html_falls_back_to_flat_extraction_on_recursion_error(tmp_path, monkeypatch):
    from annotator.extraction import htmltext

    def too_deep(markup):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(htmltext, "_html_to_text_bs4", too_deep)
    path = tmp_path / "a.html"
    path.write_text(HTML, encoding="utf-8")
    assert read_document(path).text == HTML_TEXT.replace("agonist.\nIt", "agonist.\n\nIt")


def test_permission_error_is_one_line(tmp_path, monkeypatch):
    from annotator.extraction import documents

    path = tmp_path / "secret.txt"
    path.write_text("Baclofen.")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(documents, "open_regular", refuse)  # (root may read any file)
    with pytest.raises(DocumentError, match=r"secret\.txt: permission denied$"):
        read_document(path)
