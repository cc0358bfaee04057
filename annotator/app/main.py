"""The reviewer app's frame: page set-up, store and sign-in, deep links, navigation, dispatch,
and the one place errors become messages.

Why it is this small: app.py only calls main(); every page lives in its own module of
annotator.app and every decision (verdicts, staleness, who may do what) is made by the library
and the ReviewStore. The deployment's settings (database, reference notes, claims folder) come
from the environment or the configuration file through annotator.settings: no page, widget or
query parameter can change them, and nothing about the server is shown before sign-in (an
error then is a short message with an error id; the server log has the details). To add a
page, add a line to PAGES.
"""

from __future__ import annotations

import logging

import streamlit as st

from annotator import settings
from annotator.app.adjudicate import adjudicate_page
from annotator.app.auth import accounts_page, sidebar_identity, signed_in_user
from annotator.app.curation import curation_page
from annotator.app.pages import audit_page, reference_page, reports_page
from annotator.app.problems import report_bug
from annotator.app.queue import queue_page
from annotator.app.render import md
from annotator.app.review import review_page
from annotator.app.session import user_action
from annotator.app.state import (
    Ctx,
    bound,
    flash,
    get_reference,
    get_store,
    init_state,
    load_documents,
    reload_caches,
)
from annotator.errors import AnnotatorError
from annotator.review.db import shown_location, store_errors

log = logging.getLogger("annotator.app")

PAGES = {  # name -> (icon, page(ctx)); the sidebar lists them in this order
    "Queue": (":material/inbox:", queue_page),
    "Review": (":material/rate_review:", review_page),
    "Adjudicate": (":material/fact_check:", adjudicate_page),
    "Audit": (":material/history:", audit_page),
    "Reports": (":material/bar_chart:", reports_page),
    "Reference": (":material/menu_book:", reference_page),
    "Curation": (":material/fact_check:", curation_page),
    "Accounts": (":material/group:", accounts_page),
}


def main() -> None:
    st.set_page_config(
        page_title="annotator · medical review",
        page_icon=":material/health_and_safety:",
        layout="wide",
    )
    signed_in: list = []  # filled once someone is signed in: errors may then say more
    try:
        _run(signed_in)
    except AnnotatorError as exc:  # the one place user-facing errors become a message
        if signed_in:
            st.error(md(exc.message()))
        else:  # a visitor learns nothing about the server: no path, no file, no URL
            log.error("before sign-in: %s", exc.message())
            st.error("The review service is not available now. Please try again later, or "
                     "tell the administrator (the server log says why).")  # fmt: skip
    except Exception:  # a bug: never a traceback in the browser
        st.error(f"Something went wrong. {report_bug()}")


def _run(signed_in: list) -> None:
    init_state()
    location = settings.db_location()
    with store_errors(location):
        store = get_store(location)
        user = signed_in_user(store)  # draws the sign-in screen and stops when nobody is
    signed_in.append(user)
    ctx = Ctx(store=store, reference=get_reference(), user=user,
              token=st.session_state["auth_token"])  # fmt: skip
    with store_errors(location):
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
                "Set by the deployment (ANNOTATOR_DB, ANNOTATOR_NOTES, ANNOTATOR_CLAIMS_DIR, "
                "or the file named by ANNOTATOR_CONFIG)."
            )
            if user.role == "admin":
                st.button("Reload the reference table", key="reload_caches",
                          on_click=_reload, args=(ctx,),
                          help="Forget the loaded table and every checked document (all "
                               "sessions); they are loaded and checked again.")  # fmt: skip
    with store_errors(location):
        PAGES[st.session_state["page"]][1](ctx)


@user_action
def _reload(ctx: Ctx) -> None:
    if ctx.user.role != "admin":  # the user as they are now, not as the page was drawn
        flash("Only an admin can reload the reference table.", "error")
        return
    reload_caches()
    log.info("caches cleared by %s", ctx.user.username)
    flash("The reference table and the checked documents are loaded again.")


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
