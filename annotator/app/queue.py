"""The Queue page: intake (claims/ folder, uploads, pasted text) and every document's status.

Why intake lives here: the queue is where a reviewer starts the day, so adding articles and
seeing what is left to do sit on one page. Every document checked here is saved in the review
store (annotator.app.state.load_documents), so uploads and pasted text come back after a
restart; the folder is re-read on every run.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from annotator.app.render import VERDICT_STYLE, intake_files, md, severity_score, verdict_label
from annotator.app.review import STATUS_LABEL
from annotator.app.state import Ctx, bound, claims_dir, open_document
from annotator.extraction.documents import DocumentError, document_from_bytes, document_from_text

SORTS = ("Most severe first", "Most claims to decide", "Name")
UPLOAD_TYPES = ["txt", "md", "markdown", "html", "htm"]


def queue_page(ctx: Ctx) -> None:
    st.header("Queue")
    with st.expander("Add documents", expanded=not ctx.results):
        _intake(ctx)
    for error in ctx.errors:
        st.error(md(error))
    if not ctx.results:
        st.info("No documents yet: pick files from the intake folder, upload, or paste text.")
        return
    rows = queue_rows(ctx)
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
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "severity": st.column_config.NumberColumn(
                "severity", help="weighted inconsistencies: critical 100, major 10, minor 1"
            )
        },
    )
    names = frame["document"].tolist()
    if names:
        o1, o2 = st.columns([4, 1])
        pick = o1.selectbox("Open a document", names, key="queue_open")
        o2.write("")
        if o2.button("Open in Review ▶", type="primary", key="open_review", width="stretch"):
            open_document(pick)
            st.rerun()
    gone = sorted({d["name"] for d in ctx.store.documents()} - set(ctx.results))
    if gone:
        st.caption(
            "In the review store but not loaded now (folder files not picked, or documents "
            "decided before their text was kept; add them again to continue): "
            + ", ".join(md(g) for g in gone)
        )


def queue_rows(ctx: Ctx) -> list[dict]:
    rows = []
    for name, result in ctx.results.items():
        counts = result.counts()
        row = {
            "document": name,
            "origin": ctx.origins.get(name, ""),
            "status": STATUS_LABEL[ctx.status(name)],
        }
        row.update({verdict_label(v): counts[v] for v in VERDICT_STYLE})
        row.update(
            {
                "findings": len(result.findings),
                "to decide": len(ctx.pending(name)),
                "severity": severity_score(result),
            }
        )
        rows.append(row)
    return rows


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
        for up in uploads or []:
            try:
                doc = document_from_bytes(up.getvalue(), up.name)
            except DocumentError as exc:
                st.error(md(exc))
                continue
            if st.session_state["session_docs"].get(doc.name) != (doc, "upload"):
                st.session_state["session_docs"][doc.name] = (doc, "upload")
                st.rerun()
    with paste_tab, st.form("paste", clear_on_submit=True):
        title = st.text_input("Name", placeholder="e.g. baclofen-draft-3", key="paste_name")
        fmt = st.selectbox("Format", ["txt", "md", "html"], key="paste_format")
        text = st.text_area("Article text", height=200, key="paste_text")
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
    try:
        doc = document_from_text(text, name="<pasted>", format=fmt)
    except DocumentError as exc:
        st.error(md(exc))
        return
    name = title.strip() or f"pasted-{doc.id[:8]}"
    doc = document_from_text(text, name=name, format=fmt)
    st.session_state["session_docs"][name] = (doc, "paste")
    open_document(name)
    st.rerun()
