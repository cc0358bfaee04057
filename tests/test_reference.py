"""The shipped reference table is valid, and the validator reports every problem at once."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from annotator.cli.main import main
from annotator.knowledge.loader import load_reference, validate
from annotator.knowledge.schema import ATTRIBUTES
from tests.conftest import ROOT


def test_shipped_table_is_valid():
    assert validate(ROOT / "reference_notes") == []


def test_shipped_table_covers_all_ten_drugs_with_sources(reference):
    drugs = {
        "baclofen",
        "tizanidine",
        "cyclobenzaprine",
        "methocarbamol",
        "carisoprodol",
        "dantrolene",
        "gabapentin",
        "sertraline",
        "metformin",
        "ibuprofen",
    }
    assert drugs <= reference.drugs_with_notes
    for drug in drugs:
        attributes = {f.attribute for f in reference.facts if f.drug == drug}
        assert {"drug_class", "indication", "adverse_effect", "max_daily_dose"} <= attributes, drug
    assert all(f.source_id in reference.sources and f.locator for f in reference.facts)


def test_every_attribute_in_the_data_dictionary_is_documented():
    readme = (ROOT / "reference_notes" / "README.md").read_text()
    for attribute in ATTRIBUTES:
        assert f"`{attribute}`" in readme


@pytest.fixture
def broken_notes(tmp_path):
    notes = tmp_path / "reference_notes"
    shutil.copytree(ROOT / "reference_notes", notes)
    facts = notes / "facts" / "baclofen.csv"
    lines = facts.read_text().splitlines()
    lines.append(
        "baclofen-x1,baclofen,drug_class,class:no_such_class,,,,+,A statement.,major,"
        "baclofen-label-mylan,DESCRIPTION,"
    )
    lines.append(
        "baclofen-x2,baclofen,colour,class:muscle_relaxant,,,,+,A statement.,major,"
        "fda-2019,DESCRIPTION,"
    )
    lines.append("baclofen-x3,baclofen,max_daily_dose,lots,,,,?,,huge,baclofen-label-mylan,,")
    facts.write_text("\n".join(lines) + "\n")
    return notes, len(lines)


def test_validator_lists_every_problem_with_file_and_line(broken_notes, monkeypatch):
    notes, n = broken_notes
    monkeypatch.chdir(notes.parent)
    problems = validate(notes)
    joined = "\n".join(problems)
    assert (
        f"reference_notes/facts/baclofen.csv:{n - 2}: unknown term 'class:no_such_class'" in joined
    )
    assert f"reference_notes/facts/baclofen.csv:{n - 1}: unknown attribute 'colour'" in joined
    assert f"reference_notes/facts/baclofen.csv:{n - 1}: unknown source_id 'fda-2019'" in joined
    line3 = [p for p in problems if p.startswith(f"reference_notes/facts/baclofen.csv:{n}:")]
    assert len(line3) >= 4  # amount, polarity, statement, severity, locator: all reported
    with pytest.raises(ValueError):
        load_reference(notes)


def test_validator_reports_unknown_and_missing_columns(tmp_path):
    notes = tmp_path / "notes"
    shutil.copytree(ROOT / "reference_notes", notes)
    (notes / "sources.csv").write_text("source_id,title,colour\nx,Y,red\n")
    problems = validate(notes)
    assert any("sources.csv:1: missing column(s) publisher" in p for p in problems)
    assert any("sources.csv:1: unknown column(s) colour" in p for p in problems)


def test_notes_validate_cli_exit_codes(broken_notes):
    notes, _ = broken_notes
    runner = CliRunner()
    ok = runner.invoke(main, ["notes", "validate", str(ROOT / "reference_notes")])
    assert ok.exit_code == 0 and ok.output.startswith("ok: ")
    bad = runner.invoke(main, ["notes", "validate", str(notes)])
    assert bad.exit_code == 1
    assert "unknown attribute 'colour'" in bad.output
    assert "Traceback" not in bad.output


def test_exclusive_groups_and_hierarchy(reference):
    assert reference.excludes("site:central", "site:peripheral")
    assert reference.excludes("class:benzodiazepine", "class:gaba_analogue")
    assert reference.excludes("action:agonist", "action:antagonist")
    assert not reference.excludes("class:gaba_b_agonist", "class:gaba_analogue")
    assert "target:gaba" in reference.ancestors("target:gaba_b_receptor")


def test_drug_classes_are_validated(tmp_path):
    notes = tmp_path / "notes"
    shutil.copytree(ROOT / "reference_notes", notes)
    with (notes / "drug_classes.csv").open("a", encoding="utf-8") as fh:
        fh.write("nosuchdrug,class:maoi\nphenelzine,class:nosuch|cond:anxiety\n")
    problems = validate(notes)
    assert any("unknown drug 'nosuchdrug'" in p for p in problems)
    assert any("'class:nosuch' is not a class term" in p for p in problems)
    assert any("'cond:anxiety' is not a class term" in p for p in problems)
