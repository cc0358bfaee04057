"""Issue 14, batch side: hostile *inputs to the batch itself* are named errors, never a hang,
an abort or a stray process. Undecodable file names, FIFOs, device files, symlink loops, folders
deeper than PATH_MAX, option-like file names from a glob, a document of too many claims; and
interrupting a `--jobs 2` batch (SIGINT, SIGTERM, SIGKILL of the parent) leaves no worker.

Every CLI run is a subprocess with a timeout, so a regression shows as a failure, not a hang.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from annotator.extraction.documents import DocumentError, document_from_text, iter_input_files
from annotator.outputs.batch import run_batch
from tests.conftest import ROOT

PATIENCE = 120  # seconds before a child counts as hung (not a speed check)
GOOD = "Baclofen is a peripherally acting muscle relaxant.\n"


def _cli(*args, cwd=ROOT, env=None, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *map(os.fsdecode, args)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        input=stdin,
        capture_output=True,
        timeout=PATIENCE,
    )


def _errors(stderr: bytes) -> list[str]:
    return [x for x in stderr.decode("utf-8", "replace").splitlines() if x.startswith("error:")]


@pytest.fixture()
def folder(tmp_path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a_good.txt").write_text(GOOD)
    return root


def test_undecodable_file_name_is_a_named_error_and_the_batch_completes(folder, tmp_path):
    with open(os.path.join(os.fsencode(folder), b"b_caf\xe9.txt"), "wb") as fh:
        fh.write(GOOD.encode())
    run = _cli("batch", folder, "--out", tmp_path / "r.csv")
    (line,) = _errors(run.stderr)
    assert "b_caf\\xe9.txt" in line and "not valid UTF-8" in line
    assert run.returncode == 1 and "a_good.txt" in (tmp_path / "r.csv").read_text()


def test_resume_finishes_a_batch_with_a_bad_file_name(folder, tmp_path):
    with open(os.path.join(os.fsencode(folder), b"0_bad\xff.txt"), "wb") as fh:
        fh.write(GOOD.encode())
    (folder / "c_more.txt").write_text(GOOD)
    out, seen = tmp_path / "r.csv", []

    def stop_after_two():
        seen.append(1)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([folder], out, on_document=stop_after_two)
    assert not out.exists()
    errors: list[str] = []
    summary = run_batch([folder], out, resume=True, on_error=errors.append)
    assert summary.resumed == 2 and summary.documents == 2 and out.exists()
    assert len(summary.failures) == 1 and "0_bad\\xff.txt" in summary.failures[0]


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/null"])
def test_fifos_and_devices_are_named_errors_not_a_hang(folder, tmp_path, kind):
    if kind == "fifo":
        path = folder / "pipe.txt"
        os.mkfifo(path)  # nobody ever writes to it: opening it for reading would block
    else:
        path = Path(kind)
    run = _cli("batch", path, folder / "a_good.txt", "--out", tmp_path / "r.csv")
    (line,) = _errors(run.stderr)
    assert str(path) in line and "not a regular file" in line
    assert "a_good.txt" in (tmp_path / "r.csv").read_text()


def test_fifo_inside_a_folder_is_named_and_skipped(folder, tmp_path):
    os.mkfifo(folder / "pipe.txt")
    run = _cli("batch", folder, "--out", tmp_path / "r.csv", "--resume")
    (line,) = _errors(run.stderr)
    assert "pipe.txt" in line and "named pipe" in line


def test_symlink_loops_are_named_errors(folder, tmp_path):
    (folder / "loop.txt").symlink_to("loop.txt")  # a file link to itself
    (folder / "x.txt").symlink_to("y.txt")
    (folder / "y.txt").symlink_to("x.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")  # a folder cycle: not entered
    found = list(iter_input_files([folder, folder / "loop.txt"]))
    errors = [str(x) for x in found if isinstance(x, DocumentError)]
    assert [p.name for p in found if isinstance(p, Path)] == ["a_good.txt"]
    assert len(errors) == 4 and all("symlink loop" in e for e in errors), errors
    run = _cli("batch", folder, "--out", tmp_path / "r.csv")
    assert len(_errors(run.stderr)) == 3 and "a_good.txt" in (tmp_path / "r.csv").read_text()


def _deep(root: Path, levels: int, name: str = "dd") -> None:
    """`levels` nested folders and an article at the bottom, made with folder descriptors (the
    full path is longer than PATH_MAX, so it cannot be named in one call)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        article = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(article, GOOD.encode())
        os.close(article)
    finally:
        os.close(fd)


def _remove_deep(top: Path, name: str = "dd") -> None:
    """rmtree recurses once per level; lift the chain up one level at a time instead."""
    n = 0
    while (top / name / name).exists():
        os.rename(top / name / name, top / f"up{n}")
        (top / name / "deep.txt").unlink(missing_ok=True)
        os.rmdir(top / name)
        os.rename(top / f"up{n}", top / name)
        n += 1


def test_very_deep_folders_are_read_or_named_never_an_abort(folder, tmp_path):
    (folder / "1k").mkdir()
    (folder / "2k").mkdir()
    _deep(folder / "1k", 1000)  # a 3,000-character path: read
    _deep(folder / "2k", 2000)  # 6,000 characters, over PATH_MAX (4,096): named
    try:
        found = list(iter_input_files([folder]))
        readable = [p for p in found if isinstance(p, Path)]
        named = [str(e) for e in found if isinstance(e, DocumentError)]
        assert [p.name for p in readable] == ["deep.txt", "a_good.txt"]
        assert len(named) == 1 and "path too long" in named[0] and len(named[0]) < 700, named
        run = _cli("batch", folder, "--out", tmp_path / "r.csv")
        assert len(_errors(run.stderr)) == 1, run.stderr
        assert (tmp_path / "r.csv").read_text().count(",c001,") == 2
    finally:
        _remove_deep(folder / "1k")
        _remove_deep(folder / "2k")


@pytest.mark.parametrize("how", ["after --", "from a glob"])
def test_a_file_named_like_an_option_is_read_as_a_file(folder, tmp_path, how):
    trap = folder / "--out=stolen.csv"
    trap.write_text(GOOD)
    report = tmp_path / "report.csv"
    if how == "after --":
        args = ["batch", "--out", report, "--", trap.name, "a_good.txt"]
    else:  # what `annotator batch --out report.csv *` becomes in a shell
        args = ["batch", "--out", report, *sorted(p.name for p in folder.iterdir())]
    run = _cli(*args, cwd=folder)
    assert run.returncode == 0, run.stderr
    assert not (folder / "stolen.csv").exists()
    assert report.read_text().count(",c001,") == 2  # both files were checked


def test_a_document_over_the_claims_cap_is_a_named_error(folder, tmp_path):
    (folder / "b_long.txt").write_text("Baclofen is a muscle relaxant. " * 50)
    run = _cli("batch", folder, "--out", tmp_path / "r.csv", env={"ANNOTATOR_MAX_CLAIMS": "20"})
    (line,) = _errors(run.stderr)
    assert "b_long.txt" in line and "too many claims" in line and "ANNOTATOR_MAX_CLAIMS" in line
    assert "a_good.txt" in (tmp_path / "r.csv").read_text()


def test_size_limit_applies_to_text_and_stdin(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_MAX_BYTES", "100")
    with pytest.raises(DocumentError, match="too large"):
        document_from_text(GOOD * 5)
    run = _cli("check", "-", stdin=(GOOD * 5).encode(), env={"ANNOTATOR_MAX_BYTES": "100"})
    assert run.returncode == 1 and b"too large" in run.stderr and b"Traceback" not in run.stderr
    ok = _cli("check", "-", "--format", "csv", stdin=GOOD.encode())
    assert ok.returncode == 0 and b"inconsistent" in ok.stdout


def _workers(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_parallel_batch_leaves_no_worker(tmp_path, sig):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(15):
        for sample in sorted((ROOT / "claims").iterdir()):
            (inputs / f"{i:02d}_{sample.name}").write_bytes(sample.read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator.cli", "batch", str(inputs), "--jobs", "2"]
        + ["--out", str(tmp_path / "r.csv")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a signal to the parent alone, as `kill PID` sends it
    )
    try:
        deadline = time.monotonic() + PATIENCE
        while len(_workers(proc.pid)) < 2 or not Path(f"{tmp_path}/r.csv.partial").exists():
            assert proc.poll() is None and time.monotonic() < deadline, "batch never started"
            time.sleep(0.05)
        workers = _workers(proc.pid)
        proc.send_signal(sig)
        proc.wait(timeout=PATIENCE)
        deadline = time.monotonic() + 30
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(workers), f"orphan workers after {sig.name}"
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in _alive(_workers(proc.pid)):
            p.kill()
    if sig != signal.SIGKILL:  # an orderly stop: the work done is kept for --resume
        assert proc.returncode in (130, 143) and Path(f"{tmp_path}/r.csv.progress").exists()
