"""The real CLI on real files: formats, batch reports, exit codes, determinism."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys

import pytest

from annotator.outputs.reports import FINDING_COLUMNS, REPORT_COLUMNS
from tests.conftest import ROOT, SEED

DESIGN_REPORT_COLUMNS = (
    "document claim_id start end text verdict drug attribute fact_ids "
    "reference suggestion sources severity negated hedged"
).split()
DESIGN_FINDING_COLUMNS = "document start end kind text detail suggestion".split()


def run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_report_columns_include_the_design_contract():
    assert list(REPORT_COLUMNS[: len(DESIGN_REPORT_COLUMNS)]) == DESIGN_REPORT_COLUMNS
    assert list(FINDING_COLUMNS[: len(DESIGN_FINDING_COLUMNS)]) == DESIGN_FINDING_COLUMNS


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_check_prints_each_format(fmt):
    out = run("check", "claims/tizanidine_guide.md", "--format", fmt)
    assert out.returncode == 0, out.stderr
    if fmt == "json":
        data = json.loads(out.stdout)
        assert data["focus_drug"] == "tizanidine"
        assert data["counts"]["inconsistent"] >= 2
    elif fmt == "csv":
        rows = list(csv.DictReader(out.stdout.splitlines()))
        assert rows and set(DESIGN_REPORT_COLUMNS) <= set(rows[0])
    else:
        assert "WRONG inconsistent" in out.stdout


def test_check_missing_file_is_one_line_error():
    out = run("check", "claims/no_such_file.txt")
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0 and "no_such_file.txt" in out.stderr
    assert "Traceback" not in out.stderr


def test_usage_error_exits_2():
    assert run("batch", "claims/").returncode == 2  # --out missing
    assert run("check", "x.txt", "--format", "pdf").returncode == 2


def test_batch_reports_every_claim_with_offsets(tmp_path):
    out, findings = tmp_path / "report.csv", tmp_path / "findings.csv"
    result = run("batch", "claims/", "--out", str(out), "--findings", str(findings))
    assert result.returncode == 0, result.stderr
    assert "4 documents" in result.stderr and "0 failed" in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["document"] for r in rows} == {
        "claims/baclofen_spun.txt",
        "claims/naproxen_guide.md",
        "claims/sertraline_faq.html",
        "claims/tizanidine_guide.md",
    }
    for row in rows:
        if row["document"].endswith(".txt"):
            text = (ROOT / row["document"]).read_text(encoding="utf-8")
            assert text[int(row["start"]) : int(row["end"])] == row["text"]
    flagged = [r for r in rows if r["verdict"] == "inconsistent"]
    assert flagged and all(r["fact_ids"] and r["sources"] for r in flagged)
    kinds = {r["kind"] for r in csv.DictReader(findings.open(encoding="utf-8"))}
    assert {"spin_artifact", "misspelled_drug", "omitted_safety_information"} <= kinds


def test_batch_is_deterministic(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run("batch", "claims/", "--out", str(a)).returncode == 0
    assert run("batch", "claims/", "--out", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_batch_names_bad_inputs_and_reports_the_rest(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "claims" / "baclofen_spun.txt", docs / "good.txt")
    (docs / "empty.txt").write_text("   \n")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02 PK\x03\x04" * 50)
    out = tmp_path / "report.csv"
    result = run("batch", str(docs), str(tmp_path / "missing.md"), "--out", str(out))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt" in e for e in errors) and any("binary.txt" in e for e in errors)
    assert any("missing.md" in e for e in errors)
    assert "Traceback" not in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {r["document"] for r in rows} == {str(docs / "good.txt")}


def test_batch_neutralises_spreadsheet_formulas(tmp_path):
    doc = tmp_path / "evil.txt"
    doc.write_text(
        '=HYPERLINK("http://x","click") baclofen is a benzodiazepine.\n'
        "@SUM(1+1) Baclofen causes drowsiness.\n"
    )
    out = tmp_path / "report.csv"
    assert run("batch", str(doc), "--out", str(out)).returncode == 0
    for row in csv.DictReader(out.open(encoding="utf-8")):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is not present")
def test_check_seed_json_offsets(tmp_path):
    out = run("check", str(SEED), "--format", "json")
    data = json.loads(out.stdout)
    text = SEED.read_text(encoding="utf-8")
    for claim in data["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]
    verdicts = [c["verdict"] for c in data["claims"]]
    assert verdicts.count("inconsistent") >= 2
