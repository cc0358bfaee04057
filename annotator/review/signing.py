"""What a signature may attest, and the words it attests in: pure rules, no database.

Why it is built this way: a sign-off is an electronic signature (21 CFR Part 11 in spirit),
so it must cover what it says. Every outcome needs a current decision on every checkable
claim, and every decision under it (on claims and on findings) made or explicitly confirmed
by the signer. "Approved" is refused while anything is marked needs edit, a claim is
confirmed inconsistent with the reference, or a critical finding (one resting on a critical
fact) is undecided; "Approved with changes" needs something to change; "Not approved" needs a
note to the author. Other findings may stay undecided; the meaning says how many. The meaning
is generated from the counts, so the words always match the rows under the signature.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from annotator.review.items import pending
from annotator.review.records import OUTCOMES, Effective, ReviewItem

SHOW = 8  # items named in a message before "and N more"


class Summary(NamedTuple):
    claims: int
    findings: int  # findings decided
    undecided_findings: int
    made: int  # decisions in force made by the signer
    confirmed: int  # decisions in force the signer confirmed from another reviewer
    needs_edit: int  # claims and findings marked needs edit
    inconsistent: int  # claims whose decided verdict is inconsistent

    @property
    def changes(self) -> int:
        return self.needs_edit + self.inconsistent


def summarize(
    items: Sequence[ReviewItem], effective: Mapping[str, Effective], signer: str
) -> Summary:
    todo = pending(items, effective)
    decided = [effective[i.key].record for i in items if i.key not in todo]
    mine = [d for d in decided if d.reviewer == signer]
    findings = [i for i in items if i.kind == "finding"]
    return Summary(
        claims=sum(i.kind == "claim" for i in items),
        findings=sum(i.key not in todo for i in findings),
        undecided_findings=sum(i.key in todo for i in findings),
        made=sum(not d.confirmed for d in mine),
        confirmed=sum(d.confirmed for d in mine),
        needs_edit=sum(d.decision == "needs_edit" for d in decided),
        inconsistent=sum(not d.is_finding and d.final_verdict == "inconsistent" for d in decided),
    )


def signature_problems(
    outcome: str,
    signer: str,
    items: Sequence[ReviewItem],
    effective: Mapping[str, Effective],
    note: str = "",
) -> list[str]:
    """Every reason this signature cannot be given now (empty: it can)."""
    if outcome not in OUTCOMES:
        return [f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}"]
    labels = {i.key: i.label for i in items}
    todo = pending(items, effective)
    problems = []
    critical = [i.label for i in items if i.critical and i.kind == "finding" and i.key in todo]
    if critical and outcome == "approved":
        problems.append("critical finding undecided: " + _names(critical))
    claims = {i.key for i in items if i.kind == "claim"}
    open_claims = [
        f"{labels[k]}{' (stale)' if why == 'stale' else ''}"
        for k, why in todo.items()
        if k in claims
    ]
    if open_claims:
        problems.append("no current decision on " + _names(open_claims))
    others = [
        f"{i.label} ({effective[i.key].record.reviewer})"
        for i in items
        if i.key in effective and i.key not in todo and effective[i.key].record.reviewer != signer
    ]
    if others:
        problems.append(
            f"decided by another reviewer and not confirmed by {signer} (confirm them in the "
            "adjudication view or decide them yourself): " + _names(others)
        )
    decided = {i.key: effective[i.key].record for i in items if i.key not in todo}
    edits = [labels[k] for k, d in decided.items() if d.decision == "needs_edit"]
    wrong = [
        labels[k]
        for k, d in decided.items()
        if not d.is_finding and d.final_verdict == "inconsistent"
    ]
    if outcome == "approved":
        if edits:
            problems.append("marked needs edit: " + _names(edits))
        if wrong:
            problems.append("confirmed inconsistent with the reference: " + _names(wrong))
    elif outcome == "approved_with_changes" and not (edits or wrong) and not open_claims:
        problems.append("nothing is marked to change; sign it as Approved")
    elif outcome == "not_approved" and not note.strip():
        problems.append("a return to the author needs a note saying what must change")
    return problems


def meaning_text(
    outcome: str,
    signer: str,
    name: str,
    version: str,
    document_hash: str,
    reference_version: str,
    s: Summary,
) -> str:
    """The signature's meaning in words, from the counts of the decisions under it."""
    head = (
        f"I, {signer}, reviewed {name} (version {version or '1'}, text {document_hash}) against "
        f"reference version {reference_version}: {_n(s.claims, 'checkable claim')} and "
        f"{_n(s.findings, 'finding')} decided"
        + (
            f" ({s.undecided_findings} other findings left undecided)"
            if s.undecided_findings
            else ""
        )
        + f", every decision made by me ({s.made}) or confirmed by me "
        f"from another reviewer ({s.confirmed}). "
    )
    verdict = {
        "approved": "I approve it: no claim or finding needs an edit and no claim contradicts "
        "the reference.",
        "approved_with_changes": f"I approve it on condition that {_n(s.changes, 'change')} "
        f"{'is' if s.changes == 1 else 'are'} made ({_n(s.needs_edit, 'item')} marked needs "
        f"edit, {_n(s.inconsistent, 'claim')} contradicting the reference).",
        "not_approved": "I do not approve it; it is returned to the author with "
        f"{_n(s.changes, 'item')} to change ({_n(s.needs_edit, 'item')} marked needs edit, "
        f"{_n(s.inconsistent, 'claim')} contradicting the reference).",
    }[outcome]
    return (
        head + verdict + " This attests consistency with the cited reference notes, not "
        "medical truth."
    )


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _names(labels: Iterable[str]) -> str:
    labels = list(labels)
    shown = ", ".join(labels[:SHOW])
    return shown + (f" and {len(labels) - SHOW} more" if len(labels) > SHOW else "")
