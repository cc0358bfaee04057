"""When a reviewer's decision stops being current: the staleness rules of the review store.

Why it is built this way: a decision is stale when the claim text, the facts it rested on,
or (when given) the verdict the pipeline now shows changed since it was made. These are
pure functions over records, with no database, so the queue, sign-off and tests share them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

from annotator.models import Check, Fact
from annotator.review.records import ClaimState, DecisionRecord


def fact_fingerprint(facts: Iterable[Fact]) -> str:
    """Hash of the content of the facts a verdict rested on (order-free; `Fact.content()`:
    moving a row in reference_notes/ or accepting an imported row does not make decisions
    stale, editing it does, and so does a newer label version that says something else)."""
    rows = sorted(json.dumps(f.content(), sort_keys=True, ensure_ascii=False) for f in facts)
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16]


def claim_states(checks: Iterable[Check], facts_by_id: Mapping[str, Fact]) -> dict[str, ClaimState]:
    """ClaimState for each checked claim, for document_status() / sign_off()."""
    return {
        c.claim.id: ClaimState(
            c.claim.text_hash,
            fact_fingerprint(facts_by_id[i] for i in c.fact_ids if i in facts_by_id),
            str(c.verdict),
        )
        for c in checks
    }


def decision_status(
    record: DecisionRecord, claim_text_hash: str, fact_fingerprint: str, verdict: str = ""
) -> str:
    """ "current" while the claim text and the facts (and the verdict, when given) are unchanged."""
    same = record.claim_hash == claim_text_hash and record.fact_fingerprint == fact_fingerprint
    if verdict and verdict != record.verdict_shown:
        same = False
    return "current" if same else "stale"
