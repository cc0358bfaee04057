"""The Review page: the article with highlighted claims, the claim panel, and sign-off.

Why it is shaped this way: the reviewer reads the article as its reader would, with every
claim labelled by verdict, and works down the undecided claims one at a time: agree,
override with the right verdict, or mark for editing. After each decision the next undecided
claim opens. Every action goes to the ReviewStore, which refuses what is not allowed (an
incomplete sign-off, a decision on a signed-off document, a reviewer re-opening); the page
shows the store's message.
"""

from __future__ import annotations

import streamlit as st

from annotator.app.render import (
    CSS,
    DECISION_LABEL,
    VERDICT_STYLE,
    badge,
    checkable_ids,
    document_html,
    esc,
    legend_html,
    md,
    next_undecided,
    verdict_label,
)
from annotator.app.signoff import sign_off_section
from annotator.app.state import Ctx, bound, flash, show_flash
from annotator.models import Check, Verdict
from annotator.review.records import ReviewError
from annotator.review.staleness import decision_status

STATUS_LABEL = {
    "new": "New",
    "in_review": "In review",
    "signed_off": "Signed off",
    "stale": "Stale",
}
FILTERS = ("All claims", "To decide", "Inconsistent", "Unverified", "Checkable")


def review_page(ctx: Ctx) -> None:
    if not ctx.results:
        st.info("No documents are loaded. Add articles on the Queue page.")
        return
    names = sorted(ctx.results)
    if st.session_state["doc"] not in names:
        st.session_state["doc"] = names[0]
        st.session_state["claim"] = None
    st.session_state["w_doc"] = st.session_state["doc"]
    st.selectbox("Document", names, key="w_doc", on_change=_switch_doc)
    name = st.session_state["doc"]
    result = ctx.results[name]
    states = ctx.states(name)
    latest = ctx.store.latest_decisions(name)
    statuses = {
        cid: decision_status(rec, *states[cid]) if cid in states else "stale"
        for cid, rec in latest.items()
    }
    checkable = checkable_ids(result)
    pending = ctx.store.pending_claims(name, states, checkable)
    signed = ctx.store.is_signed_off(name)
    _summary(ctx, name, result, pending, checkable)
    show_flash()
    order = [c.claim.id for c in result.checks]
    if st.session_state["claim"] not in order:
        st.session_state["claim"] = next_undecided(order, pending, None) or order[0]
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.html(CSS + legend_html())
        with st.container(height=760, border=True):
            st.html(CSS + document_html(result, st.session_state["claim"], latest, statuses))
        _findings(result)
    with right:
        _claim_panel(ctx, name, result, order, pending, latest, statuses, signed)
        st.divider()
        sign_off_section(ctx, name, result, pending, signed)


def _switch_doc() -> None:
    st.session_state["doc"] = st.session_state["w_doc"]
    st.session_state["claim"] = None


def _summary(ctx: Ctx, name: str, result, pending: dict, checkable: list[str]) -> None:
    status = ctx.status(name)
    counts = result.counts()
    cols = st.columns(6)
    cols[0].metric("Status", STATUS_LABEL.get(status, status))
    for col, v in zip(cols[1:5], VERDICT_STYLE, strict=True):
        col.metric(verdict_label(v), counts[v])
    cols[5].metric("To decide", f"{len(pending)} of {len(checkable)}")
    st.caption(
        f"{ctx.origins.get(name, '')} · focus drug: {result.focus_drug or '–'} · "
        f"reference version {result.reference_version} · document hash {result.document.id}"
    )


def _findings(result) -> None:
    if not result.findings:
        st.caption("No quality findings for this document.")
        return
    with st.expander(f"Quality findings ({len(result.findings)})", expanded=False):
        st.dataframe(
            [
                {
                    "kind": f.kind,
                    "where": f"{f.start}–{f.end}" if f.end > f.start else "whole article",
                    "text": f.text,
                    "detail": f.detail,
                    "suggestion": f.suggestion,
                }
                for f in sorted(result.findings, key=lambda f: (f.start, f.kind))
            ],
            hide_index=True,
            width="stretch",
        )


def _claim_panel(ctx, name, result, order, pending, latest, statuses, signed) -> None:
    by_id = {c.claim.id: c for c in result.checks}
    flt = st.session_state.setdefault("claim_filter", FILTERS[1] if pending else FILTERS[0])
    keep = {
        "All claims": lambda c: True,
        "To decide": lambda c: c.claim.id in pending,
        "Inconsistent": lambda c: c.verdict is Verdict.INCONSISTENT,
        "Unverified": lambda c: c.verdict is Verdict.UNVERIFIED,
        "Checkable": lambda c: c.claim.checkable,
    }[flt]
    options = [cid for cid in order if keep(by_id[cid])] or order
    if st.session_state["claim"] not in options:
        st.session_state["claim"] = options[0]
    f1, f2 = st.columns([3, 2])
    with f1:
        bound(st.selectbox, "Show", "claim_filter", options=FILTERS)
    with f2:
        st.write("")
        st.button(
            "Next undecided ▶",
            key="next_undecided",
            on_click=_goto_next,
            args=(order, list(pending)),
            disabled=not pending,
            width="stretch",
        )

    def label(cid: str) -> str:
        c = by_id[cid]
        mark = DECISION_LABEL.get(latest[cid].decision, "") if cid in latest else "undecided"
        text = c.claim.text if len(c.claim.text) < 70 else c.claim.text[:69] + "…"
        return f"{cid} · {verdict_label(c.verdict.value)} · {mark} · {text}"

    bound(st.selectbox, "Claim", "claim", options=options, format_func=label)
    check = by_id[st.session_state["claim"]]
    _claim_details(ctx, check)
    rec = latest.get(check.claim.id)
    if rec is not None:
        status = statuses.get(check.claim.id, "stale")
        text = (
            f"Decision: **{DECISION_LABEL[rec.decision]}**"
            + (f" → {verdict_label(rec.decided_verdict)}" if rec.decided_verdict else "")
            + f" by {md(rec.reviewer)} at {rec.created_at[:16].replace('T', ' ')} UTC"
        )
        if status == "stale":
            st.warning(
                text + " — **stale**: the claim text or the reference facts changed "
                "since; decide again."
            )
        else:
            st.success(text)
        if rec.comment:
            st.text(f"Comment: {rec.comment}")
    if not check.claim.checkable:
        st.caption(f"This {check.claim.kind} is not checkable; it needs no decision.")
    elif signed:
        st.caption("Signed off: decisions are read-only until an editor re-opens the document.")
    else:
        _decision_form(ctx, name, result, check, order)


def _claim_details(ctx, check: Check) -> None:
    ref = ctx.reference
    st.html(
        CSS + f"<div>{badge(check.verdict.value)} <b>{esc(check.claim.id)}</b> "
        f"<span style='color:#6b7280'>({esc(check.claim.kind)})</span></div>"
        f"<blockquote style='margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid "
        f"{VERDICT_STYLE[check.verdict.value][2]}'>{esc(check.claim.text)}</blockquote>"
        + (f"<div><i>Why:</i> {esc(check.reason)}</div>" if check.reason else "")
        + _flags(check)
    )
    if check.assertions:
        st.markdown("**What the claim asserts**")
        st.dataframe(
            [
                {
                    "drug": ref.display(a.drug),
                    "attribute": a.attribute,
                    "value": ref.display(a.value) + (f" ({a.qualifier})" if a.qualifier else ""),
                    "reading": ("negated" if not a.polarity else "affirmed")
                    + ("" if str(a.certainty) == "asserted" else f" · {a.certainty}"),
                    "read from": a.evidence,
                }
                for a in check.assertions
            ],
            hide_index=True,
            width="stretch",
        )
    parts = []
    if check.reference:
        parts.append(f"<p><b>Reference says:</b> {esc(check.reference)}</p>")
    if check.suggestion:
        parts.append(f"<p><b>Suggested correction:</b> {esc(check.suggestion)}</p>")
    for fid in check.fact_ids:
        fact = ref.by_id.get(fid)
        source = ref.sources.get(fact.source_id) if fact else None
        if not source:
            continue
        title = esc(source.title)
        if source.url.startswith(("https://", "http://")):
            title = (
                f'<a href="{esc(source.url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
            )
        parts.append(
            f"<p><b>Source</b> ({esc(fid)}, {esc(fact.severity)}): {title}"
            f"{' — ' + esc(source.publisher) if source.publisher else ''}, "
            f"section: {esc(fact.locator)}</p>"
        )
    if parts:
        st.html("".join(parts))


def _flags(check: Check) -> str:
    flags = [f for f, on in (("negated", check.negated), ("hedged", check.hedged)) if on]
    return f"<div><i>Read as:</i> {esc(', '.join(flags))}</div>" if flags else ""


def _decision_form(ctx, name, result, check: Check, order) -> None:
    others = [v.value for v in Verdict if v is not check.verdict]
    with st.form("decide", border=True):
        st.markdown("**Your decision**")
        st.selectbox(
            "Correct verdict (for an override)", others, format_func=verdict_label, key="f_verdict"
        )
        st.text_area(
            "Comment (required to override or mark for editing)", key="f_comment", height=80
        )
        b1, b2, b3 = st.columns(3)
        args = (ctx, name, result, check, order)
        b1.form_submit_button(
            "✓ Agree",
            type="primary",
            key="agree",
            on_click=_decide,
            args=(*args, "agree"),
            width="stretch",
        )
        b2.form_submit_button(
            "Override", key="override", on_click=_decide, args=(*args, "override"), width="stretch"
        )
        b3.form_submit_button(
            "Needs edit",
            key="needs_edit",
            on_click=_decide,
            args=(*args, "needs_edit"),
            width="stretch",
        )


def _decide(ctx, name, result, check: Check, order, decision: str) -> None:
    states = ctx.states(name)
    try:
        ctx.store.decide(
            name,
            result.document.id,
            check.claim.id,
            check.claim.text_hash,
            check.verdict.value,
            decision,
            ctx.user.username,
            decided_verdict=st.session_state["f_verdict"] if decision == "override" else None,
            comment=st.session_state["f_comment"].strip(),
            reference_version=result.reference_version,
            fact_fingerprint=states[check.claim.id].fact_fingerprint,
        )
    except ReviewError as exc:
        flash(md(exc), "error")
        return
    st.session_state["f_comment"] = ""
    pending = ctx.store.pending_claims(name, states, checkable_ids(result))
    nxt = next_undecided(order, pending, check.claim.id)
    flash(
        f"{check.claim.id}: {DECISION_LABEL[decision]}."
        + (f" Next undecided: {nxt}." if nxt else " Every checkable claim is decided.")
    )
    st.session_state["claim"] = nxt or check.claim.id
    if nxt and st.session_state.get("claim_filter") not in ("To decide", "All claims"):
        st.session_state["claim_filter"] = "To decide"


def _goto_next(order, pending) -> None:
    st.session_state["claim"] = next_undecided(order, pending, st.session_state["claim"])
    st.session_state["claim_filter"] = "To decide"
