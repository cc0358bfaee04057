"""A corpus of hostile input files, generated on demand (no binary junk in git).

Each case is the bytes of one file and what the reader must make of it: a one-line problem
(`problem` is a fragment of the expected message) or a document with rows (`problem is None`,
`expect` a fragment of the text the reader must recover). Used by tests/test_hostile.py and
benchmarks/hostile_timing.py:

    python -m tests.hostile /tmp/hostile     # write the corpus into a folder to try by hand
"""

from __future__ import annotations

import codecs
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.settings import DEFAULT_MAX_BYTES

SENTENCE = "Baclofen is a centrally acting muscle relaxant used to treat spasticity."
LEGACY = "Baclofen’s café-style “tablets” – taken with food – are a muscle relaxant."
# Words for the 5 MB "sentence": varied (no doubled words), long (fewer tokens), no full stop.
FILLER = (
    "pharmacokinetic",
    "considerations",
    "notwithstanding",
    "intermittently",
    "administered",
    "formulations",
    "occasionally",
    "accompany",
    "unremarkable",
    "laboratory",
    "measurements",
    "throughout",
    "prolonged",
    "observation",
)
HUGE_SENTENCE_BYTES = 5_000_000
DEEP = 10_000


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    problem: str | None = None  # fragment of the one-line error; None: a readable document
    expect: str = ""  # fragment of Document.text a readable case must contain

    @property
    def data(self) -> bytes:
        return self.make()


def _huge_sentence() -> bytes:
    words, size, i = ["Baclofen", "is", "a", "muscle", "relaxant", "and"], 0, 0
    size = sum(len(w) + 1 for w in words)
    while size < HUGE_SENTENCE_BYTES:
        word = FILLER[i % len(FILLER)]
        words.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(words).encode("ascii")[:HUGE_SENTENCE_BYTES]


def _binary() -> bytes:
    rng = random.Random(6)
    return b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4096))


def _nested(opening: str, closing: str, depth: int = DEEP) -> bytes:
    return (opening * depth + f"<p>{SENTENCE}</p>" + closing * depth).encode()


CASES: tuple[Case, ...] = (
    # -- unreadable: one line each ----------------------------------------------------------
    Case("binary.txt", _binary, "binary file"),
    Case(
        "nul_bytes.txt",
        lambda: SENTENCE.encode() + b"\x00\x00\x00" + SENTENCE.encode(),
        "binary file",
    ),
    Case(
        "control_chars.txt",
        lambda: (SENTENCE + "\x01\x02\x03\x04\x05\x06\x07\x08").encode() * 3,
        "binary file",
    ),
    Case("empty.txt", lambda: b"", "empty file"),
    Case("blank.md", lambda: b" \n\t\r\n  \r ", "empty file"),
    Case(
        "invisible_only.txt", lambda: ("\u200b\u200d\u202e\u2066\ufeff" * 50).encode(), "empty file"
    ),
    Case("too_large.txt", lambda: b"a " * (DEFAULT_MAX_BYTES // 2 + 1), "file too large"),
    Case(
        "bad_utf8_after_bom.txt",
        lambda: codecs.BOM_UTF8 + b"Baclofen \xff\xfe\xc3(",
        "not valid utf-8 text despite its byte-order mark",
    ),
    Case(
        "truncated_utf16.txt",
        lambda: codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le")[:-1],
        "not valid utf-16-le text despite its byte-order mark",
    ),
    Case(
        "no_visible_text.html",
        lambda: (
            b"<html><head><title>t</title></head><body><script>alert(1)</script>"
            b"<style>p{}</style></body></html>"
        ),
        "HTML has no visible text",
    ),
    Case("bad\nname\r.txt", lambda: b"", "empty file"),  # newline in the name: still one line
    # -- readable: a correct result ---------------------------------------------------------
    Case("utf8_bom.txt", lambda: codecs.BOM_UTF8 + SENTENCE.encode(), expect=SENTENCE),
    Case(
        "utf16_le_bom.txt",
        lambda: codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"),
        expect=SENTENCE,
    ),
    Case("utf16_be_no_bom.txt", lambda: SENTENCE.encode("utf-16-be"), expect=SENTENCE),
    Case(
        "utf32_le_bom.txt",
        lambda: codecs.BOM_UTF32_LE + SENTENCE.encode("utf-32-le"),
        expect=SENTENCE,
    ),
    Case("cp1252.txt", lambda: (LEGACY + " " + SENTENCE).encode("cp1252"), expect=LEGACY),
    Case(
        "invalid_utf8_latin1.txt",
        lambda: ("Die Tablette enthält Baclofen. " + SENTENCE).encode("latin-1"),
        expect="enthält",
    ),
    Case(
        "zero_width_bidi.txt",
        lambda: (
            "Bac\u200blofen is a cen\u200dtrally acting \u202emuscle relaxant\u202c used "
            "to treat spasti\u2066city\u2069.\ufeff".encode()
        ),
        expect=SENTENCE,
    ),
    Case(
        "crlf_and_separators.txt",
        lambda: f"{SENTENCE}\r\n\r\nIt may cause drowsiness.\u2028{SENTENCE}\rEnd.".encode(),
        expect="It may cause drowsiness.",
    ),
    Case("huge_one_sentence.txt", _huge_sentence, expect="Baclofen is a muscle relaxant"),
    Case("deep_closed.html", lambda: _nested("<div>", "</div>"), expect=SENTENCE),
    Case("deep_unclosed.html", lambda: _nested("<div><span>", ""), expect=SENTENCE),
    Case("deep_inline.html", lambda: _nested("<b><i>", "</i></b>"), expect=SENTENCE),
    Case(
        "malformed.html",
        lambda: (
            f"<p>{SENTENCE}</div></span><<>><p <a href='x>lost<b><i>Tizanidine is an "
            "alpha-2 agonist.</p><!-- unclosed comment".encode()
        ),
        expect=SENTENCE,
    ),
    Case(
        "script_heavy.html",
        lambda: (
            b"<html><body><script>"
            + b"var x = '<p>';" * 5000
            + b"</script><p>"
            + SENTENCE.encode()
            + b"</p></body></html>"
        ),
        expect=SENTENCE,
    ),
    Case("=HYPERLINK(evil).txt", lambda: SENTENCE.encode(), expect=SENTENCE),  # name: a formula
)

BAD = tuple(c for c in CASES if c.problem)
GOOD = tuple(c for c in CASES if not c.problem)

# Upload names that try to escape or hide: document_from_bytes keeps only a safe label.
UPLOAD_NAMES = (
    "../../etc/passwd",
    "C:\\x\\y.txt",
    ".hidden",
    "a/../../b.md",
    "nul\x00byte.txt",
    "new\nline.txt",
    "..",
    "/",
    "",
    "\u202etxt.exe",
    "....//....//x.html",
)


def write_corpus(directory: str | os.PathLike, cases: tuple[Case, ...] = CASES) -> Path:
    """Write every case as a file in `directory`, plus a symlink that points out of it, a
    symlinked folder loop and a hidden file; return the folder."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    for case in cases:
        (folder / case.name).write_bytes(case.data)
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("Outside text that a walk must never read.\n")
    for link, target in (
        ("escape.txt", outside / "secret.txt"),
        ("loop", folder),
        ("passwd.txt", Path("/etc/passwd")),
    ):
        if not (folder / link).is_symlink():
            (folder / link).symlink_to(target)
    (folder / ".hidden.txt").write_text("Hidden files are skipped.\n")
    return folder


if __name__ == "__main__":  # pragma: no cover
    target = write_corpus(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    print(f"wrote {len(CASES)} files to {target}")
