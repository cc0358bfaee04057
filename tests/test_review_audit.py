"""The review store's audit trail: append-only rows (database triggers), the hash chains
that reveal edits and deletions made behind the store's back, and the audit export.

Real SQLite file, and PostgreSQL when ANNOTATOR_TEST_PG_URL is set.
"""

# ruff: noqa: F811 (the store and clock fixtures come from tests/review_fixtures.py)

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from annotator.models import Document
from annotator.outputs.csvsafe import safe_cell
from annotator.review import audit
from tests.review_fixtures import (  # noqa: F401 (fixtures)
    DOC,
    ITEMS,
    clock,
    decide,
    decide_all,
    sign_off,
    store,
)


def raw(store, sql: str) -> None:
    with store._engine.begin() as conn:
        conn.execute(sa.text(sql))


# -- append-only and the hash chain ------------------------------------------------------------
@pytest.mark.parametrize(
    "table, column",
    [
        ("decisions", "reviewer"),
        ("finding_decisions", "reviewer"),
        ("signoffs", "reviewer"),
        ("document_texts", "text"),
        ("account_events", "actor"),
        ("document_versions", "name"),
        ("assignments", "assignee"),
    ],
)
@pytest.mark.parametrize("statement", ["UPDATE {t} SET {c} = 'ed'", "DELETE FROM {t}"])
def test_database_refuses_update_and_delete_of_audit_rows(store, table, column, statement):
    store.register(Document(DOC, "Baclofen relaxes."), "rita")
    store.assign(DOC, "rita", "rita")
    decide_all(store)
    sign_off(store, outcome="approved")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        raw(store, statement.format(t=table, c=column))
    assert store.verify_chain() == []


def disable_guard(store, table):
    """What someone with database access could do: remove the append-only triggers."""
    if store._engine.dialect.name == "postgresql":
        raw(store, f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
    else:
        raw(store, f"DROP TRIGGER {table}_no_update")
        raw(store, f"DROP TRIGGER {table}_no_delete")


@pytest.mark.parametrize(
    "tamper, problem",
    [
        (
            "UPDATE decisions SET decision = 'agree' WHERE id = 2",
            "decisions id 2: content does not match",
        ),
        ("UPDATE decisions SET seen = '7' WHERE id = 2", "decisions id 2: content does not"),
        ("DELETE FROM decisions WHERE id = 2", "decisions id 3: prev_hash does not match"),
    ],
)
def test_verify_chain_reports_rows_changed_behind_the_store(store, tamper, problem):
    decide(store, "c001")
    decide(store, "c002", "override", decided_verdict="inconsistent")
    decide(store, "c001", "needs_edit")
    assert store.verify_chain() == []
    disable_guard(store, "decisions")
    raw(store, tamper)
    problems = store.verify_chain()
    assert len(problems) == 1 and problems[0].startswith(problem)


def test_verify_chain_reports_a_stored_text_edited_behind_the_store(store):
    store.save_document(Document("a.txt", "Baclofen is a relaxant."), "rita")
    store.save_document(Document("b.txt", "Tizanidine is an agonist."), "rita")
    disable_guard(store, "document_texts")
    raw(store, "UPDATE document_texts SET text = 'Baclofen is safe.' WHERE id = 1")
    assert [p[:35] for p in store.verify_chain()] == ["document_texts id 1: content does n"]


def test_chain_links_each_row_to_the_one_before(store):
    first, second = decide(store, "c001"), decide(store, "c002")
    assert first.prev_hash == audit.GENESIS and second.prev_hash == first.row_hash
    assert store.chain_heads()["decisions"] == (2, second.id, second.row_hash, 0)
    assert store.chain_heads()["finding_decisions"] == (0, 0, audit.GENESIS, 0)


# -- audit -------------------------------------------------------------------------------------
def test_audit_rows_list_every_decision_and_sign_off(store, clock):
    decide(store, "c001", "override", decided_verdict="inconsistent", comment="=HYPERLINK(x)")
    decide(store, "c002")
    decide(store, ITEMS[2].key, "needs_edit", comment="pick one alternative")
    clock.advance(seconds=1)
    sign_off(store, outcome="not_approved", note="@fix the class")
    store.reopen(DOC, "ed", "@recheck dosing")
    rows = store.audit_rows()
    assert [(r["kind"], r["reviewer"]) for r in rows] == [
        ("decision", "rita"),
        ("decision", "rita"),
        ("finding_decision", "rita"),
        ("sign_off", "rita"),
        ("reopen", "ed"),
    ]
    assert rows[0]["verdict_shown"] == "consistent" and rows[0]["decided_verdict"] == "inconsistent"
    assert (rows[3]["outcome"], rows[3]["auth_method"]) == ("not_approved", "password")

    out = io.StringIO()
    assert store.export_audit_csv(out) == 5
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(table[0]) == audit.AUDIT_COLUMNS
    assert table[0]["comment"] == "'=HYPERLINK(x)" and table[4]["meaning"] == "'@recheck dosing"
    assert table[3]["note"] == "'@fix the class"


def test_export_audit_csv_to_a_path(store, tmp_path):
    decide(store, "c001")
    assert store.export_audit_csv(tmp_path / "audit.csv") == 1
    assert (tmp_path / "audit.csv").read_text(encoding="utf-8").startswith("kind,id,created_at,")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1+cmd", "'-1+cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-5, "-5"),
        (2.5, "2.5"),
    ],
)
def test_safe_cell_neutralises_formulas(value, expected):
    assert safe_cell(value) == expected
