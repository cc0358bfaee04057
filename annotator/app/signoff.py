"""The e-signature: outcome, meaning in words, re-authentication; and re-opening.

Why it is shaped this way: a signature must say what it attests and be given by the person
signed in, knowingly. The signer picks an outcome (Approved / Approved with changes / Not
approved, returned to the author), reads the meaning the store will record (generated from
the decisions under it), sees every rule that still blocks that outcome, and signs with their
password (or, with OIDC, a sign-in made in the last five minutes). The store checks the rules
and the password again; the page only explains them. A signed-off version is read-only until
an editor or admin re-opens it, and the re-opening is recorded too.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from annotator.app.render import md
from annotator.app.session import oidc_enabled, user_action
from annotator.app.state import Ctx, Entry, flash
from annotator.review.records import OUTCOMES, ReviewError
from annotator.review.signing import meaning_text, signature_problems, summarize


def sign_off_section(ctx: Ctx, entry: Entry) -> None:
    st.subheader("Sign-off")
    state, user = ctx.state(entry), ctx.user
    if state.signed is not None:
        last = state.signed
        st.success(
            f"**{last.outcome_label}** · signed by **{md(last.reviewer)}** at "
            f"{last.created_at[:16].replace('T', ' ')} UTC"
            + (f" (re-authenticated: {last.auth_method})" if last.auth_method else "")
            + f" against reference version {last.reference_version}."
        )
        st.text(f"Signature meaning: {last.meaning}")
        if last.note:
            st.text(f"Note to the author: {last.note}")
        if user.role in ("editor", "admin"):
            st.text_input("Reason for re-opening", key="reopen_reason")
            st.button("Re-open document", key="reopen", on_click=_reopen, args=(ctx, entry))
        else:
            st.caption("Read-only. Only an editor or admin can re-open a signed-off document.")
        return
    st.radio(
        "Outcome",
        list(OUTCOMES),
        format_func=OUTCOMES.get,
        key="so_outcome",
        horizontal=True,
    )
    outcome = st.session_state["so_outcome"]
    note = st.text_area("Note to the author (required to return it)", key="so_note", height=68)
    problems = signature_problems(outcome, user.username, entry.items, state.effective, note)
    if problems:
        st.warning(f"**{OUTCOMES[outcome]} is refused now:** " + md("; ".join(problems)))
    meaning = meaning_text(
        outcome,
        user.username,
        entry.version.name,
        str(entry.version.version),
        entry.version.content_hash,
        entry.result.reference_version,
        summarize(entry.items, state.effective, user.username),
    )
    st.markdown(f"**Your signature will mean:** {md(meaning)}")
    if oidc_enabled():
        _oidc_signature(ctx, entry, bool(problems))
        return
    # A form of its own: the password travels with the Sign press (a password box alone
    # loses an uncommitted value when Tab moves to its show-password button), and Enter in
    # it signs, as in any password prompt; the note and outcome stay outside, so Ctrl+Enter
    # in the note never signs.
    with st.form("signature", border=False, clear_on_submit=True):
        st.text_input(f"Password of {user.username}, to sign", type="password", key="so_password")
        st.form_submit_button(
            f"Sign: {OUTCOMES[outcome]}",
            key="sign_off",
            type="primary",
            disabled=bool(problems),
            on_click=_sign,
            args=(ctx, entry),
        )


def _oidc_time() -> datetime | None:
    """When the identity provider last confirmed who is signed in (read when called)."""
    issued = st.user.get("iat") or st.user.get("auth_time")
    return datetime.fromtimestamp(int(issued), UTC) if issued else None


def _oidc_signature(ctx: Ctx, entry: Entry, blocked: bool) -> None:
    when = _oidc_time()
    fresh = when is not None and (datetime.now(UTC) - when).total_seconds() < 300
    if not fresh:
        st.caption("To sign, confirm who you are with a fresh sign-in (valid for 5 minutes).")
        st.button("Sign in again to sign", key="oidc_again", on_click=st.login)
        return
    st.button("Sign", key="sign_off", type="primary", disabled=blocked, on_click=_sign,
              args=(ctx, entry, True))  # fmt: skip


@user_action
def _sign(ctx: Ctx, entry: Entry, oidc: bool = False) -> None:
    """The signer is whoever is signed in now; the store checks their password (or, with
    OIDC, the provider's sign-in time read now, not when the page was drawn)."""
    oidc_time = _oidc_time() if oidc else None
    password = None if oidc else st.session_state.get("so_password", "")
    try:
        signed = ctx.store.sign_off(
            entry.doc_id,
            entry.version.content_hash,
            ctx.user.username,
            st.session_state["so_outcome"],
            entry.result.reference_version,
            entry.items,
            password=password,
            oidc_auth_time=oidc_time,
            note=st.session_state.get("so_note", ""),
        )
    except ReviewError as exc:
        flash(md(exc), "error")
    else:
        flash(f"{md(entry.version.name)}: {signed.outcome_label}, signed by {md(signed.reviewer)}.")
    ctx.forget_states()


@user_action
def _reopen(ctx: Ctx, entry: Entry) -> None:
    try:
        ctx.store.reopen(entry.doc_id, ctx.user.username, st.session_state.get("reopen_reason", ""))
    except ReviewError as exc:
        flash(md(exc), "error")
    else:
        flash(f"{md(entry.version.name)} re-opened; decisions can change again.")
    ctx.forget_states()
