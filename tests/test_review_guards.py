"""Append-only guards the attack round got past (issue 14): SQLite's INSERT OR REPLACE and
upserts, account rows changed in place, and on PostgreSQL an app role that owned its tables.

Real SQLite file; PostgreSQL when ANNOTATOR_TEST_PG_URL is set (the role test needs a server
where the test may create roles).
"""

# ruff: noqa: F811 (the store and clock fixtures come from tests/review_fixtures.py)

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from annotator.cli.main import main
from annotator.models import Document
from annotator.review.store import ReviewStore
from tests.conftest import PG_URL
from tests.review_fixtures import (  # noqa: F401 (fixtures)
    FAST_HASHER,
    PASSWORD,
    clock,
    decide_all,
    sign_off,
    store,
)

APPEND_ONLY = (
    "decisions",
    "finding_decisions",
    "signoffs",
    "document_texts",
    "account_events",
    "document_versions",
    "assignments",
    "account_states",
    "users",
    "documents",
    "login_attempts",
)


def raw(store, sql: str) -> None:
    with store._engine.begin() as conn:
        conn.execute(sa.text(sql))


def filled(store):
    store.register(Document("baclofen.txt", "Baclofen relaxes."), "rita")
    store.assign("baclofen.txt", "rita", "rita")
    decide_all(store)
    decide_all(store)  # a second row in every decision table
    sign_off(store)
    store.authenticate("rita", PASSWORD)
    return store


@pytest.mark.parametrize("table", APPEND_ONLY)
@pytest.mark.parametrize(
    "statement",
    [
        "INSERT OR REPLACE INTO {t} SELECT * FROM {t} ORDER BY 1 LIMIT 1",
        "REPLACE INTO {t} SELECT * FROM {t} ORDER BY 1 LIMIT 1",
        "INSERT INTO {t} SELECT * FROM {t} WHERE true ORDER BY 1 LIMIT 1 ON CONFLICT DO NOTHING",
    ],
    ids=["insert_or_replace", "replace_into", "on_conflict"],
)
def test_sqlite_refuses_replacing_an_existing_row(tmp_path, clock, table, statement):
    store = ReviewStore(tmp_path / "r.db", clock=clock, hasher=FAST_HASHER)
    for name, role in (("rita", "reviewer"), ("ed", "editor")):
        store.add_user(name, PASSWORD, role)
    filled(store)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        raw(store, statement.format(t=table))
    assert store.verify_chain() == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE users SET role = 'admin' WHERE username = 'rita'",
        "UPDATE users SET password_hash = 'x'",
        "DELETE FROM users WHERE username = 'bob'",
        "UPDATE account_states SET role = 'admin'",
        "DELETE FROM account_states",
        "UPDATE documents SET name = 'x'",
        "DELETE FROM login_attempts",
    ],
)
def test_account_rows_and_login_attempts_cannot_change_in_place(store, statement):
    store.authenticate("rita", "a wrong password")
    store.register(Document("baclofen.txt", "Baclofen relaxes."), "rita")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        raw(store, statement)


def test_account_state_comes_from_appended_rows(store):
    store.set_role("rita", "editor", by="ada")
    store.deactivate_user("rita", by="ada")
    with store._engine.connect() as conn:
        users_row = conn.execute(
            sa.text("SELECT role, active FROM users WHERE username = 'rita'")
        ).one()
        states = conn.execute(
            sa.text(
                "SELECT reason, role, active FROM account_states WHERE "
                "username = 'rita' ORDER BY id"
            )
        ).all()
    assert (users_row.role, bool(users_row.active)) == ("reviewer", True)  # as created
    assert [(s.reason, s.role, bool(s.active)) for s in states] == [
        ("created", "reviewer", True),
        ("role_changed", "editor", True),
        ("deactivated", "editor", False),
    ]
    assert store.get_user("rita").role == "editor" and not store.get_user("rita").active


# -- PostgreSQL: the app's role may only read and append ---------------------------------------
@pytest.fixture
def pg_roles(tmp_path, monkeypatch):
    """An owner role with its own schema and an app role, both without superuser rights."""
    if not PG_URL:
        pytest.skip("ANNOTATOR_TEST_PG_URL not set (start one with tests/pg_server.sh)")
    monkeypatch.setenv("ANNOTATOR_AUDIT_KEY_FILE", str(tmp_path / "pg.key"))
    tag = uuid.uuid4().hex[:8]
    owner, app, schema = f"own_{tag}", f"app_{tag}", f"s_{tag}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE ROLE {owner} LOGIN"))
        conn.execute(sa.text(f"CREATE ROLE {app} LOGIN"))
        conn.execute(sa.text(f"CREATE SCHEMA {schema} AUTHORIZATION {owner}"))

    def url(role):
        base = sa.make_url(PG_URL).set(username=role)
        return base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )

    yield url(owner), url(app), app
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        for role in (app, owner):
            conn.execute(sa.text(f"DROP OWNED BY {role} CASCADE"))
            conn.execute(sa.text(f"DROP ROLE {role}"))
    admin.dispose()


def test_app_role_can_append_but_not_change_or_unguard(pg_roles, clock):
    owner_url, app_url, app = pg_roles
    result = CliRunner().invoke(main, ["db", "grant", "--owner-url", owner_url, "--app-role", app])
    assert result.exit_code == 0, result.output
    with ReviewStore(app_url, clock=clock, hasher=FAST_HASHER) as store:  # works as the app
        for name, role in (("rita", "reviewer"), ("ed", "editor"), ("ada", "admin")):
            store.add_user(name, PASSWORD, role)
        filled(store)
        store.set_role("rita", "editor", by="ada")
        assert store.verify_chain() == []
        for statement in (
            "UPDATE decisions SET comment = 'x'",
            "DELETE FROM signoffs",
            "TRUNCATE decisions",
            "UPDATE users SET role = 'admin'",
            "ALTER TABLE decisions DISABLE TRIGGER decisions_append_only",
            "DROP TRIGGER decisions_append_only ON decisions",
            "ALTER TABLE decisions DROP COLUMN mac",
            "DROP TABLE login_attempts",
        ):
            with pytest.raises(sa.exc.ProgrammingError, match=r"permission denied|must be owner"):
                raw(store, statement)


def test_grant_refuses_the_owner_as_app_role_and_sqlite(pg_roles, tmp_path):
    owner_url, _, _ = pg_roles
    owner = sa.make_url(owner_url).username
    result = CliRunner().invoke(
        main, ["db", "grant", "--owner-url", owner_url, "--app-role", owner]
    )
    assert result.exit_code == 1 and "must not be the owner" in result.output
    result = CliRunner().invoke(
        main, ["db", "grant", "--owner-url", str(tmp_path / "r.db"), "--app-role", "x"]
    )
    assert result.exit_code == 1 and "PostgreSQL stores only" in result.output


def test_owner_and_app_role_share_the_default_key(pg_roles, tmp_path, monkeypatch, clock):
    monkeypatch.delenv("ANNOTATOR_AUDIT_KEY_FILE")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    owner_url, app_url, app = pg_roles
    with ReviewStore(owner_url, hasher=FAST_HASHER) as owner:
        owner.add_user("ada", PASSWORD, "admin")  # a MAC'd row, with the owner's key
        key = owner.key_file
    assert key.parent == tmp_path / "state" / "annotator"
    CliRunner().invoke(main, ["db", "grant", "--owner-url", owner_url, "--app-role", app])
    with ReviewStore(app_url, clock=clock, hasher=FAST_HASHER) as store:
        assert store.key_file == key  # one store, one key, whoever connects
        store.add_user("rita", PASSWORD, by="ada")
        assert store.verify_chain() == []
