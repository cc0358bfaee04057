"""Accounts of the review store: sign-in, lock-out, roles, password resets, account events.

Every test runs against a real SQLite file and, when ANNOTATOR_TEST_PG_URL is set (see
tests/pg_server.sh), against PostgreSQL in a schema of its own.
"""

# ruff: noqa: F811 (the store and clock fixtures come from tests/review_fixtures.py)

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from annotator.review import accounts
from annotator.review.records import ReviewError
from annotator.review.store import ReviewStore
from tests.review_fixtures import FAST_HASHER, PASSWORD, clock, store  # noqa: F401 (fixtures)


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
    # each attempt is reserved ("checked") before its password is checked; a success adds "ok"
    assert details == ["checked"] * 5 + ["locked", "checked", "ok"]


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
    assert [u.username for u in store.list_users()] == ["ada", "bob", "ed", "rita"]


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
    assert [e.action for e in store.account_events()] == ["created"] * 4


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
