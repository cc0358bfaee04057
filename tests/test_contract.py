"""The code-data contract (annotator/knowledge/contract.py): every cue id and term id the code
names is listed, every listed id exists in the shipped data, and a missing one is reported by
the loaders in one line per id (issue 10, item 7)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from annotator.knowledge.contract import CUES, TERMS
from annotator.knowledge.datafiles import DATA_DIR, RuleDataError, load_cues
from annotator.knowledge.loader import validate
from annotator.pipeline import rule_data_problems

ROOT = Path(__file__).resolve().parents[1]
CODE = [p for p in (ROOT / "annotator").rglob("*.py") if "labels" not in p.parts]
# `cues.get("treats")`, `"treats" in r.cues`, `cues["boxed"]`
CUE_USE = re.compile(
    r"""cues(?:\.get)?\(\s*["']([a-z_]+)["']|["']([a-z_]+)["']\s+(?:not\s+)?in\s+(?:r\.)?cues|cues\[\s*["']([a-z_]+)["']\]"""
)
TERM_ID = re.compile(
    r"""["']((?:action|target|class|site|cond|ae|warn|withdrawal|elim|ctrl|substance|pop|prod|grade|pregcat|milk|measure|dir|effect):[a-z_0-9]+)["']"""
)


def _code_without_docstrings(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"""[\s\S]*?"""', "", text)
    return re.sub(r"#[^\n]*", "", text)  # comments name ids as examples


def test_every_cue_id_the_code_names_is_in_the_contract():
    named = {
        next(g for g in m.groups() if g)
        for p in CODE
        for m in CUE_USE.finditer(_code_without_docstrings(p))
    }
    assert named and named <= set(CUES), sorted(named - set(CUES))


def test_every_term_id_the_code_names_is_in_the_contract():
    named = {
        m.group(1)
        for p in CODE
        if p.name != "contract.py"
        for m in TERM_ID.finditer(_code_without_docstrings(p))
        if not m.group(1).startswith("cue:")
    }
    assert named <= set(TERMS), sorted(named - set(TERMS))


def test_the_shipped_data_keeps_the_contract():
    assert validate(ROOT / "reference_notes") == []
    assert rule_data_problems() == []
    assert set(CUES) <= set(load_cues())


def test_a_missing_cue_is_one_line_naming_file_and_id(tmp_path):
    cues = tmp_path / "cues.csv"
    text = (DATA_DIR / "cues.csv").read_text(encoding="utf-8")
    cues.write_text("\n".join(x for x in text.splitlines() if not x.startswith("boxed,")))
    with pytest.raises(RuleDataError, match=r"cues.csv:1: missing cue 'boxed' \(the code relies"):
        load_cues(cues)


def test_a_missing_term_is_reported_by_notes_validate(tmp_path):
    notes = tmp_path / "notes"
    shutil.copytree(ROOT / "reference_notes", notes)
    terms = notes / "terms.csv"
    lines = terms.read_text(encoding="utf-8").splitlines()
    terms.write_text("\n".join(x for x in lines if not x.startswith("target:transmitter,")) + "\n")
    problems = validate(notes)
    assert any("missing term 'target:transmitter'" in p for p in problems), problems


def test_a_malformed_context_rule_file_is_a_one_line_error(tmp_path):
    from annotator.extraction.context import load_rules

    bad = tmp_path / "context.json"
    bad.write_text("{not json")
    with pytest.raises(RuleDataError, match=r"context.json: cannot read context rules"):
        load_rules(bad)
