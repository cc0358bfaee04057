"""The adjudication view's rows: where another reviewer's decisions stand against the
signer's, item by item. Pure functions over decision records, no database.

Why: a signature covers only decisions its signer made or confirmed (signing.py). A second
reviewer therefore goes through the first one's decisions: agreements (both decided the same
way), disagreements (to settle in the Review page), and decisions to confirm (theirs is in
force and the signer has not decided the item). Confirming records the signer's own row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from annotator.review.items import effective_decisions
from annotator.review.records import DecisionRecord, Effective, ReviewItem

WORDS = {"agree": "agreed", "override": "overridden", "needs_edit": "needs edit",
         "dismiss": "dismissed"}  # fmt: skip


def positions(
    made: Iterable[DecisionRecord], versions: Sequence[str], items: Sequence[ReviewItem]
) -> dict[str, dict[str, Effective]]:
    """Each reviewer's own decision in force on each item: {reviewer: {key: Effective}}."""
    by_reviewer: dict[str, list[DecisionRecord]] = defaultdict(list)
    for d in made:
        by_reviewer[d.reviewer].append(d)
    return {r: effective_decisions(ds, versions, items) for r, ds in by_reviewer.items()}


def same_decision(a: DecisionRecord, b: DecisionRecord) -> bool:
    return a.decision == b.decision and (a.is_finding or a.final_verdict == b.final_verdict)


def describe(d: DecisionRecord | None) -> str:
    if d is None:
        return ""
    word = WORDS.get(d.decision, d.decision)
    return word + (f" → {d.decided_verdict}" if d.decision == "override" else "")


def adjudication_rows(
    items: Sequence[ReviewItem],
    effective: Mapping[str, Effective],
    by_reviewer: Mapping[str, Mapping[str, Effective]],
    me: str,
) -> list[dict]:
    """One row per item another reviewer decided: their decision and comment, mine, whether
    they agree, and whether theirs is in force and waits for my confirmation."""
    rows = []
    for item in items:
        others = {r: m[item.key] for r, m in by_reviewer.items() if r != me and item.key in m}
        if not others:
            continue
        now = effective.get(item.key)
        if now is not None and now.record.reviewer != me:
            theirs = now
        else:
            theirs = max(others.values(), key=lambda e: e.record.id)
        mine = by_reviewer.get(me, {}).get(item.key)
        if mine is None:
            agreement = ""
        else:
            agreement = "agree" if same_decision(mine.record, theirs.record) else "disagree"
        waiting = now is not None and now.record.reviewer != me and now.status == "current"
        rows.append(
            dict(
                key=item.key,
                item=item.label,
                kind=item.kind,
                verdict=item.verdict,
                reviewer=theirs.record.reviewer,
                their_decision=describe(theirs.record),
                their_comment=theirs.record.comment,
                your_decision=describe(mine.record if mine else None),
                agreement=agreement,
                to_confirm=waiting,
                decision_id=now.record.id if waiting else None,
                status=theirs.status,
            )
        )
    return rows
