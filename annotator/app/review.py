"""The Review page: the article with clickable highlighted claims and findings, the open item's
panel beside it, progress, triage and the bulk action, holding the document, and sign-off.

Why it is shaped this way: the reviewer reads the article as its reader would and works down
the undecided items (claims and findings) one key press at a time; triage puts what the
checker flagged first and accepts every consistent claim in one recorded action. The URL
carries the document, version and item (st.query_params), so a reload or a link opens the
same place. Every write goes to the ReviewStore, which refuses what is not allowed; the page
shows the store's message.
"""

from __future__ import annotations

import streamlit as st

from annotator.app.decide import go, item_panel
from annotator.app.docview import document_view
from annotator.app.render import (
    STATUS_LABEL,
    STYLE,
    VERDICT_STYLE,
    document_findings_html,
    document_html,
    legend_html,
    md,
    verdict_label,
)
from annotator.app.session import current_user, user_action
from annotator.app.signoff import sign_off_section
from annotator.app.state import Ctx, Entry, flash, follow, show_flash
from annotator.review.author_report import author_report
from annotator.review.records import ReviewError

TRIAGE_RANK = {"inconsistent": 1, "finding": 2, "unverified": 3, "consistent": 4}


def review_page(ctx: Ctx) -> None:
    if not ctx.docs:
        st.info("No documents are loaded. Add articles on the Queue page.")
        return
    entry = _pick_document(ctx)
    state = ctx.state(entry)
    order = item_order(entry, st.session_state["triage"])
    keys = order + [c.claim.id for c in entry.result.checks if not c.claim.checkable]
    if st.session_state["item"] not in keys:
        st.session_state["item"] = next((k for k in order if k in state.pending), None) or (
            order[0] if order else keys[0] if keys else None
        )
    key = st.session_state["item"]
    _sync_url(entry, key)
    _header(ctx, entry)
    show_flash()
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.html(STYLE + legend_html())
        html = document_findings_html(entry.result, key, state.effective) + document_html(
            entry.result, key, state.effective
        )
        document_view(html, go)
    with right:
        readonly = _readonly(ctx, entry)
        if key is not None:
            item_panel(ctx, entry, key, order, readonly)
        st.divider()
        sign_off_section(ctx, entry)


def item_order(entry: Entry, triage: bool) -> list[str]:
    """Review items in document order (document-level findings first), or in triage order:
    critical findings, contradicted claims, other findings, unverified, consistent."""
    starts = {c.claim.id: c.claim.start for c in entry.result.checks}  # document-level: -1
    position = {i.key: starts.get(i.key, _finding_start(i.key)) for i in entry.items}
    items = sorted(entry.items, key=lambda i: position[i.key])
    if triage:
        items.sort(
            key=lambda i: 0 if i.critical and i.kind == "finding" else TRIAGE_RANK[i.verdict]
        )
    return [i.key for i in items]


def _finding_start(key: str) -> int:
    try:
        start, end = key.split("@", 1)[1].split("#", 1)[0].split("-", 1)
        return -1 if start == end else int(start)
    except (IndexError, ValueError):
        return 0


def _pick_document(ctx: Ctx) -> Entry:
    ids = sorted(ctx.docs, key=lambda d: (ctx.docs[d].version.name, d))
    if st.session_state["doc"] not in ids:
        st.session_state.update(doc=ids[0], ver=None, item=None)
    latest = ctx.docs[st.session_state["doc"]]
    c1, c2 = st.columns([3, 1])
    st.session_state["w_doc"] = st.session_state["doc"]
    c1.selectbox(
        "Document",
        ids,
        key="w_doc",
        format_func=lambda d: ctx.docs[d].version.label,
        on_change=follow("w_doc", "doc", ver=None, item=None, conflict=None),
    )  # fmt: skip
    versions = ctx.state(latest).versions
    if len(versions) > 1:
        hashes = [v.content_hash for v in versions]
        current = st.session_state["ver"]
        st.session_state["w_ver"] = current if current in hashes else hashes[-1]
        c2.selectbox(
            "Version",
            hashes,
            key="w_ver",
            format_func=lambda h: (
                f"v{hashes.index(h) + 1}" + (" (latest)" if h == hashes[-1] else "")
            ),
            on_change=follow("w_ver", "ver", item=None),
        )
    entry = ctx.entry(latest.doc_id, st.session_state["ver"])
    if entry.version.version > 1 and entry is latest:
        found = ctx.state(entry).effective.values()
        carried = sum(1 for f in found if f.carried and f.status == "current")
        stale = sum(1 for f in found if f.carried and f.status == "stale")
        st.info(
            f"Version {entry.version.version} of this document ({md(entry.version.origin)} by "
            f"{md(entry.version.added_by)}): {carried} decisions carried over from earlier "
            f"versions where the text is unchanged; {stale} changed items show their old "
            "decision as stale."
        )
    return entry


def _header(ctx: Ctx, entry: Entry) -> None:
    state = ctx.state(entry)
    total, todo = len(entry.items), len(state.pending)
    counts = entry.result.counts()
    st.progress(
        (total - todo) / total if total else 1.0,
        text=f"{total - todo} of {total} items decided ({STATUS_LABEL.get(state.status)})",
    )
    cols = st.columns([1, 1, 1, 1, 1, 2])
    for col, v in zip(cols[:4], VERDICT_STYLE, strict=True):
        col.metric(verdict_label(v), counts[v])
    cols[4].metric("Findings", len(entry.result.findings))
    with cols[5]:
        _holder(ctx, entry)
    t1, t2, t3, t4 = st.columns([2, 3, 2, 2])
    st.session_state["w_triage"] = st.session_state["triage"]
    t1.toggle(
        "Triage: flagged first",
        key="w_triage",
        on_change=follow("w_triage", "triage", item=None),
        help="Critical findings, contradicted claims, other findings, unverified, consistent.",
    )
    consistent = [i for i in entry.items if i.verdict == "consistent" and i.key in state.pending]
    spin = [
        i for i in entry.items if i.key.startswith("F:spin_artifact@") and i.key in state.pending
    ]
    if st.session_state["triage"] and not state.signed:
        closed = bool(_readonly(ctx, entry))
        t2.button(
            f"Accept all {len(consistent)} consistent claims",
            key="bulk_consistent",
            disabled=not consistent or closed,
            on_click=_bulk_accept,
            args=(ctx, entry, consistent, "accepted in bulk: consistent with the reference"),
            help="One recorded action: agree with every undecided claim the reference supports.",
        )
        if spin:
            t2.button(
                f"Agree with all {len(spin)} spin artifacts",
                key="bulk_spin",
                disabled=closed,
                on_click=_bulk_accept,
                args=(ctx, entry, spin, "agreed in bulk: unrendered spin template text"),
                help="One recorded action: every undecided 'a/b/c' spin artifact is a defect.",
            )
    stem = entry.version.name.rsplit(".", 1)[0] + f"-v{entry.version.version}-review"
    html, csv = (lambda: _report(ctx, entry, "html")), (lambda: _report(ctx, entry, "csv"))
    t3.download_button("Author report (HTML)", html, f"{stem}.html",
                       "text/html", key="author_html", on_click="ignore")  # fmt: skip
    t4.download_button("Author report (CSV)", csv, f"{stem}.csv",
                       "text/csv", key="author_csv", on_click="ignore")  # fmt: skip
    st.caption(
        f"{md(entry.origin)} · document {md(entry.doc_id)} · focus drug: "
        f"{entry.result.focus_drug or '–'} · reference version {entry.result.reference_version}"
        f" · text {entry.version.content_hash} · keys: A agree, O override, E needs edit, "
        "D dismiss, J next, K previous (outside text boxes)"
    )


def _report(ctx: Ctx, entry: Entry, part: str) -> str:
    """Built when the button is clicked (Streamlit runs it then), from the store as it is,
    and only for the sign-in the page was drawn for."""
    if st.session_state.get("auth_token") != ctx.token or current_user(ctx.store) is None:
        return "Signed out: sign in again to download the author report.\n"
    state = ctx.store.review_state(entry.doc_id, entry.version.content_hash, entry.items)
    report = author_report(
        entry.result, state.effective, ctx.reference, entry.version, state.signed
    )
    return getattr(report, part)


def _holder(ctx: Ctx, entry: Entry) -> None:
    holder, me = ctx.state(entry).holder, ctx.user.username
    if holder:
        st.caption(f"Held by **{md(holder)}**")
    else:
        st.caption("Not assigned")
    if holder == me:
        st.button("Release", key="release", on_click=_assign, args=(ctx, entry, False))
    elif not holder or ctx.user.role in ("editor", "admin"):
        st.button("Take it", key="take", on_click=_assign, args=(ctx, entry, True))


@user_action
def _assign(ctx: Ctx, entry: Entry, take: bool) -> None:
    """Take (for whoever is signed in when it is pressed) or release."""
    who = ctx.user.username if take else None
    try:
        ctx.store.assign(entry.doc_id, who, ctx.user.username)
    except ReviewError as exc:
        flash(md(exc), "error")
    else:
        flash(f"{md(entry.version.name)} is {'yours' if who else 'released'}.")
    ctx.forget_states()


@user_action
def _bulk_accept(ctx: Ctx, entry: Entry, items, comment: str) -> None:
    state = ctx.state(entry)
    seen = {i.key: state.effective[i.key].record.id for i in items if i.key in state.effective}
    try:
        done, skipped = ctx.store.bulk_decide(
            entry.doc_id, entry.version.content_hash, items, "agree", ctx.user.username,
            comment=comment,
            reference_version=entry.result.reference_version, seen=seen,
        )  # fmt: skip
    except ReviewError as exc:
        flash(md(exc), "error")
        return
    ctx.forget_states()
    flash(
        f"Decided {len(done)} items in one recorded action ({comment})"
        + (f"; {len(skipped)} skipped (decided by someone else meanwhile)." if skipped else ".")
    )
    go(next(iter(ctx.state(entry).pending), st.session_state["item"]))


def _readonly(ctx: Ctx, entry: Entry) -> str:
    state = ctx.state(entry)
    if state.signed is not None:
        return "Signed off: decisions are read-only until an editor re-opens the document."
    if state.holder and state.holder != ctx.user.username:
        return f"Held by {state.holder}: only they can decide until it is released."
    return ""


def _sync_url(entry: Entry, key: str | None) -> None:
    """Keep the open place in the URL (a reload or a shared link comes back to it)."""
    wanted = {"doc": entry.doc_id, "v": str(entry.version.version)}
    if key:
        wanted["item"] = key
    if {k: st.query_params.get(k) for k in ("doc", "v", "item")} != {
        k: wanted.get(k) for k in ("doc", "v", "item")
    }:
        st.query_params.from_dict(wanted)
