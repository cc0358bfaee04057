"""The reviewer app's frame: page set-up, store and sign-in, sidebar navigation, page dispatch.

Why it is this small: app.py only calls main(); every page lives in its own module of
annotator.app and every decision (verdicts, staleness, who may do what) is made by the library
and the ReviewStore. This is the one entry point that imports streamlit (with the rest of
annotator.app).
"""

from __future__ import annotations

import streamlit as st

from annotator.app.auth import accounts_page, sidebar_identity, signed_in_user
from annotator.app.curation import curation_page
from annotator.app.pages import audit_page, reference_page, reports_page
from annotator.app.queue import queue_page
from annotator.app.render import md
from annotator.app.review import review_page
from annotator.app.state import Ctx, bound, get_reference, get_store, init_state, load_documents
from annotator.errors import AnnotatorError
from annotator.review.db import store_errors
from annotator.review.store import ReviewStore

PAGES = {
    "Queue": (":material/inbox:", queue_page),
    "Review": (":material/rate_review:", review_page),
    "Audit": (":material/history:", audit_page),
    "Reports": (":material/bar_chart:", reports_page),
    "Reference": (":material/menu_book:", reference_page),
    "Curation": (":material/fact_check:", curation_page),
    "Accounts": (":material/group:", None),
}


def main() -> None:
    st.set_page_config(
        page_title="annotator · medical review",
        page_icon=":material/health_and_safety:",
        layout="wide",
    )
    try:
        _run()
    except AnnotatorError as exc:  # the one place user-facing errors become a message
        st.error(md(exc.message()))


def _run() -> None:
    init_state()
    st.sidebar.title(":material/health_and_safety: annotator")
    nav, settings = st.sidebar.container(), st.sidebar.expander("Settings")
    with settings:
        store = _open_store()
    user = signed_in_user(store)
    ctx = Ctx(store=store, reference=get_reference(), user=user)
    with settings:
        st.caption(f"Reference notes: {ctx.reference.root} (version {ctx.reference.version})")
    load_documents(ctx)
    with nav:
        bound(
            st.radio,
            "Go to",
            "page",
            options=list(PAGES),
            format_func=lambda p: f"{PAGES[p][0]} {p}",
        )
        sidebar_identity(user)
    page = st.session_state["page"]
    if page == "Accounts":
        accounts_page(store, user)
    else:
        PAGES[page][1](ctx)


def _open_store() -> ReviewStore:
    """The store at the chosen location; the location can be changed in the sidebar."""
    st.session_state["w_db"] = st.session_state["db_location"]
    st.text_input(
        "Review database (SQLite path or database URL)",
        key="w_db",
        on_change=_change_db,
        help="Default: $ANNOTATOR_DB, else annotator-review.db. Changing it signs you out.",
    )
    location = st.session_state["db_location"]
    with store_errors(location):
        store = get_store(location)
    st.caption(f"Database: {store.url}")
    return store


def _change_db() -> None:
    st.session_state["db_location"] = st.session_state["w_db"].strip()
    st.session_state["user"] = None
