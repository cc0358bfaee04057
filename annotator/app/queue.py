"""The Queue page: intake (claims/ folder, uploads, pasted text), every document's latest
version, its status and who holds it, and assignment.

Why intake lives here: the queue is where a reviewer starts the day, so adding articles, seeing
what is left to do and who is on what sit on one page. Every document checked here is
registered in the review store (annotator.app.state.load_documents), so uploads and pasted
text come back after a restart; the folder is re-read on every run. A text with the name of a
known document is its next version unless the reviewer says it is a new document.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from annotator import settings
from annotator.app.problems import DAMAGE, damaged
from annotator.app.render import (
    STATUS_LABEL,
    VERDICT_STYLE,
    intake_files,
    md,
    severity_score,
    verdict_label,
)
from annotator.app.session import user_action
from annotator.app.state import Ctx, bound, claims_dir, flash, open_item, show_flash
from annotator.extraction.documents import DocumentError, document_from_bytes, document_from_text
from annotator.review.records import ReviewError

SORTS = ("Most severe first", "Most claims to decide", "Name")
UPLOAD_TYPES = ["txt", "md", "markdown", "html", "htm"]
ME = object()  # "the user signed in when the button is pressed"


def queue_page(ctx: Ctx) -> None:
    st.header("Queue")
    with st.expander("Add documents", expanded=not ctx.docs):
        _intake(ctx)
    show_flash()
    for error in ctx.errors:
        st.error(md(error))
    if not ctx.docs:
        st.info("No documents yet: pick files from the intake folder, upload, or paste text.")
        return
    rows, problems = queue_rows(ctx)
    for problem in problems:
        st.warning(md(problem))
    if not rows:
        return
    st.session_state.setdefault("status_filter", list(STATUS_LABEL.values()))
    st.session_state.setdefault("queue_sort", SORTS[0])
    c1, c2, c3 = st.columns([3, 2, 2])
    with c1:
        bound(st.multiselect, "Status", "status_filter", options=list(STATUS_LABEL.values()))
    with c2:
        bound(st.selectbox, "Sort", "queue_sort", options=SORTS)
    with c3:
        st.session_state.setdefault("queue_search", "")
        bound(st.text_input, "Search names", "queue_search")
    frame = pd.DataFrame(rows)
    frame = frame[frame["status"].isin(st.session_state["status_filter"])]
    needle = st.session_state["queue_search"].strip().lower()
    if needle:
        frame = frame[frame["document"].str.lower().str.contains(needle, regex=False)]
    key = {
        "Most severe first": ["severity", "to decide"],
        "Most claims to decide": ["to decide"],
        "Name": ["document"],
    }[st.session_state["queue_sort"]]
    frame = frame.sort_values(key, ascending=key == ["document"], kind="stable")
    st.dataframe(
        frame.drop(columns=["id"]),
        hide_index=True,
        width="stretch",
        column_config={
            "severity": st.column_config.NumberColumn(
                "severity", help="weighted inconsistencies: critical 100, major 10, minor 1"
            )
        },
    )
    ids = frame["id"].tolist()
    if ids:
        labels = {d: ctx.docs[d].version.label for d in ids}
        o1, o2, o3 = st.columns([4, 1, 2])
        pick = o1.selectbox("Open a document", ids, key="queue_open", format_func=labels.get)
        o2.write("")
        if o2.button("Open in Review ▶", type="primary", key="open_review", width="stretch"):
            open_item(pick)
            st.rerun()
        with o3:
            _assignment(ctx, pick)
    try:
        known = {d["name"] for d in ctx.store.documents()}
    except DAMAGE as exc:
        st.warning(md(damaged("The list of documents in the review store", exc)))
        known = set()
    gone = sorted(known - {e.version.name for e in ctx.docs.values()})
    if gone:
        st.caption(
            "In the review store but not loaded now (folder files not picked, or documents "
            "decided before their text was kept; add them again to continue): "
            + ", ".join(md(g) for g in gone)
        )


def _assignment(ctx: Ctx, doc_id: str) -> None:
    """Take or release the picked document; editors and admins assign it to anyone."""
    holder = ctx.state(ctx.docs[doc_id]).holder
    if ctx.user.role in ("editor", "admin"):
        people = [""] + [u.username for u in ctx.store.list_users() if u.active]
        st.selectbox("Assign to", people, key="assign_to",
                     format_func=lambda u: u or "(nobody: release)")  # fmt: skip
        st.button("Assign", key="assign", on_click=_assign, args=(ctx, doc_id, "assign_to"))
    elif holder == ctx.user.username:
        st.button("Release it", key="assign", on_click=_assign, args=(ctx, doc_id, None))
    elif holder is None:
        st.button("Take it", key="assign", on_click=_assign, args=(ctx, doc_id, ME))
    else:
        st.caption(f"Held by {md(holder)}")


@user_action
def _assign(ctx: Ctx, doc_id: str, who: str | None) -> None:
    if who == "assign_to":  # the editor's choice, read when the button is pressed
        who = st.session_state.get("assign_to") or None
    elif who == ME:  # whoever is signed in when the button is pressed
        who = ctx.user.username
    try:
        ctx.store.assign(doc_id, who, ctx.user.username)
    except ReviewError as exc:
        flash(md(exc), "error")
    else:
        name = ctx.docs[doc_id].version.label
        flash(f"{md(name)}: " + (f"held by {md(who)}." if who else "released."))
    ctx.forget_states()


def queue_rows(ctx: Ctx) -> tuple[list[dict], list[str]]:
    """One row per loaded document; a document whose review records cannot be read (a
    damaged row) is left out with a message instead of taking the page down."""
    rows, problems = [], []
    for number, (doc_id, entry) in enumerate(ctx.docs.items(), 1):
        try:
            state = ctx.state(entry)
        except DAMAGE as exc:
            problems.append(damaged(f"Queue row {number} ({entry.version.label})", exc))
            continue
        problems += [  # the store read past them: the row is shown without what they held
            f"Queue row {number} ({entry.version.label}): left out a damaged row ({p})"
            for p in getattr(state, "problems", ())
        ]
        counts = entry.result.counts()
        row = {
            "document": entry.version.name,
            "version": entry.version.version,
            "held by": state.holder or "",
            "status": STATUS_LABEL[state.status],
            "origin": entry.origin,
        }
        row.update({verdict_label(v): counts[v] for v in VERDICT_STYLE})
        row.update(
            {
                "findings": len(entry.result.findings),
                "to decide": len(state.pending),
                "severity": severity_score(entry.result),
                "id": doc_id,
            }
        )
        rows.append(row)
    return rows, problems


def _intake(ctx: Ctx) -> None:
    folder_tab, upload_tab, paste_tab = st.tabs(["From the claims folder", "Upload", "Paste text"])
    with folder_tab:
        folder = claims_dir()
        files = [p.relative_to(folder).as_posix() for p in intake_files(folder)]
        if not files:
            st.info(f"No .txt, .md or .html articles in {folder} (the folder may not exist).")
        else:
            if st.session_state["picked"] is None:
                st.session_state["picked"] = files
            st.session_state["picked"] = [f for f in st.session_state["picked"] if f in files]
            bound(st.multiselect, f"Articles from {folder}", "picked", options=files)
    with upload_tab:
        uploads = st.file_uploader(
            "Articles (.txt, .md, .html; several at once)",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key=f"uploader{st.session_state.get('upload_gen', 0)}",
        )
        as_new = st.checkbox(
            "New documents, even where a known document has the same name",
            key="as_new",
            help="Otherwise a file named like a known document is its next version.",
        )
        for up in uploads or []:
            try:
                doc = document_from_bytes(up.getvalue(), up.name)
            except DocumentError as exc:
                st.error(md(exc))
                continue
            if st.session_state["session_docs"].get(doc.name) != (doc, "upload", as_new):
                st.session_state["session_docs"][doc.name] = (doc, "upload", as_new)
                st.rerun()
    with paste_tab, st.form("paste", clear_on_submit=True):
        title = st.text_input("Name", placeholder="e.g. baclofen-draft-3", key="paste_name")
        fmt = st.selectbox("Format", ["txt", "md", "html"], key="paste_format")
        text = st.text_area("Article text", height=200, key="paste_text",
                            max_chars=settings.max_bytes())  # fmt: skip
        if st.form_submit_button("Add pasted text", key="paste_add"):
            _add_pasted(text, title, fmt)
    if st.session_state["session_docs"] and st.button(
        "Clear the upload list",
        key="forget",
        help="Uploaded and pasted documents stay in the review store and in the queue.",
    ):
        st.session_state["session_docs"] = {}
        st.session_state["upload_gen"] = st.session_state.get("upload_gen", 0) + 1  # empty uploader
        st.rerun()


def _add_pasted(text: str, title: str, fmt: str) -> None:
    """Pasted text is held to the limit files and uploads have: its UTF-8 bytes."""
    size, limit = len(text.encode("utf-8", "surrogatepass")), settings.max_bytes()
    if size > limit:
        shown = f"{limit // 1048576} MiB" if limit % 1048576 == 0 else f"{limit} bytes"
        st.error(md(f"{title.strip() or '<pasted>'}: text too large: {size} bytes, limit {shown}"))
        return
    try:
        doc = document_from_text(text, name="<pasted>", format=fmt)
    except DocumentError as exc:
        st.error(md(exc))
        return
    name = title.strip() or f"pasted-{doc.id[:8]}"
    doc = document_from_text(text, name=name, format=fmt)
    st.session_state["session_docs"][name] = (doc, "paste", False)
    st.session_state.update(page="Review", doc=None, item=None, ver=None, open_name=name)
    st.rerun()
