"""The claims report with the reviewers' decisions merged in: one function for the app's
Reports page, `annotator report --db ... --out ...` and the tests.

Why here and not in the app: the merged report is what a team hands on (to an editor, to an
audit), so it must come out the same from the command line, with no browser involved. Each
stored document (its latest version) is checked again against the reference in force, so a
decision that rested on facts that changed since shows as `stale`.
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
from annotator.review.staleness import claim_states, decision_status
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


def merged_rows(
    result: DocumentResult, latest: Mapping[str, object], states: Mapping[str, tuple]
) -> list[dict]:
    """The report rows of one checked document with the latest decision on each claim merged
    in (`decision_status`: current, or stale when the claim or its facts changed)."""
    rows = []
    for row in report_rows(result):
        rec = latest.get(row["claim_id"])
        state = states.get(row["claim_id"])
        row.update(dict.fromkeys(DECISION_COLUMNS, ""))
        if rec is not None:
            row.update(
                decision=rec.decision,
                decided_verdict=rec.final_verdict,
                reviewer=rec.reviewer,
                decided_at=rec.created_at,
                comment=rec.comment,
                decision_status=decision_status(rec, *state) if state else "stale",
            )
        rows.append(row)
    return rows


def document_rows(store: ReviewStore, result: DocumentResult, reference: Reference) -> list[dict]:
    """Merged rows of one document already checked against `reference`."""
    name = result.document.name
    return merged_rows(
        result, store.latest_decisions(name), claim_states(result.checks, reference.by_id)
    )


@dataclass(frozen=True)
class ReviewedReport:
    rows: list[dict]
    findings: list[dict]
    documents: int

    def claims_csv(self) -> str:
        return to_csv(MERGED_COLUMNS, self.rows)

    def findings_csv(self) -> str:
        return to_csv(FINDING_COLUMNS, self.findings)


def reviewed_report(
    store: ReviewStore, reference: Reference, results: Iterable[DocumentResult] | None = None
) -> ReviewedReport:
    """The merged report of `results`, or of every document the store keeps (latest version of
    each, checked again against `reference`), in document-name order."""
    if results is None:
        results = (
            check_document(stored.document, reference=reference)
            for stored in store.load_documents()
        )
    rows: list[dict] = []
    findings: list[dict] = []
    count = 0
    for result in sorted(results, key=lambda r: r.document.name):
        rows += document_rows(store, result, reference)
        findings += finding_rows(result)
        count += 1
    return ReviewedReport(rows, findings, count)
