"""`annotator users ...` on a real SQLite file: add, list, set-role, deactivate, one-line errors.

Passwords never travel as arguments: --password-stdin or a hidden, confirmed prompt. The
stored hash is argon2 (annotator.review); these tests only check the CLI layer over it.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

from annotator.cli.main import main, users
from annotator.review.records import ROLES
from annotator.review.store import ReviewStore

PASSWORD = "correct horse battery"


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    return str(tmp_path / "review.db")


def run(*args, input=None):
    return CliRunner().invoke(main, ["users", *args], input=input)


def add(db, name="rita", role="reviewer", password=PASSWORD):
    return run("add", name, "--role", role, "--password-stdin", "--db", db, input=password + "\n")


def test_add_with_password_stdin_stores_an_argon2_hash_that_signs_in(db):
    result = add(db)
    assert result.exit_code == 0, result.output
    assert result.output == "added rita (reviewer)\n"
    store = ReviewStore(db)
    assert store.authenticate("rita", PASSWORD).role == "reviewer"
    assert store.authenticate("rita", "wrong password") is None
    with store._engine.connect() as conn:  # the hash, never the password, is stored
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar()
    assert stored.startswith("$argon2") and PASSWORD not in stored
    assert PasswordHasher().verify(stored, PASSWORD)
    store.close()


def test_add_prompts_hidden_twice_when_no_stdin_flag(db):
    result = run("add", "omar", "--role", "editor", "--db", db, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    assert "Repeat for confirmation" in result.output
    assert "added omar (editor)" in result.output


def test_add_prompt_refuses_a_mismatched_confirmation(db):
    result = run("add", "omar", "--db", db, input=f"{PASSWORD}\nsomething else\n")
    assert result.exit_code != 0
    assert ReviewStore(db).list_users() == []


@pytest.mark.parametrize("command", ["add", "reset-password"])
def test_password_is_not_an_option(command):
    assert "--password" not in [o for p in users.commands[command].params for o in p.opts]


def test_list_set_role_and_deactivate(db):
    add(db, "rita")
    add(db, "omar", "editor")
    listed = run("list", "--db", db)
    assert listed.exit_code == 0
    assert [line.split("\t")[:3] for line in listed.output.splitlines()] == [
        ["omar", "editor", "active"],
        ["rita", "reviewer", "active"],
    ]

    result = run("set-role", "rita", "admin", "--db", db)
    assert result.exit_code == 0 and result.output == "rita is now admin\n"
    result = run("deactivate", "omar", "--db", db)
    assert result.exit_code == 0 and result.output == "deactivated omar\n"
    assert [line.split("\t")[:3] for line in run("list", "--db", db).output.splitlines()] == [
        ["omar", "editor", "inactive"],
        ["rita", "admin", "active"],
    ]
    assert ReviewStore(db).authenticate("omar", PASSWORD) is None  # inactive: cannot sign in


def test_reactivate_and_reset_password(db):
    add(db, "rita")
    assert run("deactivate", "rita", "--db", db).exit_code == 0
    result = run("reactivate", "rita", "--db", db)
    assert result.exit_code == 0 and result.output == "reactivated rita\n"
    result = run(
        "reset-password", "rita", "--password-stdin", "--db", db, input="a new long password\n"
    )
    assert result.exit_code == 0 and result.output == "new password set for rita\n"
    store = ReviewStore(db)
    assert store.authenticate("rita", PASSWORD) is None
    assert store.authenticate("rita", "a new long password").username == "rita"
    store.close()


def test_reset_password_prompts_hidden_twice(db):
    add(db, "rita")
    result = run("reset-password", "rita", "--db", db, input="another password\n" * 2)
    assert result.exit_code == 0 and "another password" not in result.output


def test_db_defaults_to_annotator_db_env(db, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DB", db)
    assert run("add", "rita", "--password-stdin", input=PASSWORD + "\n").exit_code == 0
    assert run("list").output.startswith("rita\treviewer\tactive")


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["add", "rita", "--password-stdin"], "short\n", "too short"),
        (["add", "bad name!", "--password-stdin"], PASSWORD + "\n", "invalid username"),
        (["add", "rita", "--password-stdin"], PASSWORD + "\n", "already exists"),
        (["set-role", "nobody", "editor"], None, "unknown user 'nobody'"),
        (["deactivate", "nobody"], None, "unknown user 'nobody'"),
        (["reactivate", "nobody"], None, "nobody"),
        (["reset-password", "rita", "--password-stdin"], "short\n", "too short"),
    ],
)
def test_refusals_are_one_line_errors(db, args, stdin, message):
    add(db, "rita")
    result = run(*args, "--db", db, input=stdin)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and message in result.output
    assert result.output.count("\n") == 1 and isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("args", [["add", "rita", "--role", "boss"], ["set-role", "rita", "god"]])
def test_unknown_role_is_a_usage_error_listing_the_roles(db, args):
    result = run(*args, "--db", db, input=PASSWORD + "\n")
    assert result.exit_code == 2
    assert all(role in result.output for role in ROLES)


@pytest.mark.parametrize(
    "target, message",
    [
        ("{tmp}/no/such/dir/review.db", "unable to open database file"),
        ("{tmp}/not-a-db.txt", "file is not a database"),
        ("postgresql://who:s3cret@127.0.0.1:1/none", "cannot use the review store"),
        ("nosuchdialect://x", "cannot use the review store"),
    ],
)
def test_unusable_store_is_a_one_line_error_without_password(tmp_path, target, message):
    (tmp_path / "not-a-db.txt").write_text("hello, not SQLite\n" * 100)
    result = run("list", "--db", target.format(tmp=tmp_path))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert message in result.output and result.output.count("\n") == 1
    assert "s3cret" not in result.output


@pytest.mark.parametrize(
    "command", ["add", "list", "set-role", "deactivate", "reactivate", "reset-password"]
)
def test_every_users_command_has_an_example(command):
    help_text = CliRunner().invoke(main, ["users", command, "--help"]).output
    assert "Example: annotator users " + command in help_text
    assert "--db" in help_text
