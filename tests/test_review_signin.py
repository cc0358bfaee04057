"""Sign-in under attack (issue 14): parallel guesses against the lock-out, per-client limits,
look-alike usernames and weak passwords.

Real threads against a real SQLite file, and PostgreSQL when ANNOTATOR_TEST_PG_URL is set.
"""

# ruff: noqa: F811 (the store and clock fixtures come from tests/review_fixtures.py)

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from annotator.review import throttle
from annotator.review.credentials import normalise_username, password_problem
from annotator.review.records import ReviewError
from annotator.review.store import ReviewStore
from tests.review_fixtures import PASSWORD, clock, store  # noqa: F401 (fixtures)

GUESSES = 24


class CountingHasher(PasswordHasher):
    """The tests' fast parameters, counting every password check (thread-safe)."""

    def __init__(self):
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.checks, self._lock = 0, threading.Lock()

    def verify(self, hash, password):
        with self._lock:
            self.checks += 1
        return super().verify(hash, password)


def in_parallel(call, n=GUESSES):
    barrier = threading.Barrier(n)

    def one(i):
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def details(store, **where):
    query = "SELECT detail FROM login_attempts" + (
        " WHERE " + " AND ".join(f"{k} = :{k}" for k in where) if where else ""
    )
    with store._engine.connect() as conn:
        return sorted(conn.execute(sa.text(query), where).scalars())


def test_parallel_wrong_passwords_get_at_most_the_limit_checked(store):
    store._hasher = counting = CountingHasher()
    results = in_parallel(lambda i: store.authenticate("rita", f"wrong guess {i}"))
    assert results == [None] * GUESSES
    assert counting.checks == throttle.LOCK_FAILURES  # 5 of 24, not 23
    assert details(store, username="rita") == ["checked"] * 5 + ["locked"] * 19
    assert store.authenticate("rita", PASSWORD) is None  # locked, right password or not
    assert counting.checks == throttle.LOCK_FAILURES


def test_parallel_guesses_from_one_client_over_many_names_are_limited(store):
    store._hasher = counting = CountingHasher()
    in_parallel(lambda i: store.authenticate(f"user{i}", "a guessed password", client="s1"))
    assert counting.checks == throttle.CLIENT_FAILURES
    assert store.locked_until("anyone", client="s1") is not None
    assert store.authenticate("rita", PASSWORD, client="s1") is None  # this client is locked
    assert store.authenticate("rita", PASSWORD, client="s2").username == "rita"  # others not
    assert store.authenticate("rita", PASSWORD).username == "rita"  # the CLI passes none


def test_sign_in_is_by_the_normalised_name_and_shares_its_lock_out(store, clock):
    assert store.authenticate("RITA", PASSWORD).username == "rita"
    assert store.authenticate("ｒｉｔａ", PASSWORD).username == "rita"  # fullwidth letters
    clock.advance(seconds=1)  # failures after the last success
    for spelling in ("Rita", "RITA", "rItA", "Rita", "rita"):
        store.authenticate(spelling, "a wrong password")
    assert store.locked_until("rita") is not None
    assert store.get_user("Rita").username == "rita"


@pytest.mark.parametrize(
    "username, message",
    [
        ("Rita", "already exists"),
        ("ｒｉｔａ", "already exists"),
        ("rіta", "mixes scripts"),  # Cyrillic і
        ("bоb", "mixes scripts"),  # Cyrillic о
        ("r1ta", "looks like the existing account 'rita'"),
        ("ri.ta", "looks like the existing account 'rita'"),
        ("b0b", "looks like the existing account 'bob'"),
        ("ed 2", "letters, digits and"),
        ("x" * 65, "1-64 characters"),
    ],
)
def test_look_alike_usernames_cannot_register(store, username, message):
    with pytest.raises(ReviewError, match=message):
        store.add_user(username, "a fine long passphrase", "reviewer")


def test_names_of_one_other_script_are_fine_and_stored_normalised(store):
    assert store.add_user("José.Ruiz", "a fine long passphrase").username == "josé.ruiz"
    assert store.add_user("иван", "a fine long passphrase").username == "иван"
    assert store.authenticate("JOSÉ.RUIZ", "a fine long passphrase").username == "josé.ruiz"


@pytest.mark.parametrize(
    "password, problem",
    [
        ("eleven char", "too short: at least 12"),
        ("password1234", "most common passwords"),
        ("Qwertyuiop123", "most common passwords"),
        ("iloveyou2024!", "most common passwords"),
        ("nora is my name", "contains the username"),
        ("NoRa-2025-spring", "contains the username"),
        ("correct horse staple", None),
    ],
)
def test_password_rules(password, problem):
    found = password_problem("nora", password)
    assert (found is None) if problem is None else (problem in found)


def test_weak_passwords_are_refused_on_add_and_reset(store):
    with pytest.raises(ReviewError, match="most common passwords"):
        store.add_user("nora", "password1234")
    with pytest.raises(ReviewError, match="contains the username"):
        store.reset_password("rita", "rita rita rita", by="ada")


def test_normalisation_is_nfkc_then_casefold():
    assert normalise_username("ＡＤＡ") == "ada" and normalise_username("Straße") == "strasse"


def test_an_account_from_before_normalisation_signs_in_by_its_normalised_name(store_url, clock):
    from tests.review_fixtures import FAST_HASHER
    from tests.test_review_store import old_user

    old = ReviewStore(store_url, upgrade=False, clock=clock, hasher=FAST_HASHER)
    old.upgrade("0004")
    old_user(old, "Rita", "reviewer")  # names were case-sensitive then
    old.close()
    with ReviewStore(store_url, clock=clock, hasher=FAST_HASHER) as store:
        assert store.authenticate("rita", PASSWORD).username == "Rita"
        assert store.get_user("RITA").username == "Rita"
        with pytest.raises(ReviewError, match="already exists"):
            store.add_user("rita", "a fine long passphrase")


def test_a_damaged_attempt_time_does_not_break_sign_in(store):
    with store._engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO login_attempts (username, ok, detail, at) VALUES "
                "('rita', false, 'checked', 'garbage')"
            )
        )
    assert store.authenticate("rita", PASSWORD).username == "rita"


def test_an_unwritable_anchor_is_a_one_line_error_after_the_commit(store, tmp_path):
    store._anchor.path = tmp_path / "no-such-dir" / "x" / "anchor.jsonl"
    (tmp_path / "no-such-dir").write_text("a file where a folder should be")
    with pytest.raises(ReviewError, match="the change was saved, but the audit anchor"):
        store.set_role("rita", "editor", by="ada")
    assert store.get_user("rita").role == "editor"
