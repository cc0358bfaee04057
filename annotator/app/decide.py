"""The open item's panel: what it says, the decision buttons right under it, a conflict when
someone else decided it meanwhile, then why the checker said what it said.

Why it is shaped this way:
- The buttons sit next to the claim, not below its details, and carry single-key shortcuts
  (A agree, O override, E needs edit, D dismiss, J next, K previous). Streamlit's own button
  shortcuts ignore keys typed into a text box, so typing a comment never decides anything;
  and there is no form, so Ctrl+Enter in the comment box only commits the text.
- Every decision is sent with `seen`, the decision this page showed; the store refuses it if
  someone else decided since, and the panel shows both decisions and lets the reviewer keep
  theirs or record their own knowingly.
"""

from __future__ import annotations

import streamlit as st

from annotator.app.details import claim_details, finding_details
from annotator.app.render import DECISION_LABEL, md, verdict_label
from annotator.app.session import user_action
from annotator.app.state import Ctx, Entry, flash
from annotator.models import Verdict
from annotator.review.items import next_item
from annotator.review.records import DecisionConflict, ReviewError, ReviewItem

SHORTCUTS = {"agree": "a", "override": "o", "needs_edit": "e", "dismiss": "d"}
NAV = {"prev": ("◀ Previous", "k"), "next": ("Next ▶", "j")}


def item_panel(ctx: Ctx, entry: Entry, key: str, order: list[str], readonly: str) -> None:
    """`readonly`: why nothing can be decided now ("" when it can)."""
    items = {i.key: i for i in entry.items}
    state = ctx.state(entry)
    found = state.effective.get(key)
    item = items.get(key)
    check = next((c for c in entry.result.checks if c.claim.id == key), None)
    if check is not None:
        claim_details(ctx.reference, check, head=True)
    else:
        finding_details(ctx.reference, entry.result, key, head=True)
    if found is not None:
        rec = found.record
        text = (
            f"Decision: **{DECISION_LABEL[rec.decision]}**"
            + (f" → {verdict_label(rec.decided_verdict)}" if rec.decided_verdict else "")
            + f" by {md(rec.reviewer)} at {rec.created_at[:16].replace('T', ' ')} UTC"
            + (" (confirmed from another reviewer)" if rec.confirmed else "")
            + (" · carried over from an earlier version" if found.carried else "")
        )
        if found.status == "stale":
            st.warning(
                text + " — **stale**: the text or its reference facts changed; decide again."
            )
        else:
            st.success(text)
        if rec.comment:
            st.text(f"Comment: {rec.comment}")
    _conflict(ctx, entry, item, order)
    if item is None:
        st.caption(f"This {check.claim.kind if check else 'item'} is not checkable; no decision.")
    elif readonly:
        st.caption(readonly)
    else:
        _buttons(ctx, entry, item, order, found.record.id if found else 0)
    _nav(order, key)
    if check is not None:
        claim_details(ctx.reference, check, head=False)
    else:
        finding_details(ctx.reference, entry.result, key, head=False)


def _buttons(ctx: Ctx, entry: Entry, item: ReviewItem, order: list[str], seen: int) -> None:
    choices = ["agree", "dismiss", "needs_edit"] if item.kind == "finding" else [
        "agree", "override", "needs_edit"]  # fmt: skip
    cols = st.columns(len(choices))
    for col, decision in zip(cols, choices, strict=True):
        label = {"agree": "✓ Agree", "override": "Override", "needs_edit": "Needs edit",
                 "dismiss": "Dismiss"}[decision]  # fmt: skip
        col.button(
            label,
            key=f"decide_{decision}",
            type="primary" if decision == "agree" else "secondary",
            shortcut=SHORTCUTS[decision],
            on_click=_decide,
            args=(ctx, entry, item, decision, seen, order),
            width="stretch",
        )
    if item.kind == "claim":
        others = [v.value for v in Verdict if v.value != item.verdict]
        st.selectbox("Correct verdict (for Override)", others, format_func=verdict_label,
                     key="override_verdict")  # fmt: skip
    st.text_area(
        "Comment (required for Override and Needs edit)",
        key="comment",
        height=68,
        help="Typing here never decides: shortcuts act only outside text boxes.",
    )


def _nav(order: list[str], key: str) -> None:
    cols = st.columns(2)
    for col, (name, (label, shortcut)) in zip(cols, NAV.items(), strict=True):
        col.button(label, key=f"nav_{name}", shortcut=shortcut, on_click=_move,
                   args=(order, key, -1 if name == "prev" else 1), width="stretch")  # fmt: skip


def _move(order: list[str], key: str, step: int) -> None:
    go(next_item(order, order, key, step) or key)


def go(key: str) -> None:
    """Open another item: a fresh comment box, no leftover conflict."""
    st.session_state.update(item=key, comment="", conflict=None)


@user_action
def _decide(ctx, entry: Entry, item: ReviewItem, decision: str, seen: int, order) -> None:
    comment = (st.session_state.get("comment") or "").strip()
    verdict = st.session_state.get("override_verdict") if decision == "override" else None
    record(ctx, entry, item, decision, verdict, comment, seen, order)


def record(ctx, entry: Entry, item: ReviewItem, decision, verdict, comment, seen, order) -> None:
    """Send one decision to the store; on success open the next undecided item."""
    try:
        ctx.store.decide_item(
            entry.doc_id,
            entry.version.content_hash,
            item,
            decision,
            ctx.user.username,
            decided_verdict=verdict,
            comment=comment,
            reference_version=entry.result.reference_version,
            seen=seen,
        )
    except DecisionConflict as exc:
        st.session_state["conflict"] = dict(
            key=item.key, theirs=exc.theirs, mine=dict(decision=decision, verdict=verdict,
                                                        comment=comment))  # fmt: skip
        return
    except ReviewError as exc:
        flash(md(exc), "error")
        return
    ctx.forget_states()
    nxt = next_item(order, ctx.state(entry).pending, item.key)
    labels = {i.key: i.label for i in entry.items}
    flash(
        md(f"{item.label}: {DECISION_LABEL[decision]}.")
        + (f" Next undecided: {md(labels[nxt])}." if nxt else " Every item is decided.")
    )
    go(nxt or item.key)


_record_mine = user_action(record)


def _conflict(ctx, entry: Entry, item: ReviewItem | None, order) -> None:
    conflict = st.session_state.get("conflict")
    if not conflict or item is None or conflict["key"] != item.key:
        return
    theirs, mine = conflict["theirs"], conflict["mine"]
    st.error(
        f"**Conflict:** {md(theirs.reviewer)} decided {md(item.label)} at "
        f"{theirs.created_at[11:16]} UTC, after your page showed it. Nothing of yours was "
        "recorded. Choose:"
    )
    c1, c2 = st.columns(2)
    c1.markdown(
        f"**{md(theirs.reviewer)}:** {DECISION_LABEL[theirs.decision]}"
        + (f" → {verdict_label(theirs.decided_verdict)}" if theirs.decided_verdict else "")
        + (f"  \n{md(theirs.comment)}" if theirs.comment else "")
    )
    c2.markdown(
        f"**You:** {DECISION_LABEL[mine['decision']]}"
        + (f" → {verdict_label(mine['verdict'])}" if mine["verdict"] else "")
        + (f"  \n{md(mine['comment'])}" if mine["comment"] else "")
    )
    c1.button(f"Keep {theirs.reviewer}'s decision", key="conflict_keep",
              on_click=lambda: st.session_state.update(conflict=None))  # fmt: skip
    c2.button(
        "Record mine instead",
        key="conflict_mine",
        on_click=_record_mine,
        args=(ctx, entry, item, mine["decision"], mine["verdict"], mine["comment"], theirs.id,
              order),
    )  # fmt: skip
