"""Decisions on claims and findings: made one by one, confirmed, or accepted in bulk.

Why it is built this way:
- Rows are only appended; the decision in force on an item is computed (items.py), so the
  audit trail is the data itself.
- A decision records the state it was made on: the claim's text hash, the facts' fingerprint,
  the verdict shown and `seen`, the decision the reviewer's page showed. When someone else
  decided the item since, the write is refused with DecisionConflict (both decisions in it),
  never applied silently; the reviewer then keeps theirs or records again, knowingly.
- A confirmation is the confirmer's own row copying the decision it confirms (`via` confirm,
  `confirms` its id): a signature then only needs the signer's rows under it.
- A bulk action (accept every consistent claim) is one transaction whose rows share a
  `via` of bulk:<id>, and it skips any item someone decided meanwhile.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from annotator.review.assignments import Assignments
from annotator.review.db import decisions, finding_decisions
from annotator.review.items import effective_decisions
from annotator.review.queries import decisions_of, order, signed_version, version_chain
from annotator.review.records import (
    CLAIM_DECISIONS,
    FINDING,
    FINDING_DECISIONS,
    FINDING_PREFIX,
    VERDICTS,
    DecisionConflict,
    DecisionRecord,
    Effective,
    ReviewError,
    ReviewItem,
)

WORDS = {
    "agree": "agreed",
    "override": "overridden",
    "needs_edit": "needs edit",
    "dismiss": "dismissed",
}


class Decisions(Assignments):
    """decide(), decide_item(), confirm(), bulk_decide() and what they read."""

    def decide(
        self,
        document: str,
        document_hash: str,
        claim_id: str,
        claim_hash: str,
        verdict_shown: str,
        decision: str,
        reviewer: str,
        *,
        decided_verdict: str | None = None,
        comment: str = "",
        reference_version: str = "",
        fact_fingerprint: str = "",
        seen: int | None = None,
    ) -> DecisionRecord:
        """Append a decision on one item (a claim id, or a finding key). An override names
        the reviewer's verdict; overrides and needs_edit need a comment saying why. `seen`:
        the id of the decision the reviewer's page showed (0: none); None skips the check."""
        item = ReviewItem(
            claim_id, _kind(claim_id), claim_id, claim_hash, fact_fingerprint, str(verdict_shown)
        )
        _validate(document, item, decision, decided_verdict, comment)
        values = dict(
            decision=decision,
            decided_verdict=decided_verdict or None,
            comment=comment,
            reference_version=reference_version,
        )
        with self._write() as conn:
            self._guard(conn, document, document_hash, reviewer, "record decisions")
            if seen is not None:
                _no_conflict(conn, document, document_hash, item, seen, reviewer, values)
            return self._append(
                conn, document, document_hash, item, reviewer, values, seen=seen, via="decide"
            )

    def decide_item(
        self,
        document: str,
        document_hash: str,
        item: ReviewItem,
        decision: str,
        reviewer: str,
        **kw,
    ) -> DecisionRecord:
        return self.decide(
            document,
            document_hash,
            item.key,
            item.text_hash,
            item.verdict,
            decision,
            reviewer,
            fact_fingerprint=item.fact_fingerprint,
            **kw,
        )

    def confirm(
        self,
        document: str,
        document_hash: str,
        item: ReviewItem,
        decision_id: int,
        reviewer: str,
        reference_version: str = "",
    ) -> DecisionRecord:
        """Take over another reviewer's current decision on `item` as the confirmer's own."""
        with self._write() as conn:
            self._guard(conn, document, document_hash, reviewer, "confirm decisions")
            found = _effective(conn, document, document_hash, item)
            if found is None or found.record.id != decision_id:
                raise ReviewError(
                    f"{item.label}: the decision to confirm is no longer the one "
                    "in force; reload and look again"
                )
            theirs = found.record
            if found.status != "current":
                raise ReviewError(
                    f"{item.label}: {theirs.reviewer}'s decision is stale "
                    "(the claim or its facts changed); decide it yourself"
                )
            if theirs.reviewer == reviewer:
                raise ReviewError(f"{item.label}: the decision is already yours")
            values = dict(
                decision=theirs.decision,
                decided_verdict=theirs.decided_verdict,
                comment=theirs.comment,
                reference_version=reference_version,
            )
            return self._append(
                conn,
                document,
                document_hash,
                item,
                reviewer,
                values,
                seen=decision_id,
                via="confirm",
                confirms=str(decision_id),
            )

    def bulk_decide(
        self,
        document: str,
        document_hash: str,
        items: Sequence[ReviewItem],
        decision: str,
        reviewer: str,
        *,
        comment: str = "",
        reference_version: str = "",
        seen: Mapping[str, int] | None = None,
    ) -> tuple[list[DecisionRecord], list[str]]:
        """One recorded action deciding every item of `items` that has no current decision
        and whose decision in force is still the one the page showed (`seen`, default none);
        returns (rows recorded, keys skipped because someone decided them meanwhile)."""
        for item in items:
            _validate(document, item, decision, None, comment)
        seen = seen or {}
        batch = "bulk:" + uuid.uuid4().hex[:12]
        recorded, skipped = [], []
        with self._write() as conn:
            self._guard(conn, document, document_hash, reviewer, "record decisions")
            values = dict(
                decision=decision,
                decided_verdict=None,
                comment=comment,
                reference_version=reference_version,
            )
            for item in items:
                found = _effective(conn, document, document_hash, item)
                now = found.record.id if found else 0
                if now != seen.get(item.key, 0) or (found and found.status == "current"):
                    skipped.append(item.key)
                    continue
                recorded.append(
                    self._append(
                        conn, document, document_hash, item, reviewer, values, seen=now, via=batch
                    )
                )
        return recorded, skipped

    def decisions(self, document: str | None = None) -> list[DecisionRecord]:
        """Every decision on claims and findings (of one document), oldest first."""
        with self._reader.connect() as conn:
            return decisions_of(conn, document)

    def latest_decisions(self, document: str) -> dict[str, DecisionRecord]:
        """The latest decision per item key, whatever version it was made on."""
        return {d.claim_id: d for d in sorted(self.decisions(document), key=order)}

    def effective(
        self, document: str, document_hash: str, items: Sequence[ReviewItem]
    ) -> dict[str, Effective]:
        with self._reader.connect() as conn:
            return effective_decisions(
                decisions_of(conn, document), version_chain(conn, document, document_hash), items
            )

    # -- inside a write transaction ----------------------------------------------------------
    def _guard(self, conn, document: str, document_hash: str, reviewer: str, doing: str):
        self._require(conn, reviewer, "reviewer", doing)
        if signed_version(conn, document, document_hash):
            raise ReviewError(f"{document} is signed off; an editor must reopen it first")
        self._require_holder(conn, document, reviewer, doing)
        self._ensure_document(conn, document, document_hash)

    def _append(
        self,
        conn,
        document,
        document_hash,
        item: ReviewItem,
        reviewer,
        values,
        *,
        seen,
        via,
        confirms="",
    ) -> DecisionRecord:
        row = dict(
            document=document,
            document_hash=document_hash,
            claim_id=item.key,
            claim_hash=item.text_hash,
            verdict_shown=item.verdict,
            reviewer=reviewer,
            created_at=self._now(),
            fact_fingerprint=item.fact_fingerprint,
            seen="" if seen is None else str(seen),
            via=via,
            confirms=confirms,
            **values,
        )
        table = finding_decisions if item.kind == "finding" else decisions
        return DecisionRecord(**self._chain(conn, table, row))


def _kind(key: str) -> str:
    return "finding" if key.startswith(FINDING_PREFIX) else "claim"


def _validate(document, item: ReviewItem, decision, decided_verdict, comment) -> None:
    problems = []
    allowed = FINDING_DECISIONS if item.kind == "finding" else CLAIM_DECISIONS
    if item.kind == "finding" and item.verdict != FINDING:
        problems.append(f"a finding's verdict_shown is {FINDING!r}")
    if item.kind == "claim" and item.verdict not in VERDICTS:
        problems.append(f"verdict_shown {item.verdict!r} is not one of {', '.join(VERDICTS)}")
    if decision not in allowed:
        problems.append(f"decision {decision!r} is not one of {', '.join(allowed)}")
    if decision == "override" and decided_verdict not in VERDICTS:
        problems.append(f"an override needs decided_verdict, one of {', '.join(VERDICTS)}")
    if decision != "override" and decided_verdict:
        problems.append("decided_verdict is only for decision 'override'")
    if decision in ("override", "needs_edit") and not comment.strip():
        problems.append(f"decision {decision!r} needs a comment saying why")
    if problems:
        raise ReviewError(f"{document} {item.key}: " + "; ".join(problems))


def _no_conflict(conn, document, document_hash, item, seen, reviewer, mine) -> None:
    found = _effective(conn, document, document_hash, item)
    if found is None or found.record.id == int(seen or 0) or found.record.reviewer == reviewer:
        return
    theirs = found.record
    raise DecisionConflict(
        f"{item.label} was decided by {theirs.reviewer} ({WORDS[theirs.decision]}, "
        f"{theirs.created_at[11:16]} UTC) after your page showed it; nothing was recorded: "
        "keep their decision or record yours",
        theirs,
        mine,
    )


def _effective(conn, document, document_hash, item: ReviewItem) -> Effective | None:
    made = decisions_of(conn, document, finding=item.kind == "finding")
    chain = version_chain(conn, document, document_hash)
    return effective_decisions(made, chain, [item]).get(item.key)
