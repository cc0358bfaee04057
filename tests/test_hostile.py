"""Hostile input through every door: the batch CLI, the check CLI, the Python API, uploads.

The corpus (tests/hostile.py) is generated into tmp_path: binary files, NUL and control bytes,
empty and over-size files, BOMs, UTF-16/32, cp1252, invalid UTF-8, zero-width and bidi
characters, a 5 MB single sentence, 10k-deep and malformed HTML, a newline in a file name, a
formula as a file name, and symlinks out of the folder. Every bad file must give one
`error: <file>: <problem>` line, every good one report rows, and nothing a traceback.
Timings are in benchmarks/hostile_timing.py (tests assert behaviour, not speed).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import check_file
from annotator.cli.main import main
from annotator.extraction.documents import DocumentError, document_from_bytes, iter_input_files
from tests.conftest import ROOT
from tests.hostile import BAD, CASES, GOOD, UPLOAD_NAMES, write_corpus

GOOD_ARTICLES = ("claims/baclofen_spun.txt", "claims/tizanidine_guide.md")
SLOW_TO_CHECK = {"huge_one_sentence.txt"}  # checked once, in the batch run


def _label(name: str) -> str:
    """How DocumentError prints a name: whitespace (newlines) collapsed to single spaces."""
    return " ".join(name.split())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = write_corpus(tmp_path_factory.mktemp("hostile") / "in")
    for article in GOOD_ARTICLES:
        (folder / Path(article).name).write_bytes((ROOT / article).read_bytes())
    return folder


@pytest.fixture(scope="module")
def batch_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile-out")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator.cli",
            "batch",
            str(corpus),
            "--out",
            str(out / "report.csv"),
            "--findings",
            str(out / "findings.csv"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    with open(out / "report.csv", newline="", encoding="utf-8") as fh:
        report = list(csv.DictReader(fh))
    with open(out / "findings.csv", newline="", encoding="utf-8") as fh:
        findings = list(csv.DictReader(fh))
    return proc, report, findings


def test_batch_over_hostile_corpus_exits_1_without_traceback(batch_run):
    proc, _, _ = batch_run
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr + proc.stdout


def test_batch_names_every_bad_file_in_one_error_line(batch_run, corpus):
    proc, _, _ = batch_run
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    expected = {f"error: {_label(str(corpus / c.name))}: " for c in BAD}
    assert len(errors) == len(BAD)
    for case in BAD:
        prefix = f"error: {_label(str(corpus / case.name))}: "
        line = next((e for e in errors if e.startswith(prefix)), None)
        assert line is not None, f"no error line for {case.name!r}: {errors}"
        assert case.problem in line
    assert {e[: e.index(": ", 7) + 2] for e in errors} == expected
    # the summary line is the only other line on stderr
    assert [line for line in proc.stderr.splitlines() if not line.startswith("error: ")] == [
        proc.stderr.strip().splitlines()[-1]
    ]


def test_batch_reports_every_good_file_with_rows(batch_run, corpus):
    _, report, findings = batch_run
    per_doc = Counter(row["document"] for row in report)
    expected = {str(corpus / c.name) for c in GOOD} | {
        str(corpus / Path(a).name) for a in GOOD_ARTICLES
    }
    assert set(per_doc) == expected
    assert per_doc[str(corpus / "huge_one_sentence.txt")] > 1000  # cut into bounded claims
    assert {row["document"] for row in findings} <= expected


def test_batch_never_follows_symlinks_out_of_the_folder(batch_run, corpus):
    _, report, _ = batch_run
    documents = {Path(row["document"]).name for row in report}
    assert not documents & {"escape.txt", "passwd.txt", "secret.txt", ".hidden.txt"}
    assert not any("/loop/" in row["document"] for row in report)  # symlinked folder not entered
    assert "Outside text" not in "".join(row["text"] for row in report)


def test_walking_the_folder_lists_no_link_target_outside_it(corpus):
    listed = [p for p in iter_input_files([corpus]) if isinstance(p, Path)]
    assert all(p.resolve().is_relative_to(corpus.resolve()) for p in listed)
    assert len(listed) == len(CASES) + len(GOOD_ARTICLES)


def test_report_offsets_point_at_the_text_read(batch_run, corpus):
    _, report, _ = batch_run
    texts = {}
    for row in report:
        name = row["document"]
        if name not in texts:
            case = next((c for c in CASES if str(corpus / c.name) == name), None)
            data = case.data if case else Path(name).read_bytes()
            texts[name] = document_from_bytes(data, Path(name).name).text
        start, end, cell = int(row["start"]), int(row["end"]), row["text"]
        expected = texts[name][start:end]
        # csvsafe prefixes a formula-like cell with a quote; otherwise the cell is exact
        assert cell in (expected, "'" + expected)


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.name)
def test_check_cli_gives_one_line_error_for_each_bad_file(case, corpus):
    result = CliRunner().invoke(main, ["check", str(corpus / case.name)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # not an escaped exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and case.problem in lines[0]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.name)
def test_api_raises_document_error_for_each_bad_file(case, corpus):
    with pytest.raises(DocumentError) as err:
        check_file(corpus / case.name)
    assert case.problem in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(DocumentError, match=case.problem):
        document_from_bytes(case.data, case.name)


@pytest.mark.parametrize(
    "case", [c for c in GOOD if c.name not in SLOW_TO_CHECK], ids=lambda c: c.name
)
def test_api_and_check_cli_read_each_good_file(case, corpus):
    result = check_file(corpus / case.name)
    assert case.expect in result.document.text and result.checks
    for check in result.checks:
        assert result.document.text[check.claim.start : check.claim.end] == check.claim.text
    run = CliRunner().invoke(main, ["check", str(corpus / case.name), "--format", "csv"])
    assert run.exit_code == 0, run.output
    assert len(list(csv.DictReader(run.output.splitlines()))) == len(result.checks)


def test_huge_sentence_is_read_whole(corpus):
    doc = document_from_bytes((corpus / "huge_one_sentence.txt").read_bytes(), "huge.txt")
    assert len(doc.text) == 5_000_000 and "\n" not in doc.text


@pytest.mark.parametrize("name", UPLOAD_NAMES)
def test_upload_names_become_plain_labels(name):
    doc = document_from_bytes(b"Baclofen is a muscle relaxant.", name)
    assert doc.name and not doc.name.startswith((".", " "))
    assert not set(doc.name) & set("/\\\x00\n\r\t\u202e")
    assert ".." not in doc.name


@pytest.mark.parametrize("name", UPLOAD_NAMES)
def test_upload_errors_are_one_line_for_hostile_names(name):
    with pytest.raises(DocumentError) as err:
        document_from_bytes(b"\x00\x01\x02binary", name)
    assert "\n" not in str(err.value) and "/" not in err.value.name


def test_check_cli_refuses_a_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would block forever
    result = CliRunner().invoke(main, ["check", str(fifo)])
    assert result.exit_code == 1 and "not a regular file" in result.output
    assert [p for p in iter_input_files([tmp_path]) if isinstance(p, Path)] == []


def test_upload_over_the_configured_limit_is_refused(monkeypatch):
    monkeypatch.setenv("ANNOTATOR_MAX_BYTES", "1000")
    with pytest.raises(DocumentError, match="file too large: 1001 bytes, limit 1000 bytes"):
        document_from_bytes(b"a" * 1001, "big.txt")
    assert document_from_bytes(b"Baclofen. " * 100, "ok.txt").text


def test_pipeline_accepts_a_paragraph_as_long_as_the_largest_file(reference):
    """Regression: a 5 MB one-paragraph file crashed with spaCy's E088 (max_length 2,000,000)."""
    from annotator.extraction.documents import max_bytes_limit
    from annotator.extraction.nlp import get_pipeline

    assert get_pipeline(reference)[0].max_length >= max_bytes_limit()
