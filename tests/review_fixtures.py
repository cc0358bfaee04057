"""Fixtures and helpers shared by the review-store tests (tests/test_review_*.py).

A settable clock, a store with a reviewer, a second reviewer, an editor and an admin (on a
SQLite file and, with ANNOTATOR_TEST_PG_URL, on PostgreSQL: conftest's store_url), and three
review items of one document: two checkable claims and a finding.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from annotator.review.records import ReviewItem
from annotator.review.store import ReviewStore

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # tests only
PASSWORD = "correct horse"
DOC, TEXT = "baclofen.txt", "dochash"
ITEMS = [
    ReviewItem("c001", "claim", "c001", "t1", "f1", "consistent"),
    ReviewItem("c002", "claim", "c002", "t2", "f2", "consistent"),
    ReviewItem("F:spin_artifact@5-9#aaaa", "finding", "spin artifact", "h3", "", "finding"),
]
BY_KEY = {i.key: i for i in ITEMS}


class Clock:
    """A settable UTC clock, so lock-out windows and sign-in ages are tested without sleeping."""

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
    for name, role in (
        ("rita", "reviewer"),
        ("ed", "editor"),
        ("ada", "admin"),
        ("bob", "reviewer"),
    ):
        s.add_user(name, PASSWORD, role)
    yield s
    s.close()


def decide(store, key="c001", decision="agree", reviewer="rita", item=None, **kw):
    item = item or BY_KEY[key]
    if decision in ("override", "needs_edit"):
        kw.setdefault("comment", "the label says otherwise")
    return store.decide_item(DOC, TEXT, item, decision, reviewer, reference_version="v1", **kw)


def decide_all(store, reviewer="rita", items=ITEMS):
    for item in items:
        decide(store, item=item, reviewer=reviewer)


def sign_off(store, reviewer="rita", outcome="approved", items=ITEMS, **kw):
    kw.setdefault("password", PASSWORD)
    return store.sign_off(DOC, TEXT, reviewer, outcome, "v1", items, **kw)
