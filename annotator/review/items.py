"""What a reviewer decides, and which decision is in force on each: pure functions, no database.

Why it is built this way:
- A review item is a checkable claim or a finding. A finding has no stable ordinal, so its
  key is its kind + span + a hash of its text (of its detail, for a document-level finding):
  a re-check that does not change it gives the same key, so its decision survives.
- Documents have versions. The decision in force on an item of version k is the latest of:
  a decision on the same item of version k, or a decision on an earlier version whose claim
  text (or finding text) is the same — carried over. An item whose text changed only has the
  earlier decision on its position, which shows as stale. A decision is current while the
  text, the facts it rested on and the verdict shown are unchanged (staleness.py).
- The queue, the Review page, sign-off and the author report all use these functions, so
  they cannot disagree about what is decided.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from annotator.models import DocumentResult, Finding
from annotator.review.records import (
    FINDING,
    FINDING_PREFIX,
    DecisionRecord,
    Effective,
    ReviewItem,
)
from annotator.review.staleness import decision_status, fact_fingerprint


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def finding_key(finding: Finding) -> str:
    """F:<kind>@<start>-<end>#<hash of the finding's text, or of its detail when it has none>."""
    text = finding.text or finding.detail
    return f"{FINDING_PREFIX}{finding.kind}@{finding.start}-{finding.end}#{_hash(text)[:10]}"


def finding_label(finding: Finding) -> str:
    where = "whole article" if finding.end <= finding.start else f"'{finding.text[:40]}'"
    return f"{finding.kind.replace('_', ' ')} ({where})"


def review_items(result: DocumentResult, facts_by_id: Mapping) -> list[ReviewItem]:
    """The checkable claims in document order, then the findings by position (document-level
    ones first): everything a sign-off must cover."""
    items = []
    for c in result.checks:
        if c.claim.checkable:
            facts = [facts_by_id[i] for i in c.fact_ids if i in facts_by_id]
            items.append(
                ReviewItem(
                    c.claim.id,
                    "claim",
                    c.claim.id,
                    c.claim.text_hash,
                    fact_fingerprint(facts),
                    str(c.verdict),
                    c.severity == "critical",
                )
            )
    seen = set()
    for f in sorted(result.findings, key=lambda f: (f.start, f.end, f.kind)):
        key = finding_key(f)
        if key in seen:  # the same defect reported twice is one item
            continue
        seen.add(key)
        facts = [facts_by_id[i] for i in f.fact_ids if i in facts_by_id]
        items.append(
            ReviewItem(
                key,
                "finding",
                finding_label(f),
                _hash(f.text or f.detail),
                fact_fingerprint(facts),
                FINDING,
                any(fact.severity == "critical" for fact in facts),
            )
        )
    return items


def effective_decisions(
    made: Iterable[DecisionRecord], versions: Sequence[str], items: Iterable[ReviewItem]
) -> dict[str, Effective]:
    """The decision in force on each item of the last of `versions` (content hashes, oldest
    first); decisions on other texts of the document are ignored."""
    current, earlier = versions[-1], set(versions[:-1])
    on_item: dict[str, DecisionRecord] = {}
    by_text: dict[tuple[bool, str], DecisionRecord] = {}
    by_position: dict[str, DecisionRecord] = {}
    for d in sorted(made, key=lambda d: (d.is_finding, d.id)):
        if d.document_hash == current:
            on_item[d.claim_id] = d
        elif d.document_hash in earlier:
            by_text[(d.is_finding, d.claim_hash)] = d
            by_position[d.claim_id] = d
    out = {}
    for item in items:
        found = [
            d
            for d in (on_item.get(item.key), by_text.get((item.kind == "finding", item.text_hash)))
            if d is not None
        ]
        if found:
            d = max(found, key=lambda d: d.id)
            status = decision_status(d, item.text_hash, item.fact_fingerprint, item.verdict)
            out[item.key] = Effective(d, status, d.document_hash != current)
        elif item.key in by_position:
            out[item.key] = Effective(by_position[item.key], "stale", True)
    return out


def pending(items: Iterable[ReviewItem], effective: Mapping[str, Effective]) -> dict[str, str]:
    """{key: "missing" | "stale"} for the items without a current decision."""
    out = {}
    for item in items:
        found = effective.get(item.key)
        if found is None:
            out[item.key] = "missing"
        elif found.status != "current":
            out[item.key] = "stale"
    return out


def next_item(order: Sequence[str], todo: Iterable[str], current: str | None, step: int = 1):
    """The next key of `todo` after `current` in `order` (step -1: before it), wrapping."""
    todo = set(todo)
    if not todo:
        return None
    start = order.index(current) if current in order else -step if step > 0 else 0
    n = len(order)
    for i in range(1, n + 1):
        key = order[(start + step * i) % n]
        if key in todo:
            return key
    return None
