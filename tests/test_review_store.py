"""The review store: schema and migrations, decisions, staleness, append-only rows, audit.

Every store test runs against a real SQLite file and, when ANNOTATOR_TEST_PG_URL is set
(see tests/pg_server.sh), against PostgreSQL in a schema of its own. Accounts, versions and
sign-offs have their own files (tests/test_review_accounts.py, _versions.py, _signoff.py).
"""

# ruff: noqa: F811 (the store and clock fixtures come from tests/review_fixtures.py)

from __future__ import annotations

import pytest
import sqlalchemy as sa

from annotator.models import Check, Claim, Document, Fact, Verdict
from annotator.review import db, staleness
from annotator.review.audit import append_row
from annotator.review.records import ClaimState, ReviewError, ReviewItem
from annotator.review.staleness import decision_status
from annotator.review.store import ReviewStore
from tests.review_fixtures import (  # noqa: F401 (fixtures)
    DOC,
    FAST_HASHER,
    ITEMS,
    PASSWORD,
    TEXT,
    clock,
    decide,
    decide_all,
    sign_off,
    store,
)

HEAD = "0005"


def raw(store, sql: str) -> None:
    with store._engine.begin() as conn:
        conn.execute(sa.text(sql))


# -- schema and migrations ---------------------------------------------------------------------
def old_user(store, username, role):
    """A users row as revisions 0001/0002 wrote it (they had no account_events table)."""
    with store._engine.begin() as conn:
        conn.execute(
            db.users.insert().values(
                username=username,
                password_hash=FAST_HASHER.hash(PASSWORD),
                role=role,
                created_at=store._now(),
                active=True,
            )
        )


def old_rows(store, document=DOC, document_hash=TEXT, claims=("c001", "c002"), sign=True):
    """Decisions (and a sign-off) as revisions 0001-0003 wrote them: no seen/via/outcome."""
    with store._engine.begin() as conn:
        store._ensure_document(conn, document, document_hash)
        for i, cid in enumerate(claims, 1):
            append_row(
                conn,
                db.decisions,
                dict(
                    document=document,
                    document_hash=document_hash,
                    claim_id=cid,
                    claim_hash=f"t{i}",
                    verdict_shown="consistent",
                    decision="agree",
                    decided_verdict=None,
                    comment="",
                    reviewer="rita",
                    created_at=store._now(),
                    reference_version="v1",
                    fact_fingerprint=f"f{i}",
                ),
            )
        if sign:
            append_row(
                conn,
                db.signoffs,
                dict(
                    document=document,
                    document_hash=document_hash,
                    reference_version="v1",
                    reviewer="rita",
                    meaning="reviewed",
                    action="sign_off",
                    created_at=store._now(),
                ),
            )


def test_new_store_is_at_head_revision(store):
    assert store.revision() == HEAD


@pytest.mark.parametrize("start", ["0001", "0002", "0003"])
def test_upgrade_keeps_every_row_and_every_chain(store_url, clock, start):
    old = ReviewStore(store_url, upgrade=False, clock=clock, hasher=FAST_HASHER)
    old.upgrade(start)
    old_user(old, "rita", "reviewer")
    old_user(old, "ed", "editor")
    old_rows(old)
    if start != "0001":
        with old._engine.begin() as conn:  # five failed logins as 0002 recorded them
            conn.execute(
                db.login_attempts.insert(),
                [dict(username="rita", ok=False, detail="bad_password", at=old._now())] * 5,
            )
    old.close()

    new = ReviewStore(store_url, clock=clock, hasher=FAST_HASHER)  # upgrades on open
    assert new.revision() == HEAD
    assert new.verify_chain() == []
    assert [(d.claim_id, d.seen, d.via) for d in new.decisions()] == [
        ("c001", None, None),
        ("c002", None, None),
    ]
    assert new.is_signed_off(DOC) and new.signoffs()[0].outcome is None
    assert [(v.doc_id, v.version, v.name) for v in new.versions(DOC)] == [(DOC, 1, DOC)]
    assert (new.locked_until("rita") is not None) == (start != "0001")
    new.reopen(DOC, "ed", "recheck")
    decide(new, "c001", "needs_edit", reviewer="rita")  # new rows join the old chains
    assert new.verify_chain() == []


def test_upgrade_from_0003_makes_each_name_a_document_with_its_versions(store_url, clock):
    old = ReviewStore(store_url, upgrade=False, clock=clock, hasher=FAST_HASHER)
    old.upgrade("0003")
    old_user(old, "rita", "reviewer")
    first, second = Document("a.txt", "Baclofen acts."), Document("a.txt", "Baclofen acts. More.")
    with old._engine.begin() as conn:
        for doc in (first, second):
            old._ensure_document(conn, doc.name, doc.id)
            append_row(
                conn,
                db.document_texts,
                dict(
                    name=doc.name,
                    content_hash=doc.id,
                    format="txt",
                    text=doc.text,
                    source_text=None,
                    origin="folder",
                    added_by="rita",
                    added_at=old._now(),
                ),
            )
    old_rows(old, "a.txt", first.id, claims=("c001",), sign=False)
    old.close()

    new = ReviewStore(store_url, clock=clock, hasher=FAST_HASHER)
    assert [(v.version, v.content_hash, v.origin) for v in new.versions("a.txt")] == [
        (1, first.id, "folder"),
        (2, second.id, "folder"),
    ]
    assert new.document_of(new.versions("a.txt")[1]) == second
    item = ReviewItem("c001", "claim", "c001", "t1", "f1", "consistent")
    (carried,) = new.effective("a.txt", second.id, [item]).values()
    assert (carried.status, carried.carried) == ("current", True)  # same claim text in v2
    assert new.register(second, "rita").version == 2  # known text: the same version
    assert new.verify_chain() == []


def test_table_definitions_match_migrated_schema(store):
    inspector = sa.inspect(store._engine)
    for table in db._meta.sorted_tables:
        assert {c["name"] for c in inspector.get_columns(table.name)} == set(table.c.keys())


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path):
    store = ReviewStore(tmp_path / "r.db", busy_timeout_ms=1234)
    with store._engine.connect() as conn:
        pragmas = {
            p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    assert pragmas == {"journal_mode": "wal", "busy_timeout": 1234, "foreign_keys": 1}


@pytest.mark.parametrize("env, expected", [("team.db", "team.db"), (None, "annotator-review.db")])
def test_default_location_comes_from_env(tmp_path, monkeypatch, env, expected):
    monkeypatch.chdir(tmp_path)
    if env:
        monkeypatch.setenv("ANNOTATOR_DB", env)
    else:
        monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    ReviewStore().close()
    assert (tmp_path / expected).exists()


# -- decisions and staleness -------------------------------------------------------------------
def test_latest_decision_per_item_wins_and_history_is_kept(store):
    decide(store, "c001", "agree")
    decide(store, "c001", "override", decided_verdict="inconsistent")
    decide(store, "c002", "needs_edit")
    decide(store, ITEMS[2].key, "dismiss")
    latest = store.latest_decisions(DOC)
    assert {k: v.decision for k, v in latest.items()} == {
        "c001": "override",
        "c002": "needs_edit",
        ITEMS[2].key: "dismiss",
    }
    assert latest["c001"].final_verdict == "inconsistent"
    assert len(store.decisions(DOC)) == 4
    assert [d.via for d in store.decisions(DOC)] == ["decide"] * 4


@pytest.mark.parametrize(
    "changed, expected",
    [
        ({}, "current"),
        ({"claim_text_hash": "edited"}, "stale"),
        ({"fact_fingerprint": "fact-edited"}, "stale"),
        ({"verdict": "inconsistent"}, "stale"),
        ({"verdict": "consistent"}, "current"),
    ],
)
def test_decision_goes_stale_when_claim_facts_or_verdict_change(store, changed, expected):
    record = decide(store, "c001")
    now = {"claim_text_hash": "t1", "fact_fingerprint": "f1", **changed}
    assert decision_status(record, **now) == expected


@pytest.mark.parametrize(
    "key, kw, message",
    [
        ("c001", {"verdict_shown": "true"}, "verdict_shown 'true' is not one of"),
        ("c001", {"decision": "approve"}, "decision 'approve' is not one of"),
        ("c001", {"decision": "dismiss"}, "decision 'dismiss' is not one of agree, override"),
        ("F:x@1-2#h", {"decision": "override", "comment": "x"}, "not one of agree, dismiss"),
        ("F:x@1-2#h", {"verdict_shown": "consistent"}, "a finding's verdict_shown is 'finding'"),
        ("c001", {"decision": "override", "comment": "x"}, "an override needs decided_verdict"),
        (
            "c001",
            {"decision": "override", "decided_verdict": "inconsistent", "comment": " "},
            "needs a comment",
        ),
        ("c001", {"decided_verdict": "inconsistent"}, "decided_verdict is only for"),
    ],
)
def test_decide_rejects_bad_input_with_one_line_message(store, key, kw, message):
    args = dict(verdict_shown="finding" if key.startswith("F:") else "consistent")
    args.update(kw)
    with pytest.raises(ReviewError, match=message):
        store.decide(
            DOC,
            TEXT,
            key,
            "t",
            args.pop("verdict_shown"),
            args.pop("decision", "agree"),
            "rita",
            **args,
        )
    assert store.decisions() == []


def test_decisions_need_a_known_active_user(store):
    with pytest.raises(ReviewError, match="unknown user 'mallory'"):
        decide(store, reviewer="mallory")
    store.deactivate_user("rita")
    with pytest.raises(ReviewError, match="'rita' is deactivated"):
        decide(store, reviewer="rita")


# -- pure helpers ------------------------------------------------------------------------------
def fact(**kw) -> Fact:
    base = dict(
        fact_id="baclofen-site",
        drug="baclofen",
        attribute="site_of_action",
        value="central nervous system",
        polarity=True,
        statement="Acts centrally.",
        severity="major",
        source_id="label",
        locator="Clinical Pharmacology",
    )
    return Fact(**{**base, **kw})


def test_fact_fingerprint_changes_with_content_not_position():
    a, b = fact(), fact(fact_id="baclofen-max", value="80 mg")
    assert staleness.fact_fingerprint([a, b]) == staleness.fact_fingerprint([b, a])
    assert staleness.fact_fingerprint([a]) == staleness.fact_fingerprint(
        [fact(file="f.csv", line=9)]
    )
    assert staleness.fact_fingerprint([a]) != staleness.fact_fingerprint([fact(statement="Acts.")])


def test_claim_states_from_checks():
    claim = Claim(id="c001", index=0, start=0, end=10, text="Baclofen …")
    check = Check(claim=claim, verdict=Verdict.INCONSISTENT, fact_ids=("baclofen-site",))
    states = staleness.claim_states([check], {"baclofen-site": fact()})
    assert states == {
        "c001": ClaimState(claim.text_hash, staleness.fact_fingerprint([fact()]), "inconsistent")
    }
