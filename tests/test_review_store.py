"""The review store: append-only decisions, staleness, sign-off, accounts, audit, migrations.

Every store test runs against a real SQLite file and, when ANNOTATOR_TEST_PG_URL is set
(see tests/pg_server.sh), against PostgreSQL in a schema of its own.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from annotator.models import Check, Claim, Document, Fact, Verdict
from annotator.outputs.csvsafe import safe_cell
from annotator.review import accounts, audit, db, staleness
from annotator.review.records import ClaimState, ReviewError
from annotator.review.staleness import decision_status
from annotator.review.store import ReviewStore

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # tests only
PASSWORD = "correct horse"
CLAIMS = {"c001": ClaimState("t1", "f1"), "c002": ClaimState("t2", "f2"), "c003": ("t3", "")}
CHECKABLE = ["c001", "c002"]  # c003 is, say, a heading
HEAD = "0003"


class Clock:
    """A settable UTC clock, so lock-out windows are tested without sleeping."""

    def __init__(self):
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(store_url, clock):
    s = ReviewStore(store_url, clock=clock, hasher=FAST_HASHER)
    for name, role in (("rita", "reviewer"), ("ed", "editor"), ("ada", "admin")):
        s.add_user(name, PASSWORD, role)
    yield s
    s.close()


def decide(store, claim_id="c001", decision="agree", reviewer="rita", **kw):
    state = CLAIMS[claim_id]
    kw.setdefault("verdict_shown", "consistent")
    if decision in ("override", "needs_edit"):
        kw.setdefault("comment", "the label says otherwise")
    return store.decide(
        "baclofen.txt",
        "dochash",
        claim_id,
        state[0],
        kw.pop("verdict_shown"),
        decision,
        reviewer,
        fact_fingerprint=state[1],
        reference_version="v1",
        **kw,
    )


def decide_all(store, reviewer="rita"):
    for cid in CHECKABLE:
        decide(store, cid, reviewer=reviewer)


def sign_off(store, reviewer="rita", claims=CLAIMS):
    return store.sign_off(
        "baclofen.txt",
        "dochash",
        reviewer,
        "I checked every claim against the reference notes",
        "v1",
        claims,
        CHECKABLE,
    )


def raw(store, sql: str) -> None:
    with store._engine.begin() as conn:
        conn.execute(sa.text(sql))


# -- schema and migrations ---------------------------------------------------------------------
def test_new_store_is_at_head_revision(store):
    assert store.revision() == HEAD


def test_upgrade_from_first_revision_keeps_rows(store_url, clock):
    old = ReviewStore(store_url, upgrade=False, clock=clock, hasher=FAST_HASHER)
    old.upgrade("0001")
    assert old.revision() == "0001"
    old_user(old, "rita", "reviewer")
    decide_all(old)
    sign_off(old)
    old.close()

    new = ReviewStore(store_url, clock=clock, hasher=FAST_HASHER)  # upgrades on open
    assert new.revision() == HEAD
    assert [d.claim_id for d in new.decisions()] == CHECKABLE
    assert new.is_signed_off("baclofen.txt")
    assert new.verify_chain() == []
    assert new.authenticate("rita", PASSWORD).role == "reviewer"  # login_attempts came in 0002


def test_upgrade_from_0002_keeps_rows_and_adds_document_texts(store_url, clock):
    old = ReviewStore(store_url, upgrade=False, clock=clock, hasher=FAST_HASHER)
    old.upgrade("0002")
    old_user(old, "rita", "reviewer")
    old_user(old, "ed", "editor")
    decide_all(old)
    sign_off(old)
    old.reopen("baclofen.txt", "ed", "recheck")
    with old._engine.begin() as conn:  # five failed logins as 0002 recorded them
        conn.execute(
            db.login_attempts.insert(),
            [dict(username="rita", ok=False, detail="bad_password", at=old._now())] * 5,
        )
    before = (old.decisions(), old.signoffs(), old.list_users())
    old.close()

    new = ReviewStore(store_url, clock=clock, hasher=FAST_HASHER)  # upgrades on open
    assert new.revision() == HEAD
    assert (new.decisions(), new.signoffs(), new.list_users()) == before
    assert new.verify_chain() == []
    assert new.locked_until("rita") is not None  # login attempts kept
    assert new.load_documents() == [] and new.account_events() == []
    saved = new.save_document(Document("baclofen.txt", "Baclofen relaxes."), "rita")
    assert new.load_documents() == [saved]
    new.reset_password("rita", "a new password", by=None)
    assert new.authenticate("rita", "a new password").username == "rita"


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
def test_latest_decision_per_claim_wins_and_history_is_kept(store):
    decide(store, "c001", "agree")
    decide(store, "c001", "override", verdict_shown="consistent", decided_verdict="inconsistent")
    decide(store, "c002", "needs_edit")
    latest = store.latest_decisions("baclofen.txt")
    assert {k: v.decision for k, v in latest.items()} == {"c001": "override", "c002": "needs_edit"}
    assert latest["c001"].final_verdict == "inconsistent"
    assert len(store.decisions("baclofen.txt")) == 3


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
    "kw, message",
    [
        ({"verdict_shown": "true"}, "verdict_shown 'true' is not one of"),
        ({"decision": "approve"}, "decision 'approve' is not one of"),
        ({"decision": "override", "comment": "x"}, "an override needs decided_verdict"),
        (
            {"decision": "override", "decided_verdict": "inconsistent", "comment": " "},
            "needs a comment",
        ),
        ({"decided_verdict": "inconsistent"}, "decided_verdict is only for decision 'override'"),
    ],
)
def test_decide_rejects_bad_input_with_one_line_message(store, kw, message):
    with pytest.raises(ReviewError, match=message):
        decide(store, "c001", **kw)
    assert store.decisions() == []


def test_decisions_need_a_known_active_user(store):
    with pytest.raises(ReviewError, match="unknown user 'mallory'"):
        decide(store, reviewer="mallory")
    store.deactivate_user("rita")
    with pytest.raises(ReviewError, match="'rita' is deactivated"):
        decide(store, reviewer="rita")


# -- sign-off ----------------------------------------------------------------------------------
def test_sign_off_refused_until_every_checkable_claim_has_a_decision(store):
    decide(store, "c001")
    with pytest.raises(ReviewError, match=r"no current decision for c002 \(missing\)"):
        sign_off(store)
    decide(store, "c002")
    signed = sign_off(store)  # c003 is not checkable and needs no decision
    assert (signed.action, signed.reviewer) == ("sign_off", "rita")
    assert store.is_signed_off("baclofen.txt")


def test_sign_off_refused_when_a_decision_is_stale(store):
    decide_all(store)
    edited = {**CLAIMS, "c002": ClaimState("t2-edited", "f2")}
    with pytest.raises(ReviewError, match=r"c002 \(stale\)"):
        sign_off(store, claims=edited)


def test_signed_off_document_takes_no_decisions_until_reopened(store):
    decide_all(store)
    sign_off(store)
    with pytest.raises(ReviewError, match="signed off; an editor must reopen"):
        decide(store, "c001")
    with pytest.raises(ReviewError, match="already signed off"):
        sign_off(store)
    store.reopen("baclofen.txt", "ed", "reference note on dosing was corrected")
    assert not store.is_signed_off("baclofen.txt")
    decide(store, "c001", "needs_edit")


@pytest.mark.parametrize("who, allowed", [("rita", False), ("ed", True), ("ada", True)])
def test_reopen_needs_editor_or_admin(store, who, allowed):
    decide_all(store)
    sign_off(store)
    if allowed:
        assert store.reopen("baclofen.txt", who, "typo in claim 2").action == "reopen"
    else:
        with pytest.raises(
            ReviewError, match="has role reviewer; to reopen documents needs editor"
        ):
            store.reopen("baclofen.txt", who, "typo in claim 2")


def test_reopen_refused_when_not_signed_off(store):
    with pytest.raises(ReviewError, match="is not signed off"):
        store.reopen("baclofen.txt", "ed", "why not")


def test_document_status_follows_the_review(store):
    def status(claims=CLAIMS):
        return store.document_status("baclofen.txt", claims, CHECKABLE)

    assert status() == "new"
    decide(store, "c001")
    assert status() == "in_review"
    decide(store, "c002")
    sign_off(store)
    assert status() == "signed_off"
    assert status({**CLAIMS, "c001": ClaimState("t1", "f1-reference-changed")}) == "stale"
    assert store.pending_claims("baclofen.txt", {**CLAIMS, "c001": ("t1", "x")}) == {
        "c001": "stale",
        "c003": "missing",
    }  # checkable_ids=None: every claim counts


# -- append-only and the hash chain ------------------------------------------------------------
@pytest.mark.parametrize(
    "table, column",
    [
        ("decisions", "reviewer"),
        ("signoffs", "reviewer"),
        ("document_texts", "text"),
        ("account_events", "actor"),
    ],
)
@pytest.mark.parametrize("statement", ["UPDATE {t} SET {c} = 'ed'", "DELETE FROM {t}"])
def test_database_refuses_update_and_delete_of_audit_rows(store, table, column, statement):
    decide_all(store)
    sign_off(store)
    store.save_document(Document("baclofen.txt", "Baclofen relaxes."), "rita")
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
    assert store.chain_heads()["decisions"] == (2, second.row_hash)


# -- accounts ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "username, password, outcome",
    [
        ("rita", PASSWORD, "rita"),
        ("rita", "wrong password", None),
        ("nobody", PASSWORD, None),
    ],
)
def test_authenticate(store, username, password, outcome):
    user = store.authenticate(username, password)
    assert (user.username if user else None) == outcome


def test_deactivated_user_cannot_log_in(store):
    store.deactivate_user("rita")
    assert store.authenticate("rita", PASSWORD) is None


def test_passwords_are_stored_as_argon2id_hashes(store):
    with store._engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users")).scalars().all()
    assert stored and all(h.startswith("$argon2id$") and PASSWORD not in h for h in stored)


def test_five_failures_lock_the_username_for_ten_minutes(store, clock):
    for _ in range(5):
        assert store.authenticate("rita", "guess") is None
        clock.advance(minutes=1)
    fifth_failure = clock.now - timedelta(minutes=1)
    assert store.locked_until("rita") == fifth_failure + timedelta(minutes=10)
    assert store.authenticate("rita", PASSWORD) is None  # right password, still locked
    assert store.authenticate("ed", PASSWORD) is not None  # other users are unaffected
    clock.advance(minutes=9)
    assert store.authenticate("rita", PASSWORD).username == "rita"
    with store._engine.connect() as conn:
        details = (
            conn.execute(
                sa.text("SELECT detail FROM login_attempts WHERE username = 'rita' ORDER BY id")
            )
            .scalars()
            .all()
        )
    assert details == ["bad_password"] * 5 + ["locked", "ok"]


@pytest.mark.parametrize(
    "gap_minutes, success_between, locked", [(1, False, True), (3, False, False), (1, True, False)]
)
def test_lockout_counts_recent_failures_since_last_success(
    store, clock, gap_minutes, success_between, locked
):
    for i in range(5):
        if success_between and i == 3:
            store.authenticate("rita", PASSWORD)
        store.authenticate("rita", "guess")
        clock.advance(minutes=gap_minutes)
    assert (store.locked_until("rita") is not None) == locked


@pytest.mark.parametrize(
    "username, password, role, message",
    [
        ("bad name", PASSWORD, "reviewer", "invalid username"),
        ("newbie", "short", "reviewer", "too short"),
        ("newbie", PASSWORD, "owner", "unknown role 'owner'"),
        ("rita", PASSWORD, "reviewer", "already exists"),
    ],
)
def test_add_user_rejects(store, username, password, role, message):
    with pytest.raises(ReviewError, match=message):
        store.add_user(username, password, role)


def test_set_role_and_deactivate(store):
    assert store.set_role("rita", "editor").role == "editor"
    assert store.deactivate_user("rita").active is False
    with pytest.raises(ReviewError, match="unknown user 'zed'"):
        store.set_role("zed", "admin")
    assert [u.username for u in store.list_users()] == ["ada", "ed", "rita"]


def test_cli_functions_open_the_store_given(tmp_path):
    db = tmp_path / "cli.db"
    accounts.add_user("carol", PASSWORD, "admin", db=db)
    accounts.set_role("carol", "editor", db=db)
    accounts.deactivate_user("carol", db=db)
    assert [(u.username, u.role, u.active) for u in accounts.list_users(db=db)] == [
        ("carol", "editor", False)
    ]
    accounts.reactivate_user("carol", db=db)
    accounts.reset_password("carol", "another password", db=db)
    with ReviewStore(db) as store:
        assert store.authenticate("carol", "another password").active is True
    assert [e.action for e in accounts.account_history("carol", db=db)] == [
        "created",
        "role_changed",
        "deactivated",
        "reactivated",
        "password_reset",
    ]


def test_reset_password_replaces_the_old_one_and_lifts_a_lock_out(store):
    for _ in range(5):
        store.authenticate("rita", "guess")
    assert store.locked_until("rita") is not None
    store.reset_password("rita", "a new password", by="ada")
    assert store.locked_until("rita") is None
    assert store.authenticate("rita", PASSWORD) is None
    assert store.authenticate("rita", "a new password").username == "rita"


def test_reactivated_user_can_log_in_again(store):
    store.deactivate_user("rita", by="ada")
    assert store.authenticate("rita", PASSWORD) is None
    assert store.reactivate_user("rita", by="ada").active is True
    assert store.authenticate("rita", PASSWORD).username == "rita"


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda s: s.reset_password("rita", "a new password", by="ed"), "role editor"),
        (lambda s: s.reactivate_user("rita", by="rita"), "role reviewer"),
        (lambda s: s.set_role("rita", "admin", by="ed"), "role editor"),
        (lambda s: s.add_user("newbie", PASSWORD, by="rita"), "role reviewer"),
        (lambda s: s.reset_password("zed", "a new password", by="ada"), "unknown user 'zed'"),
        (lambda s: s.reset_password("rita", "short", by="ada"), "too short"),
        (lambda s: s.deactivate_user("ada", by="ada"), "own account"),
        (lambda s: s.set_role("ada", "reviewer", by="ada"), "own role"),
    ],
)
def test_account_changes_need_an_admin_and_valid_input(store, call, message):
    with pytest.raises(ReviewError, match=message):
        call(store)
    assert [e.action for e in store.account_events()] == ["created"] * 3


def test_every_account_change_is_an_event_with_its_actor(store):
    store.set_role("rita", "editor", by="ada")
    store.set_role("rita", "editor", by="ada")  # no change: no event
    store.deactivate_user("rita", by="ada")
    store.reactivate_user("rita")  # the CLI: no signed-in admin
    store.reset_password("rita", "a new password", by="ada")
    events = store.account_events("rita")
    assert [(e.action, e.detail, e.actor) for e in events] == [
        ("created", "role reviewer, the first account", events[0].actor),
        ("role_changed", "role: reviewer -> editor", "ada"),
        ("deactivated", "active: True -> False", "ada"),
        ("reactivated", "active: False -> True", events[3].actor),
        ("password_reset", "", "ada"),
    ]
    assert events[0].actor.startswith("system") and events[3].actor.startswith("system")
    assert "$argon2" not in repr(events)
    assert store.verify_chain() == []


def test_login_with_outdated_hash_parameters_rehashes_and_records_it(store_url, clock):
    with ReviewStore(store_url, clock=clock, hasher=FAST_HASHER) as old:
        old.add_user("rita", PASSWORD)
    stronger = PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1)
    with ReviewStore(store_url, clock=clock, hasher=stronger) as new:
        assert new.authenticate("rita", PASSWORD).username == "rita"
        assert [(e.action, e.actor) for e in new.account_events("rita")][-1] == (
            "password_rehashed",
            "rita",
        )
        assert new.authenticate("rita", PASSWORD).username == "rita"
        assert len(new.account_events("rita")) == 2  # rehashed once


# -- document texts ----------------------------------------------------------------------------
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
def test_saved_document_comes_back_exactly(store_url, clock, document, origin):
    with ReviewStore(store_url, clock=clock, hasher=FAST_HASHER) as first:
        first.add_user("rita", PASSWORD)
        saved = first.save_document(document, "rita", origin)
    with ReviewStore(store_url, clock=clock, hasher=FAST_HASHER) as later:  # a restart
        (loaded,) = later.load_documents()
    assert loaded == saved and loaded.document == document
    assert (loaded.content_hash, loaded.origin, loaded.added_by) == (document.id, origin, "rita")
    assert loaded.added_at == clock.now.isoformat(timespec="microseconds")


def test_save_document_is_idempotent_and_the_latest_version_wins(store, clock):
    v1, v2 = Document("a.txt", "Baclofen is a relaxant."), Document("a.txt", "Baclofen acts.")
    first = store.save_document(v1, "rita", "folder")
    clock.advance(minutes=1)
    assert store.save_document(v1, "ed", "upload") == first  # seen before: the first row
    store.save_document(Document("b.txt", "Tizanidine."), "rita")
    second = store.save_document(v2, "ed", "folder")
    assert [(d.name, d.content_hash) for d in store.load_documents()] == [
        ("a.txt", v2.id),
        ("b.txt", Document("b.txt", "Tizanidine.").id),
    ]
    assert second.prev_hash != first.prev_hash
    assert [(d["name"], d["content_hash"]) for d in store.documents()][:2] == [
        ("a.txt", v1.id),
        ("b.txt", Document("b.txt", "Tizanidine.").id),
    ]
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
def test_save_document_rejects(store, document, by, origin, message):
    with pytest.raises(ReviewError, match=message):
        store.save_document(document, by, origin)
    assert store.load_documents() == []


def test_deactivated_user_cannot_add_documents(store):
    store.deactivate_user("rita", by="ada")
    with pytest.raises(ReviewError, match="deactivated"):
        store.save_document(Document("a.txt", "text"), "rita")


# -- audit -------------------------------------------------------------------------------------
def test_audit_rows_list_every_decision_and_sign_off(store):
    decide(store, "c001", "override", decided_verdict="inconsistent", comment="=HYPERLINK(x)")
    decide(store, "c002")
    sign_off(store)
    store.reopen("baclofen.txt", "ed", "@recheck dosing")
    rows = store.audit_rows()
    assert [(r["kind"], r["reviewer"]) for r in rows] == [
        ("decision", "rita"),
        ("decision", "rita"),
        ("sign_off", "rita"),
        ("reopen", "ed"),
    ]
    assert rows[0]["verdict_shown"] == "consistent" and rows[0]["decided_verdict"] == "inconsistent"

    out = io.StringIO()
    assert store.export_audit_csv(out) == 4
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(table[0]) == audit.AUDIT_COLUMNS
    assert table[0]["comment"] == "'=HYPERLINK(x)" and table[3]["meaning"] == "'@recheck dosing"


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


# -- helpers for the app -----------------------------------------------------------------------
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
