"""`annotator notes import-vocabulary`: DrugBank names become drugs without notes, minus the
names that would give false hits (everyday words, abbreviations, codes and chemistry names,
terms the table reads as something else, names of two drugs). A hand-written sample always;
the real DrugBank open vocabulary (../shared) when present."""

from __future__ import annotations

import csv

import pytest

from annotator.knowledge.loader import load_reference
from annotator.pipeline import check_text
from tests.conftest import ROOT
from tests.labelkit import cli, notes_copy

SAMPLE = ROOT / "tests" / "fixtures" / "vocabulary" / "drugbank_sample.csv"
DRUGBANK = (
    ROOT.parent / "shared" / "datasets" / "drugbank_open_vocabulary" / "drugbank_vocabulary.csv"
)


def kept(notes) -> dict[str, tuple[str, str]]:
    path = notes / "vocabulary" / "drugbank.csv"
    return {r["name"]: (r["drug"], r["kind"]) for r in csv.DictReader(path.open(encoding="utf-8"))}


def test_safe_names_are_kept_and_every_trap_is_left_out(tmp_path):
    notes = notes_copy(tmp_path)
    out = cli("notes", "import-vocabulary", SAMPLE, "--notes", notes, "--by", "alice").output
    names = kept(notes)
    assert names["Phenibut"] == ("phenibut", "generic")
    assert names["Fenibut"] == ("phenibut", "synonym")
    assert names["Baclofène"] == ("baclofen", "synonym")  # linked to the curated drug
    assert names["Tianeptine"] == ("tianeptine", "generic")
    left_out = {
        "Apple": "entry is an everyday word",  # an allergen extract
        "Iron": "entry is an everyday word",
        "Morning": "a common English word",
        "GABA": "short or an abbreviation",
        "TNP": "short or an abbreviation",
        "LSD-7": "code or chemistry name",
        "4-amino-3-phenylbutanoic acid": "code or chemistry name",
        "L-Lysine": "code or chemistry name",
        "Acetic acid": "code or chemistry name",
        "gamma-aminobutyric acid": "a term of terms.csv",  # the table reads it as a target
        "Baclofen": "already in drugs.csv",
        "Zyloxamide": "names two DrugBank drugs",
    }
    for name, why in left_out.items():
        assert name not in names, name
        assert why in out, why
    assert "ok:" not in out and "names of 11 drugs kept" in out
    log = list(csv.DictReader((notes / "curation.csv").open(encoding="utf-8")))
    assert (log[-1]["action"], log[-1]["fact_id"], log[-1]["by"]) == (
        "import",
        "vocabulary:drugbank",
        "alice",
    )


def test_a_claim_about_a_vocabulary_drug_names_it(tmp_path):
    notes = notes_copy(tmp_path)
    cli("notes", "import-vocabulary", SAMPLE, "--notes", notes)
    ref = load_reference(notes)
    result = check_text("Phenibut is a GABA analogue. Fenibut may cause drowsiness.", reference=ref)
    drugs = [(m.text, m.concept) for c in result.checks for m in c.mentions if m.label == "DRUG"]
    assert drugs == [("Phenibut", "phenibut"), ("Fenibut", "phenibut")]
    assert all(c.verdict.value == "unverified" for c in result.checks)
    assert all("no reference notes for Phenibut" in c.reason for c in result.checks)
    baclofen = check_text("Baclofène is a GABA-B agonist.", reference=ref)
    assert baclofen.checks[0].verdict.value == "consistent"  # a synonym of a curated drug
    spelled = ref.spelled_names
    assert "phenibut" in spelled and "phenibut" not in list(spelled)  # not a spelling target


def test_an_unreadable_or_foreign_file_is_one_line(tmp_path):
    notes = notes_copy(tmp_path)
    other = tmp_path / "other.csv"
    other.write_text("name,kind\nx,y\n")
    result = cli("notes", "import-vocabulary", other, "--notes", notes, ok=False)
    assert result.exit_code == 1
    assert "not a DrugBank vocabulary file (missing DrugBank ID, Common name" in result.output
    assert not (notes / "vocabulary").exists()


@pytest.mark.skipif(not DRUGBANK.is_file(), reason="needs ../shared DrugBank open vocabulary")
def test_the_real_drugbank_vocabulary(tmp_path):
    notes = notes_copy(tmp_path)
    out = cli("notes", "import-vocabulary", DRUGBANK, "--notes", notes).output
    assert "of 17430 drugs kept" in out
    names = kept(notes)
    assert 15_000 < len(names) < 30_000
    for everyday in ("Water", "Apple", "Turkey", "Gold", "Iron", "Egg", "Chicken", "Oat"):
        assert everyday not in names
    for drug in ("Phenibut", "Flumazenil", "Methaqualone", "Nefazodone", "Clozapine"):
        assert drug in names
    ref = load_reference(notes)
    assert ref.drug_names["baclofen"] == "baclofen"  # drugs.csv keeps precedence
    assert not {n.lower() for n in names} & {n.lower() for t in ref.terms.values() for n in t.names}
