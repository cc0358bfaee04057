"""Source tiers: every source has one, a bad one is a file:line problem, `notes validate` lists
the facts resting only on a secondary summary, and the report shows the tier of each source.
The curated facts the saved labels cover cite those labels."""

from __future__ import annotations

import csv

from annotator.knowledge.loader import validate
from annotator.knowledge.schema import TIERS
from annotator.pipeline import check_text
from tests.labelkit import cli, notes_copy


def test_every_shipped_source_has_a_tier(reference):
    assert len(reference.sources) >= 129
    assert {s.tier for s in reference.sources.values()} <= set(TIERS)
    labels = [s for s in reference.sources.values() if s.tier == "fda_label"]
    assert {"spl-19c7836d-v8", "spl-e655bd64-v5", "spl-866926e2-v1008", "spl-e4c5e195-v1"} <= {
        s.source_id for s in labels
    }


def test_a_bad_tier_is_named_with_file_and_line(tmp_path):
    notes = notes_copy(tmp_path)
    path = notes / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0] + ",blog"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any(
        p.endswith("sources.csv:3: tier 'blog' must be one of: " + ", ".join(TIERS))
        for p in validate(notes)
    )


def test_validate_lists_facts_resting_only_on_a_secondary_summary(reference):
    out = cli("notes", "validate").output
    first, *warnings = out.splitlines()
    assert first.startswith("ok: ") and "rest only on a secondary summary" in first
    assert any(
        "metformin-ae-lactic-acidosis (critical) rests only on a secondary summary" in w
        for w in warnings
    )
    weak = {f.fact_id for f in reference.secondary_only()}
    # re-pointed to the label: the metformin maximum no longer rests on an AI answer site
    assert (
        "metformin-max-dose" not in weak
        and reference.tier(reference.by_id["metformin-max-dose"]) == "fda_label"
    )
    assert all(reference.tier(reference.by_id[f]) == "secondary_summary" for f in weak)


def test_label_citations_of_curated_facts(reference):
    cited = {f.fact_id: f for f in reference.facts if f.source_id.startswith("spl-")}
    assert len(cited) >= 110
    assert cited["metformin-boxed"].locator == "WARNING: LACTIC ACIDOSIS 34066-1"
    assert cited["ibuprofen-max-dose-otc"].source_id == "spl-e655bd64-v5"
    assert "carisoprodol-ctrl" not in cited  # the 2010 copy predates Schedule IV: not cited


def test_the_report_shows_the_tier_of_each_source(tmp_path, reference):
    result = check_text("Metformin is a biguanide.", reference=reference)
    assert result.checks[0].source_tiers == ("fda_label",)
    article = tmp_path / "a.txt"
    article.write_text("Metformin is a biguanide.\n")
    row = next(csv.DictReader(cli("check", article, "--format", "csv").output.splitlines()))
    assert (row["fact_status"], row["source_tier"]) == ("curated", "fda_label")
    assert row["reference_version"] == reference.version
