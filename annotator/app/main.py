"""The reviewer app's frame: page set-up, store and sign-in, deep links, navigation, dispatch.

Why it is this small: app.py only calls main(); every page lives in its own module of
annotator.app and every decision (verdicts, staleness, who may do what) is made by the library
and the ReviewStore. The deployment's settings (database, reference notes, claims folder) come
from the environment through annotator.settings: no page can change them, and nothing about
the server is shown before sign-in. To add a page, add a line to PAGES.
"""

from __future__ import annotations

import streamlit as st

from annotator import settings
from annotator.app.adjudicate import adjudicate_page
from annotator.app.auth import accounts_page, sidebar_identity, signed_in_user
from annotator.app.curation import curation_page
from annotator.app.pages import audit_page, reference_page, reports_page
from annotator.app.queue import queue_page
from annotator.app.render import md
from annotator.app.review import review_page
from annotator.app.state import Ctx, bound, get_reference, get_store, init_state, load_documents
from annotator.errors import AnnotatorError
from annotator.review.db import shown_location, store_errors

PAGES = {  # name -> (icon, page(ctx)); the sidebar lists them in this order
    "Queue": (":material/inbox:", queue_page),
    "Review": (":material/rate_review:", review_page),
    "Adjudicate": (":material/fact_check:", adjudicate_page),
    "Audit": (":material/history:", audit_page),
    "Reports": (":material/bar_chart:", reports_page),
    "Reference": (":material/menu_book:", reference_page),
    "Curation": (":material/fact_check:", curation_page),
    "Accounts": (":material/group:", lambda ctx: accounts_page(ctx.store, ctx.user)),
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
    location = settings.db_location()
    with store_errors(location):
        store = get_store(location)
    user = signed_in_user(store)  # draws the sign-in screen and stops when nobody is signed in
    ctx = Ctx(store=store, reference=get_reference(), user=user)
    _follow_deep_link(ctx)
    load_documents(ctx)
    _open_pasted(ctx)
    st.sidebar.title(":material/health_and_safety: annotator")
    with st.sidebar:
        bound(
            st.radio,
            "Go to",
            "page",
            options=list(PAGES),
            format_func=lambda p: f"{PAGES[p][0]} {p}",
        )
        sidebar_identity(user)
        with st.expander("Server settings"):
            st.caption(
                f"Review database: {md(shown_location(location))}  \n"
                f"Reference notes: {md(ctx.reference.root)} (version {ctx.reference.version})  \n"
                f"Claims folder: {md(settings.claims_dir())}  \n"
                "Set by the deployment (ANNOTATOR_DB, ANNOTATOR_NOTES, ANNOTATOR_CLAIMS_DIR)."
            )
    PAGES[st.session_state["page"]][1](ctx)


def _follow_deep_link(ctx: Ctx) -> None:
    """Once per session: ?doc=ID&v=N&item=KEY opens that place in the Review page."""
    if st.session_state.get("deep_link_done"):
        return
    st.session_state["deep_link_done"] = True
    doc = st.query_params.get("doc")
    if not doc:
        return
    number = st.query_params.get("v")
    version = next((v for v in ctx.store.versions(doc) if str(v.version) == number), None)
    st.session_state.update(
        page="Review",
        doc=doc,
        ver=version.content_hash if version else None,
        item=st.query_params.get("item"),
    )


def _open_pasted(ctx: Ctx) -> None:
    name = st.session_state.pop("open_name", None)
    found = next((d for d, e in ctx.docs.items() if e.version.name == name), None)
    if found:
        st.session_state.update(page="Review", doc=found, item=None, ver=None)
