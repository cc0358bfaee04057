"""Document identity in the review store: content hash and stable id, versions, kept texts,
and decisions carried over to a new version only where the claim text is unchanged.

Real SQLite file, and PostgreSQL when ANNOTATOR_TEST_PG_URL is set.
"""

# ruff: noqa: F811 (the store and clock fixtures come from tests/review_fixtures.py)

from __future__ import annotations

import pytest

from annotator.models import Document
from annotator.review.items import effective_decisions, finding_key, next_item, pending
from annotator.review.records import DecisionRecord, ReviewError, ReviewItem
from annotator.review.store import ReviewStore
from tests.review_fixtures import FAST_HASHER, PASSWORD, clock, store  # noqa: F401 (fixtures)

HTML = "<h1>Baclofen</h1><p>Baclofen is a <b>centrally</b> acting relaxant.</p>"


@pytest.mark.parametrize(
    "document, origin",
    [
        (Document("notes.txt", "Baclofen is a muscle relaxant.\n\nIt acts centrally."), "folder"),
        (Document("draft.md", "# Baclofen\n\nA *GABA-B* agonist.", "md"), "paste"),
        (
            Document(
                "page.html", "Baclofen\n\nBaclofen is a centrally acting relaxant.", "html", HTML
            ),
            "upload",
        ),
        (Document("ünïcode 名.txt", "Baclofen ≤ 80 mg/day — “quoted” \U0001f48a"), "api"),
    ],
)
def test_registered_document_comes_back_exactly_after_a_restart(store_url, clock, document, origin):
    with ReviewStore(store_url, clock=clock, hasher=FAST_HASHER) as first:
        first.add_user("rita", PASSWORD)
        version = first.register(document, "rita", origin)
    with ReviewStore(store_url, clock=clock, hasher=FAST_HASHER) as later:
        (latest,) = later.latest_versions()
        assert latest == version and later.document_of(latest) == document
    assert (version.doc_id, version.version, version.name) == (
        "doc-" + document.id[:12],
        1,
        document.name,
    )
    assert (version.origin, version.added_by) == (origin, "rita")


def test_same_text_under_another_name_is_the_same_version(store):
    first = store.register(Document("a.txt", "Baclofen is a relaxant."), "rita", "folder")
    again = store.register(Document("copy of a.txt", "Baclofen is a relaxant."), "bob")
    assert again == first and len(store.latest_versions()) == 1


def test_new_text_under_a_known_name_is_the_next_version_and_the_old_one_stays(store, clock):
    v1 = store.register(Document("a.txt", "Baclofen is a relaxant."), "rita", "folder")
    clock.advance(minutes=1)
    v2 = store.register(Document("a.txt", "Baclofen acts centrally."), "bob", "upload")
    other = store.register(Document("a.txt", "Unrelated text."), "bob", "upload", as_new=True)
    assert (v2.doc_id, v2.version) == (v1.doc_id, 2)
    assert other.doc_id != v1.doc_id and other.version == 1
    assert store.versions(v1.doc_id) == [v1, v2]
    assert store.latest_versions() == [v2, other]  # by name, then as added
    assert store.document_of(v1).text == "Baclofen is a relaxant."
    assert [d["version"] for d in store.documents() if d["doc_id"] == v1.doc_id] == [1, 2]
    assert store.verify_chain() == []


@pytest.mark.parametrize(
    "document, by, origin, message",
    [
        (Document("a.txt", "text"), "zed", "upload", "unknown user 'zed'"),
        (Document("a.txt", "text"), "rita", "email", "origin 'email' is not one of"),
        (Document("a.txt", "text", "pdf"), "rita", "upload", "format 'pdf' is not one of"),
        (Document("a.txt", "a\x00b"), "rita", "paste", "NUL characters"),
    ],
)
def test_register_rejects(store, document, by, origin, message):
    with pytest.raises(ReviewError, match=message):
        store.register(document, by, origin)
    assert store.latest_versions() == []


def test_deactivated_user_cannot_add_documents(store):
    store.deactivate_user("rita", by="ada")
    with pytest.raises(ReviewError, match="deactivated"):
        store.register(Document("a.txt", "text"), "rita")


def test_signed_off_version_keeps_its_decisions_when_a_same_name_text_arrives(store):
    """The issue's case: an unrelated file uploaded under a signed-off article's name."""
    v1 = store.register(Document("a.txt", "Baclofen is a relaxant."), "rita")
    item = ReviewItem("c001", "claim", "c001", "h-relaxant", "f", "consistent")
    store.decide_item(v1.doc_id, v1.content_hash, item, "agree", "rita")
    store.sign_off(v1.doc_id, v1.content_hash, "rita", "approved", "v1", [item], password=PASSWORD)
    v2 = store.register(Document("a.txt", "Ibuprofen is an NSAID."), "bob")
    unrelated = ReviewItem("c001", "claim", "c001", "h-nsaid", "f", "consistent")
    state = store.review_state(v2.doc_id, v2.content_hash, [unrelated])
    assert state.pending == {"c001": "stale"} and state.status == "stale"
    assert [v.version for v in state.versions] == [1, 2] and state.signed is None
    assert store.review_state(v1.doc_id, v1.content_hash, [item]).status == "approved"
    store.decide_item(v2.doc_id, v2.content_hash, unrelated, "agree", "bob")  # v2 is open


# -- carry-over, as pure functions ---------------------------------------------------------------
def record(id, key, text_hash, on="v1", decision="agree", fp="f", verdict="consistent", **kw):
    return DecisionRecord(
        id=id,
        document="d",
        document_hash=on,
        claim_id=key,
        claim_hash=text_hash,
        verdict_shown=verdict,
        decision=decision,
        decided_verdict=None,
        comment="",
        reviewer=kw.get("reviewer", "rita"),
        created_at=f"2025-01-01T00:00:{id:02d}",
        reference_version="r",
        fact_fingerprint=fp,
        prev_hash="",
        row_hash="",
    )


def claim(key, text_hash, fp="f", verdict="consistent"):
    return ReviewItem(key, "claim", key, text_hash, fp, verdict)


def test_carry_over_keeps_unchanged_claims_and_marks_changed_ones_stale():
    made = [record(1, "c001", "same"), record(2, "c002", "old text"), record(3, "c003", "moved")]
    items = [claim("c001", "same"), claim("c002", "new text"), claim("c009", "moved")]
    found = effective_decisions(made, ["v1", "v2"], items)
    assert {k: (e.record.id, e.status, e.carried) for k, e in found.items()} == {
        "c001": (1, "current", True),
        "c002": (2, "stale", True),  # its text changed
        "c009": (3, "current", True),  # the same sentence, now at another position
    }
    assert pending(items, found) == {"c002": "stale"}


def test_a_decision_on_the_version_itself_beats_an_older_carried_one():
    made = [
        record(1, "c001", "same", on="v1"),
        record(2, "c001", "same", on="v2", decision="needs_edit"),
    ]
    (found,) = effective_decisions(made, ["v1", "v2"], [claim("c001", "same")]).values()
    assert (found.record.id, found.carried) == (2, False)
    only_v1 = effective_decisions(made, ["v1"], [claim("c001", "same")])
    assert only_v1["c001"].record.id == 1  # a later version's decision never reaches back


def test_carried_decision_is_stale_when_facts_or_verdict_changed():
    made = [record(1, "c001", "same")]
    found = effective_decisions(made, ["v1", "v2"], [claim("c001", "same", fp="edited")])
    assert found["c001"].status == "stale"


def test_finding_key_is_kind_span_and_text_hash():
    from annotator.models import Finding

    spin = Finding(10, 20, "spin_artifact", "a/b/c", "alternatives: a | b | c")
    assert finding_key(spin) == finding_key(Finding(10, 20, "spin_artifact", "a/b/c", "other"))
    assert finding_key(spin) != finding_key(Finding(11, 21, "spin_artifact", "a/b/c", ""))
    omitted = Finding(0, 0, "omitted_safety_information", "", "never states: X")
    assert finding_key(omitted) != finding_key(
        Finding(0, 0, "omitted_safety_information", "", "never states: Y")
    )
    assert finding_key(spin).startswith("F:spin_artifact@10-20#")


@pytest.mark.parametrize(
    ("current", "step", "expected"),
    [("a", 1, "c"), ("c", 1, "a"), (None, 1, "a"), ("c", -1, "a"), ("a", -1, "c"), (None, -1, "c")],
)
def test_next_item_moves_both_ways_and_wraps(current, step, expected):
    assert next_item(["a", "b", "c"], {"a", "c"}, current, step) == expected


def test_a_hidden_character_planted_in_a_known_text_makes_a_new_version(store, tmp_path):
    """Reading removes the zero-width space, so the text checked is the same; the text as
    written is not, so it is the next version, never the version already reviewed."""
    from dataclasses import replace

    from annotator.extraction.documents import read_document

    clean, tampered = tmp_path / "a" / "article.txt", tmp_path / "b" / "article.txt"
    for path, text in (
        (clean, "Baclofen is a relaxant."),
        (tampered, "Bac\u200blofen is a relaxant."),
    ):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    first, second = (replace(read_document(p), name="article.txt") for p in (clean, tampered))
    assert first.text == second.text and first.id != second.id
    v1 = store.register(first, "rita", "folder")
    v2 = store.register(second, "rita", "folder")
    assert (v1.doc_id, v1.version) == (v2.doc_id, 1) and v2.version == 2
