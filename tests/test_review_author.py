"""The author-facing report (HTML and CSV) and the merged claims report: what goes back to the
writer must be complete, self-contained and safe with hostile text. No ../shared needed.
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest

from annotator.knowledge.loader import load_reference
from annotator.models import Document
from annotator.pipeline import check_document
from annotator.review.author_report import COLUMNS, author_report
from annotator.review.items import review_items
from annotator.review.records import DecisionRecord, Effective
from annotator.review.report import MERGED_COLUMNS, merged_rows
from tests.app_helpers import ARTICLE, ROOT

HOSTILE = '<img src=x onerror=alert(1)> =HYPERLINK("http://evil") "quoted" & <b>bold</b>'


@pytest.fixture(scope="module")
def reference():
    return load_reference(ROOT / "reference_notes")


def decided(key, decision="agree", comment="", verdict="inconsistent", **kw):
    return Effective(
        DecisionRecord(
            id=1, document="d", document_hash="h", claim_id=key, claim_hash="t",
            verdict_shown=verdict, decision=decision, decided_verdict=kw.get("decided"),
            comment=comment, reviewer="alice", created_at="2025-03-01T09:00:00+00:00",
            reference_version="r", fact_fingerprint="f", prev_hash="", row_hash="",
        ),
        kw.get("status", "current"),
    )  # fmt: skip


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.links = set(), set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(a for a, _ in attrs)
        self.links += [v for a, v in attrs if a == "href"]


def test_author_report_has_every_claim_and_finding_with_decision_passage_and_source(reference):
    result = check_document(Document("sample.md", ARTICLE, "md"), reference=reference)
    items = review_items(result, reference.by_id)
    effective = {"c002": decided("c002", "needs_edit", "Say 'centrally acting'.")}
    report = author_report(result, effective, reference)
    rows = list(csv.DictReader(io.StringIO(report.csv)))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(result.checks) + len({i.key for i in items if i.kind == "finding"})
    c002 = next(r for r in rows if r["item"] == "c002")
    assert (c002["verdict"], c002["decision"], c002["comment"]) == (
        "inconsistent", "needs_edit", "Say 'centrally acting'."
    )  # fmt: skip
    assert c002["reference"] and c002["sources"]  # the passage and where it comes from
    assert next(r for r in rows if r["item"] == "c003")["status"] == "undecided"
    assert "Say &#x27;centrally acting&#x27;." in report.html
    assert "Not signed off yet" in report.html
    parsed = Tags()
    parsed.feed(report.html)
    assert "script" not in parsed.tags and not any(a.startswith("on") for a in parsed.attrs)
    assert all(link.startswith(("https://", "http://")) for link in parsed.links)
    assert "default-src 'none'" in report.html  # nothing external can load


def test_author_report_escapes_hostile_text_and_comments(reference):
    text = f"Baclofen is a peripheral muscle relaxant. {HOSTILE}\n"
    result = check_document(Document("evil <name>.txt", text), reference=reference)
    report = author_report(result, {"c001": decided("c001", "needs_edit", HOSTILE)}, reference)
    parsed = Tags()
    parsed.feed(report.html)
    assert parsed.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "p", "div",
                           "b", "i", "br", "table", "tr", "th", "td", "a"}  # fmt: skip
    assert "<img" not in report.html and "&lt;img src=x onerror=alert(1)&gt;" in report.html
    assert "evil &lt;name&gt;.txt" in report.html
    cells = [c for row in csv.reader(io.StringIO(report.csv)) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]  # no spreadsheet formula


def test_merged_report_has_decision_columns(reference):
    result = check_document(Document("sample.md", ARTICLE, "md"), reference=reference)
    rows = merged_rows(result, {"c002": decided("c002", "override", "x", decided="consistent")})
    assert tuple(rows[0]) == MERGED_COLUMNS
    c002 = next(r for r in rows if r["claim_id"] == "c002")
    assert (c002["decision"], c002["decided_verdict"], c002["decision_status"]) == (
        "override", "consistent", "current"
    )  # fmt: skip
    assert {r["decision"] for r in rows if r["claim_id"] != "c002"} == {""}


def test_report_command_merges_the_decisions_in_force(tmp_path, reference):
    """`annotator report` over a store: the latest version of each document, re-checked, with
    the decision in force on each claim."""
    import subprocess
    import sys

    from annotator.review.store import ReviewStore

    db = tmp_path / "review.db"
    result = check_document(Document("sample.md", ARTICLE, "md"), reference=reference)
    items = {i.key: i for i in review_items(result, reference.by_id)}
    with ReviewStore(db) as store:
        store.add_user("alice", "correct horse 1", "reviewer")
        version = store.register(result.document, "alice", "folder")
        store.decide_item(version.doc_id, version.content_hash, items["c002"], "needs_edit",
                          "alice", comment="=say centrally acting")  # fmt: skip
    out = tmp_path / "reviewed.csv"
    done = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "report", "--db", str(db), "--out", str(out),
         "--notes", str(ROOT / "reference_notes")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 documents, 7 claims, 1 decided" in done.stderr
    rows = {r["claim_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert (rows["c002"]["decision"], rows["c002"]["comment"]) == (
        "needs_edit", "'=say centrally acting"
    )  # fmt: skip
    assert rows["c002"]["decision_status"] == "current"
