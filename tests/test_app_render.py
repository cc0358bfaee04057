"""The reviewer app's pure HTML helpers: every claim labelled by verdict and decision, every
claim and finding span clickable by its key, document-level findings listed apart, all text
escaped. No streamlit session needed; ARTICLE is ours (tests/app_helpers.py)."""

from __future__ import annotations

from annotator.app.render import document_findings_html, document_html
from tests.app_helpers import checked


def test_document_html_labels_every_claim_with_its_verdict_and_key():
    result, items = checked()
    page = document_html(result)
    for verdict, label in [
        ("inconsistent", "Inconsistent"),
        ("unverified", "Unverified"),
        ("consistent", "Consistent"),
        ("not_checkable", "Not checkable"),
    ]:
        expected = sum(c.verdict.value == verdict for c in result.checks)
        assert page.count(f"anno-v-{verdict}") >= expected
        assert label in page
    for item in items:
        if item.kind == "claim" or "@0-0#" not in item.key:
            assert f'data-key="{item.key}"' in page


def test_selected_finding_is_marked_and_document_level_findings_are_listed_apart():
    result, items = checked()
    spin = next(i.key for i in items if i.key.startswith("F:spin_artifact@"))
    page = document_html(result, spin)
    assert f'class="anno-finding anno-selected" data-key="{spin}"' in page
    listed = document_findings_html(result)
    omissions = [i for i in items if "@0-0#" in i.key]
    assert listed.count("anno-doclevel") == len(omissions) == 3
    assert "omitted safety information" in listed and "undecided" in listed
