"""Helpers for the label import and curation tests: a private copy of the shipped table, the
real `annotator` command run in-process, and label variants (a newer version, another set id,
a repackager copy) made from the hand-written fixtures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from annotator.cli.main import main
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "labels"
RX, OTC = FIXTURES / "tiny_rx.xml", FIXTURES / "tiny_otc.xml"
RX_SET = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
LABELS = ROOT.parent / "shared" / "datasets" / "labels"


def notes_copy(tmp_path: Path) -> Path:
    """The shipped reference_notes/, copied so a test can import into it."""
    dest = tmp_path / "reference_notes"
    shutil.copytree(ROOT / "reference_notes", dest)
    return dest


def cli(*args: str, ok: bool = True):
    """Run `annotator ARGS` in-process; by default the command must succeed."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    if ok and result.exit_code != 0:
        raise AssertionError(f"exit {result.exit_code}: {result.output}")
    return result


def variant(tmp_path: Path, name: str, source: Path = RX, **changes: str) -> Path:
    """A copy of a fixture label with text replaced (`old=new` pairs given as a dict via
    `replace`), and optionally another version, set id, labeler or operations."""
    text = source.read_text(encoding="utf-8")
    for old, new in changes.pop("replace", {}).items():  # type: ignore[union-attr]
        assert old in text, old
        text = text.replace(old, new)
    if "version" in changes:
        text = re.sub(
            r'<versionNumber value="\d+"/>', f'<versionNumber value="{changes["version"]}"/>', text
        )
    if "set_id" in changes:
        text = re.sub(r'<setId root="[^"]+"/>', f'<setId root="{changes["set_id"]}"/>', text)
    if "effective" in changes:
        text = text.replace(
            '<effectiveTime value="20240102"/>', f'<effectiveTime value="{changes["effective"]}"/>'
        )
    if "labeler" in changes:
        text = text.replace("<name>Example Pharma</name>", f"<name>{changes['labeler']}</name>")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported_rows(notes: Path) -> dict[str, dict]:
    import csv

    out = {}
    for path in sorted((notes / "imported").glob("*.csv")):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            out[row["fact_id"]] = row
    return out
