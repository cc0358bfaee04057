"""Stage 1: read files (txt, md, html) into `Document` records.

Why it is careful: inputs are scraped or pasted articles from anywhere (legacy Windows
encodings, UTF-16 exports, HTML with scripts, zero-width and bidi characters pasted from the
web), and a reviewer must get one clear line per bad file, never a traceback. Every offset later
in the pipeline points into `Document.text`, so all cleaning happens here, once; what cleaning
changed is kept in `Document.edits` (extraction/textclean.py), so a span can still be mapped back
to the text as written and the hidden characters become findings.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator import settings
from annotator.errors import AnnotatorError
from annotator.extraction.htmltext import html_to_text
from annotator.extraction.textclean import REMOVABLE, clean_text
from annotator.models import Document

SUFFIX_FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # many of them: a binary file
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_ONLY = re.compile("(?:[^\ud800-\udfff]|[\udc80-\udcff])*")  # surrogateescape bytes
MAX_CLAIMS_ENV = "ANNOTATOR_MAX_CLAIMS"
DEFAULT_MAX_CLAIMS = settings.DEFAULT_MAX_CLAIMS
_TAG = re.compile(r"<[^<>]*>")
_HTML_START = re.compile(
    r"\s*(<!doctype\s+html|<!--|<(html|head|body|div|p|h[1-6]|article|section|table|ul|ol|span|a|br)\b)",
    re.IGNORECASE,
)


class DocumentError(AnnotatorError, ValueError):
    """A file that cannot be read as a document. str() is one line: '<name>: <problem>'.
    A file name that is not valid UTF-8 is shown with its bytes escaped ("caf\\xe9.txt")."""

    def __init__(self, name: object, problem: str):
        self.name = " ".join(printable_name(name).split()) or "<unnamed>"
        if len(self.name) > 600:  # a path nested thousands of folders deep: its two ends
            self.name = f"{self.name[:200]}...{self.name[-300:]}"
        self.problem = " ".join(problem.split())
        super().__init__(f"{self.name}: {self.problem}")


def printable_name(name: object) -> str:
    """A path as text that can be written anywhere: the undecodable bytes of a file name
    (kept by Python as lone surrogates, which no UTF-8 report can hold) become \\xNN."""
    text = os.fsdecode(name) if isinstance(name, bytes) else str(name)
    if not _SURROGATE.search(text):
        return text
    raw = text.encode("utf-8", "surrogateescape" if _ESCAPED_ONLY.fullmatch(text) else "replace")
    return raw.decode("utf-8", "backslashreplace")


def max_claims_limit() -> int:
    """Claims one document may have (annotator.settings: $ANNOTATOR_MAX_CLAIMS, else 5,000)."""
    return settings.max_claims()


def max_bytes_limit() -> int:
    """The size limit in force (annotator.settings: $ANNOTATOR_MAX_BYTES, else 5 MiB)."""
    return settings.max_bytes()


def _describe(limit: int) -> str:
    return f"{limit // 1048576} MiB" if limit % 1048576 == 0 else f"{limit} bytes"


def _utf16_or_32(data: bytes) -> str | None:
    """Which BOM-less UTF-16/32 the NUL bytes point to: mostly-Latin text in UTF-16 has a zero
    in every other byte, in UTF-32 three zeros in every four."""
    n = len(data)
    if n < 4 or n % 2 or data.count(0) < n // 3:
        return None
    zero = [data[i::4].count(0) * 10 >= len(data[i::4]) * 9 for i in range(4)]
    if n % 4 == 0 and zero[1] and zero[2]:
        return "utf-32-le" if zero[3] else "utf-32-be" if zero[0] else None
    if zero[1] and zero[3]:
        return "utf-16-le"
    return "utf-16-be" if zero[0] and zero[2] else None


def _decode(data: bytes, name: str) -> str:
    """Bytes to str: BOM, then BOM-less UTF-16/32, then strict UTF-8, then charset-normalizer
    for legacy encodings. NUL or control bytes left after decoding mean a binary file."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise DocumentError(
                    name, f"not valid {encoding} text despite its byte-order mark"
                ) from None
    text = None
    if b"\x00" in data and (wide := _utf16_or_32(data)):
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode(wide)
    if text is None and b"\x00" not in data:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    if text is None or "\x00" in text or len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise DocumentError(name, "binary file: contains NUL or control bytes, not text")
    return text


def _decode_legacy(data: bytes) -> str | None:
    """charset-normalizer's guess, except that Windows-1252 wins a tie: short Western text
    decodes equally well as cp1250 or cp1257, and cp1252 is by far the likeliest."""
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    for match in results:
        if match.encoding == "cp1252" and match.chaos <= best.chaos:
            return str(match)
    return str(best)


def _clean_markup(markup: str) -> str:
    """Markup before parsing: lone surrogates (possible only in a str from the API) become
    U+FFFD, and invisible characters inside tags go, so "<scr\u200bipt>" is still a script.
    Invisible characters in the text itself are removed from the visible text, with edits."""
    markup = _SURROGATE.sub("\ufffd", markup)
    return _TAG.sub(lambda m: REMOVABLE.sub("", m.group()), markup)


def _sniff_format(name: str, text: str) -> str:
    fmt = SUFFIX_FORMATS.get(Path(name).suffix.lower())
    if fmt:
        return fmt
    return "html" if _HTML_START.match(text[:2048]) else "txt"


def _make_document(name: str, text: str, fmt: str) -> Document:
    if fmt == "html":
        markup = _clean_markup(text)
        if not clean_text(markup)[0].strip():
            raise DocumentError(name, "empty file: no text")
        visible, edits = clean_text(html_to_text(markup))
        if not visible.strip():
            raise DocumentError(name, "HTML has no visible text")
        return Document(name=name, text=visible, format="html", source_text=markup, edits=edits)
    cleaned, edits = clean_text(text)
    if not cleaned.strip():
        raise DocumentError(name, "empty file: no text")
    return Document(name=name, text=cleaned, format=fmt, edits=edits)


def document_from_text(text: str, name: str = "<text>", format: str = "txt") -> Document:
    """A Document from a str already in memory (pasted text, tests); the size limit holds."""
    if format not in ("txt", "md", "html"):
        raise DocumentError(name, f"unknown format {format!r}; must be one of: html, md, txt")
    limit = max_bytes_limit()
    if len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
        raise DocumentError(name, f"text too large: over the {_describe(limit)} limit")
    return _make_document(name, text, format)


def _upload_name(name: str) -> str:
    """An upload's file name is a label only: keep the last path part, drop control chars."""
    base = re.split(r"[\\/]", str(name))[-1]
    base = " ".join(REMOVABLE.sub("", base).split()).lstrip(". ")
    return base or "<upload>"  # (split/join: a newline in a label could forge a log line)


def document_from_bytes(data: bytes, name: str, max_bytes: int | None = None) -> Document:
    """A Document from uploaded bytes; `name` only labels it and picks the format."""
    name = _upload_name(name)
    limit = max_bytes or max_bytes_limit()
    if len(data) > limit:
        raise DocumentError(name, f"file too large: {len(data)} bytes, limit {_describe(limit)}")
    if not data.strip():
        raise DocumentError(name, "empty file: no text")
    text = _decode(bytes(data), name)
    return _make_document(name, text, _sniff_format(name, text))


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    return "a socket" if stat.S_ISSOCK(mode) else "not a file"


def _os_problem(exc: OSError | RuntimeError) -> str:
    """One phrase for why a path could not be used (RuntimeError: pathlib's symlink loop)."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, RuntimeError) or code == errno.ELOOP:
        return "symlink loop: the link points back to itself"
    if code == errno.ENAMETOOLONG:
        return "path too long for the system (folders nested too deep)"
    if code == errno.ENOENT:
        return "file not found"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}" if isinstance(exc, OSError) else str(exc)


def open_regular(path: str | os.PathLike) -> int:
    """A descriptor of a regular file, opened without blocking (a FIFO would wait for a
    writer) and checked on the descriptor itself (no swap between a check and the open);
    ValueError names what else the path is."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise ValueError("is a directory, not a file")
        raise ValueError(f"not a regular file: {_file_kind(mode)}")
    return fd


def read_document(path: str | os.PathLike, *, max_bytes: int | None = None) -> Document:
    """Read one file; `max_bytes` defaults to $ANNOTATOR_MAX_BYTES or 5 MiB. Opened without
    blocking and checked on the open descriptor: a FIFO or a device (/dev/zero) put in a
    file's place is refused, never waited on or read forever."""
    path, name = Path(path), str(path)
    limit = max_bytes or max_bytes_limit()
    try:
        fd = open_regular(path)
    except OSError as exc:
        raise DocumentError(name, _os_problem(exc)) from None
    except ValueError as exc:
        raise DocumentError(name, str(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)  # never read more than the limit of a huge file
        except OSError as exc:
            raise DocumentError(name, _os_problem(exc)) from None
    if len(data) > limit:
        raise DocumentError(name, f"file too large: over the {_describe(limit)} limit")
    if not data.strip():
        raise DocumentError(name, "empty file: no text")
    text = _decode(data, name)
    return _make_document(name, text, _sniff_format(name, text))


def _walk(root: Path) -> Iterator[Path | DocumentError]:
    """Article files under a folder in path order, hidden names skipped, symlinks kept inside
    the folder (symlinked folders are not entered: no loops). Explicit stack: no depth limit.
    What cannot be used (a symlink loop, a FIFO, a folder nested past PATH_MAX, an unreadable
    folder) is named in the stream and the walk goes on."""
    real_root = Path(os.path.realpath(root))
    stack = [iter([root])]
    while stack:
        path = next(stack[-1], None)
        if path is None:
            stack.pop()
            continue
        if path is not root and path.name.startswith("."):
            continue
        article, listing = path.suffix.lower() in SUFFIX_FORMATS, False
        try:
            if path.is_symlink():
                if not article:
                    continue  # a folder link is never entered; other names are not articles
                target = path.resolve()
                if not target.is_relative_to(real_root) or target.is_dir():
                    continue
                if not target.exists():
                    continue  # a broken link: nothing there
            elif path.is_dir():
                listing = True
                stack.append(iter(sorted(Path(e.path) for e in os.scandir(path))))
                continue
            if not article:
                continue
            mode = path.stat().st_mode
        except (OSError, RuntimeError) as exc:
            where = "cannot list folder: " if listing else ""
            yield DocumentError(path, where + _os_problem(exc))
            continue
        if stat.S_ISREG(mode):
            yield path
        else:
            yield DocumentError(path, f"not a regular file: {_file_kind(mode)}")


def _argument(raw: str | os.PathLike) -> Iterator[Path | DocumentError]:
    """One command-line path: a folder's articles, the file itself, or why not."""
    path = Path(raw)
    try:
        mode = path.stat().st_mode
    except (OSError, RuntimeError) as exc:
        yield DocumentError(raw, _os_problem(exc))
        return
    if stat.S_ISDIR(mode):
        yield from _walk(path)
    elif stat.S_ISREG(mode):
        yield path
    else:
        yield DocumentError(raw, f"not a regular file: {_file_kind(mode)}")


def iter_input_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | DocumentError]:
    """Expand files and folders into article files, in a deterministic order; a path that
    cannot be used (missing, a FIFO or device, a symlink loop, too deep, a name that is not
    valid UTF-8) becomes a DocumentError in the stream and the others are still listed."""
    seen: set[Path] = set()
    for raw in paths:
        for item in _argument(raw):
            if isinstance(item, Path):
                if _SURROGATE.search(str(item)):
                    item = DocumentError(item, "file name is not valid UTF-8: rename the file")
                else:
                    key = item.absolute()
                    if key in seen:
                        continue
                    seen.add(key)
            yield item
