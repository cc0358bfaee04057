"""Sign-off and re-opening of a reviewed document.

Why the meaning is spelled out: a signature must say what it attests. Here it is "reviewed
for medical accuracy against reference version V", never "medically true"; the store records
it with the signed-in identity, the reference version and the document hash. A signed-off
document is read-only until an editor or admin re-opens it, and the re-opening is recorded too.
"""

from __future__ import annotations

import streamlit as st

from annotator.app.render import checkable_ids, md
from annotator.app.state import flash
from annotator.review.records import ReviewError


def meaning(version: str) -> str:
    return (
        f"Reviewed for medical accuracy against reference version {version}: every checkable "
        "claim was compared with the cited reference notes and decided by me."
    )


def sign_off_section(ctx, name, result, pending: dict, signed: bool) -> None:
    st.subheader("Sign-off")
    user = ctx.user
    if signed:
        last = ctx.store.signoffs(name)[-1]
        st.success(
            f"Signed off by **{md(last.reviewer)}** at {last.created_at[:16].replace('T', ' ')} "
            f"UTC against reference version {last.reference_version}."
        )
        st.text(f"Signature meaning: {last.meaning}")
        if user.role in ("editor", "admin"):
            with st.form("reopen"):
                st.text_input("Reason for re-opening", key="reopen_reason")
                st.form_submit_button(
                    "Re-open document", key="reopen", on_click=_reopen, args=(ctx, name)
                )
        else:
            st.caption("Read-only. Only an editor or admin can re-open a signed-off document.")
        return
    if pending:
        stale = sum(1 for why in pending.values() if why == "stale")
        st.info(
            f"{len(pending)} checkable claim(s) still need a current decision"
            + (f" ({stale} stale)" if stale else "")
            + " before sign-off."
        )
        return
    st.markdown(f"**Your signature means:** {meaning(result.reference_version)}")
    with st.form("sign_off_form"):
        st.checkbox(f"I, {user.username}, sign this document off with that meaning.", key="attest")
        st.form_submit_button(
            "Sign off",
            type="primary",
            key="sign_off",
            on_click=_do_sign_off,
            args=(ctx, name, result),
        )


def _do_sign_off(ctx, name, result) -> None:
    if not st.session_state.get("attest"):
        flash("Tick the box to confirm what your signature means.", "warning")
        return
    try:
        ctx.store.sign_off(
            name,
            result.document.id,
            ctx.user.username,
            meaning(result.reference_version),
            result.reference_version,
            ctx.states(name),
            checkable_ids(result),
        )
    except ReviewError as exc:
        flash(md(exc), "error")
    else:
        flash(f"{md(name)} signed off by {md(ctx.user.username)}.")


def _reopen(ctx, name) -> None:
    try:
        ctx.store.reopen(name, ctx.user.username, st.session_state.get("reopen_reason", ""))
    except ReviewError as exc:
        flash(md(exc), "error")
    else:
        flash(f"{md(name)} re-opened; decisions can change again.")
