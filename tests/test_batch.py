"""Batch at scale: the real CLI on real files; same bytes for --jobs 2, after a kill -9 and
--resume, and twice in a row; a bad file among good ones is named and the rest reported."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.outputs.batch import run_batch
from tests.conftest import ROOT, corpus_files

HAND_WRITTEN = {
    "a_tizanidine.md": "# Tizanidine\n\nTizanidine is a centrally acting muscle relaxant.\n\n"
    "- It is an alpha-2 adrenergic agonist.\n",
    "b_baclofen.txt": "Baclofen is a peripheral muscle relaxant. It is safe to stop abruptly.\n",
    "c_page.html": "<html><body><h1>Gabapentin</h1><p>Gabapentin is an anticonvulsant.</p>"
    "<p>Is it addictive?</p></body></html>",
}


def run(*args, cwd=ROOT, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        **kwargs,
    )


def articles() -> list[tuple[str, str]]:
    """claims/ samples and, when present, the shared corpus (its '# source:' line skipped)."""
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "claims").iterdir())]
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        out.append((path.name, text.split("\n", 1)[1] if text.startswith("# source:") else text))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Real articles and hand-written files: enough documents to interrupt a run half way."""
    root = tmp_path_factory.mktemp("corpus")
    for name, text in HAND_WRITTEN.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "orig").mkdir()
    for name, text in articles():
        (root / "orig" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def plain(corpus, tmp_path_factory) -> tuple[bytes, bytes]:
    """report.csv and findings.csv of an uninterrupted single-process CLI run."""
    out = tmp_path_factory.mktemp("plain")
    result = run("batch", corpus, "--out", out / "r.csv", "--findings", out / "f.csv")
    assert result.returncode == 0, result.stderr
    return (out / "r.csv").read_bytes(), (out / "f.csv").read_bytes()


def test_batch_reports_every_document_with_a_summary_line(corpus, plain):
    rows = list(csv.DictReader(plain[0].decode().splitlines()))
    documents = {r["document"] for r in rows}
    assert len(documents) == len(list(corpus.rglob("*.*")))
    assert {"inconsistent", "consistent", "not_checkable"} <= {r["verdict"] for r in rows}


def test_two_processes_write_the_same_bytes_as_one(corpus, plain, tmp_path):
    result = run(
        "batch", corpus, "--out", tmp_path / "r.csv", "--findings", tmp_path / "f.csv", "--jobs", 2
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r.csv").read_bytes() == plain[0]
    assert (tmp_path / "f.csv").read_bytes() == plain[1]
    # a summary line, and no progress bar when stderr is not a terminal
    assert result.stderr.strip().count("\n") == 0
    assert "documents" in result.stderr and "claims" in result.stderr and "failed" in result.stderr
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("*.progress"))


@pytest.fixture(scope="module")
def long_corpus(corpus, tmp_path_factory) -> Path:
    """The corpus plus numbered variants of the hand-written files: long enough to kill a run
    half way with or without ../shared beside the repository."""
    root = tmp_path_factory.mktemp("long")
    for path in sorted(p for p in corpus.rglob("*.*") if p.is_file()):
        target = root / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    (root / "variants").mkdir()
    samples = sorted((ROOT / "claims").iterdir())  # article-sized: seconds for the whole set
    for i in range(15):
        for path in samples:
            text = path.read_text(encoding="utf-8")
            if path.suffix != ".html":  # a note at the end makes each copy its own document
                text += f"\n\nNote {i}: baclofen is taken {i + 1} times in this copy.\n"
            else:
                text = text.replace("</body>", f"<p>Note {i}: copy {i + 1}.</p></body>")
            (root / "variants" / f"{i:02d}-{path.name}").write_text(text, encoding="utf-8")
    return root


def test_resume_after_kill_9_writes_the_same_bytes(long_corpus, tmp_path):
    corpus = long_corpus
    whole = tmp_path / "whole"
    whole.mkdir()
    done = run("batch", corpus, "--out", whole / "r.csv", "--findings", whole / "f.csv")
    assert done.returncode == 0, done.stderr
    plain = (whole / "r.csv").read_bytes(), (whole / "f.csv").read_bytes()
    out, findings = tmp_path / "r.csv", tmp_path / "f.csv"
    journal = Path(f"{out}.progress")
    cmd = [
        sys.executable,
        "-m",
        "annotator.cli",
        "batch",
        str(corpus),
        "--out",
        str(out),
        "--findings",
        str(findings),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if journal.exists() and journal.read_text().count("\n") >= 3:  # header + 2 docs
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    assert not out.exists() and Path(f"{out}.partial").exists()
    result = run("batch", corpus, "--out", out, "--findings", findings, "--resume")
    assert result.returncode == 0, result.stderr
    assert "resumed" in result.stderr
    assert out.read_bytes() == plain[0]
    assert findings.read_bytes() == plain[1]
    assert not journal.exists()


def _interrupt_after(n: int):
    seen = []

    def on_document():
        seen.append(1)
        if len(seen) == n:
            raise KeyboardInterrupt

    return on_document


@pytest.mark.parametrize("edit", ["none", "changed_file", "torn_journal", "other_outputs"])
def test_resume_keeps_only_documents_still_the_same(corpus, tmp_path, edit):
    """In process: interrupt after 4 documents, change things, resume; the result equals a
    fresh run over the inputs as they are now (a changed document is checked again)."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "claims", docs)
    for name, text in HAND_WRITTEN.items():
        (docs / name).write_text(text, encoding="utf-8")
    out = tmp_path / "r.csv"
    with pytest.raises(KeyboardInterrupt):
        run_batch([docs], out, on_document=_interrupt_after(4))
    journal = Path(f"{out}.progress")
    assert not out.exists() and journal.read_text().count("\n") == 5
    if edit == "changed_file":
        second = sorted(docs.iterdir())[1]
        second.write_text("Baclofen is a benzodiazepine.\n", encoding="utf-8")
    elif edit == "torn_journal":
        journal.write_bytes(journal.read_bytes()[:-7])  # a line cut by the kill
    summary = run_batch(
        [docs], out, tmp_path / "f.csv" if edit == "other_outputs" else None, resume=True
    )
    expected = {"none": 4, "changed_file": 1, "torn_journal": 3, "other_outputs": 0}[edit]
    assert summary.resumed == expected
    fresh = tmp_path / "fresh.csv"
    run_batch([docs], fresh)
    assert out.read_bytes() == fresh.read_bytes()


def test_bad_files_are_named_and_the_rest_reported(corpus, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in HAND_WRITTEN.items():
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "b_empty.txt").write_text("  \n", encoding="utf-8")
    missing = tmp_path / "missing.md"
    result = run("batch", docs, missing, "--out", tmp_path / "r.csv", "--jobs", 2)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("b_empty.txt" in e and "empty" in e for e in errors)
    assert any("missing.md" in e and "not found" in e for e in errors)
    assert "Traceback" not in result.stderr
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert {Path(r["document"]).name for r in rows} == set(HAND_WRITTEN)


def test_batch_is_deterministic(corpus, plain, tmp_path):
    """This process (another hash seed than the CLI's) writes the CLI run's bytes."""
    run_batch([corpus], tmp_path / "r.csv", tmp_path / "f.csv")
    assert (tmp_path / "r.csv").read_bytes() == plain[0]
    assert (tmp_path / "f.csv").read_bytes() == plain[1]


@pytest.mark.parametrize(
    "args",
    [
        ["--jobs", "0"],
        ["--scheduler", "tcp://127.0.0.1:8786"],  # needs --engine dask
        ["--engine", "spark"],
    ],
)
def test_usage_errors_exit_2(args, tmp_path):
    from click.testing import CliRunner

    from annotator.cli.main import main

    result = CliRunner().invoke(main, ["batch", "claims/", "--out", str(tmp_path / "r.csv"), *args])
    assert result.exit_code == 2, result.output
