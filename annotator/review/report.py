"""The claims report with the reviewers' decisions merged in: one function for the app's
Reports page, `annotator report --db ... --out ...` and the tests.

Why here and not in the app: the merged report is what a team hands on (to an editor, to an
audit), so it must come out the same from the command line, with no browser involved. Each
stored document (its latest version) is checked again against the reference in force, so a
decision that rested on facts that changed since shows as `stale`; decisions made on an
earlier version count where the claim text is unchanged (items.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annotator.knowledge.reference import Reference
from annotator.models import DocumentResult
from annotator.outputs.reports import (
    FINDING_COLUMNS,
    REPORT_COLUMNS,
    finding_rows,
    report_rows,
    to_csv,
)
from annotator.pipeline import check_document
from annotator.review.items import review_items
from annotator.review.records import Effective
from annotator.review.store import ReviewStore

DECISION_COLUMNS = (
    "decision",
    "decided_verdict",
    "reviewer",
    "decided_at",
    "comment",
    "decision_status",
)
MERGED_COLUMNS = REPORT_COLUMNS + DECISION_COLUMNS


def merged_rows(result: DocumentResult, effective: Mapping[str, Effective]) -> list[dict]:
    """The report rows of one checked document with the decision in force on each claim
    merged in (`decision_status`: current, or stale when the claim or its facts changed)."""
    rows = []
    for row in report_rows(result):
        found = effective.get(row["claim_id"])
        row.update(dict.fromkeys(DECISION_COLUMNS, ""))
        if found is not None:
            rec = found.record
            row.update(
                decision=rec.decision,
                decided_verdict=rec.final_verdict,
                reviewer=rec.reviewer,
                decided_at=rec.created_at,
                comment=rec.comment,
                decision_status=found.status,
            )
        rows.append(row)
    return rows


def document_effective(
    store: ReviewStore, doc_id: str, result: DocumentResult, reference: Reference
) -> dict[str, Effective]:
    """The decisions in force on every item of one checked document version."""
    items = review_items(result, reference.by_id)
    return store.effective(doc_id, result.document.id, items)


@dataclass(frozen=True)
class ReviewedReport:
    rows: list[dict]
    findings: list[dict]
    documents: int

    def claims_csv(self) -> str:
        return to_csv(MERGED_COLUMNS, self.rows)

    def findings_csv(self) -> str:
        return to_csv(FINDING_COLUMNS, self.findings)


def stored_results(store: ReviewStore, reference: Reference):
    """(doc_id, result) for the latest version of every stored document whose text is kept,
    checked again against `reference`."""
    for version in store.latest_versions():
        document = store.document_of(version)
        if document is not None:
            yield version.doc_id, check_document(document, reference=reference)


def reviewed_report(
    store: ReviewStore,
    reference: Reference,
    results: Iterable[tuple[str, DocumentResult]] | None = None,
) -> ReviewedReport:
    """The merged report of `results` ((doc_id, result) pairs), or of every document the
    store keeps (latest version of each), in document-name order."""
    if results is None:
        results = stored_results(store, reference)
    rows: list[dict] = []
    findings: list[dict] = []
    count = 0
    for doc_id, result in sorted(results, key=lambda p: (p[1].document.name, p[0])):
        rows += merged_rows(result, document_effective(store, doc_id, result, reference))
        findings += finding_rows(result)
        count += 1
    return ReviewedReport(rows, findings, count)
