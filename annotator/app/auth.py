"""Who is reviewing: sign-in (OIDC or local accounts), first-admin set-up, the Accounts page.

Why: a sign-off is a signature, so it must carry the identity of whoever signed in, never a
typed name. Local accounts, their roles and the rate limit on failed logins live in the
ReviewStore; this module only shows forms and the store's answers. When
.streamlit/secrets.toml has an [auth] section, Streamlit's own OIDC login (st.login) says who
the user is and the store still says what that user may do.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
import streamlit as st

from annotator.app.render import md
from annotator.app.session import (
    begin_session,
    current_user,
    end_session,
    oidc_enabled,
    oidc_ident,
    session_username,
    touch,
    user_action,
)
from annotator.app.state import Ctx, flash, show_flash
from annotator.review.db import store_errors
from annotator.review.records import ROLES, ReviewError, User
from annotator.review.store import ReviewStore

__all__ = ["accounts_page", "oidc_enabled", "sidebar_identity", "signed_in_user"]
STORE_DOWN = (  # before sign-in: no path, no URL, no driver message
    "The review database cannot record a sign-in now (it is read-only, locked by another "
    "program, or full). Try again later, or tell the administrator."
)


def signed_in_user(store: ReviewStore) -> User:
    """The signed-in, active user, read from the session on every run; otherwise draws the
    sign-in (or set-up) screen and stops."""
    if oidc_enabled():
        return _oidc_user(store)
    user = current_user(store)
    if user is not None:
        touch()
        return user
    name = session_username()
    if name:  # signed in, but the account is gone or deactivated since
        end_session(f"The account {name!r} is no longer active; sign in again.", "warning")
    st.title("annotator · medical review")
    show_flash()
    if not store.list_users():
        _first_admin_form(store)
    else:
        _sign_in_form(store)
    st.stop()


def _oidc_user(store: ReviewStore) -> User:
    if not oidc_ident():
        st.title("annotator · medical review")
        show_flash()
        st.button("Sign in with your organisation account", on_click=st.login, type="primary")
        st.stop()
    user = current_user(store)
    if user is not None:
        touch()
        return user
    st.title("annotator · medical review")
    show_flash()
    if st.session_state.get("ended_for"):  # idle too long: the provider's sign-in ends too
        st.button("Sign in again", on_click=_sign_out_oidc, type="primary")
        st.stop()
    ident = oidc_ident()
    if not store.list_users():
        st.info(f"No accounts yet. Make {md(ident)} the first admin?")
        if st.button("Create the first admin account", type="primary"):
            # OIDC users never type this password: it only fills the store's required field.
            store.add_user(ident, secrets.token_urlsafe(32), "admin")
            st.rerun()
    else:
        st.error(f"{md(ident)} has no active reviewer account here; ask an admin to add it.")
    st.button("Sign out", on_click=_sign_out_oidc)
    st.stop()


def _first_admin_form(store: ReviewStore) -> None:
    st.info(
        "No accounts exist yet. Create the first **admin** account; it can then add reviewers "
        "and editors on the Accounts page. This form is shown only once."
    )
    with st.form("first_admin"):
        username = st.text_input("Username", key="fa_user")
        password = st.text_input("Password (at least 12 characters)", type="password", key="fa_pw")
        again = st.text_input("Repeat password", type="password", key="fa_pw2")
        if st.form_submit_button("Create admin account", type="primary", key="create_admin"):
            if password != again:
                st.error("The two passwords differ.")
                return
            try:
                admin = store.add_user(username.strip(), password, "admin")
            except ReviewError as exc:  # the store's refusal: a short password, a bad name
                st.error(md(exc))
                return
            except (sa.exc.SQLAlchemyError, OSError):  # (its message would name the store)
                st.error(STORE_DOWN)
                return
            begin_session(admin.username)  # the name as stored (NFKC, case-folded)
            st.rerun()


def _client_key() -> str | None:
    """Who is guessing, for the per-client sign-in limit: the first X-Forwarded-For address
    (the app listens on 127.0.0.1 only, so in a deployment the TLS proxy sets it), else the
    peer address. Not a secret and not proof of identity: a limit per name holds as well."""
    try:
        forwarded = st.context.headers.get("X-Forwarded-For")
        peer = st.context.ip_address
    except Exception:  # no request context (a bare script run): no client limit
        return None
    for value in (forwarded, peer):  # AppTest's context is a mock: strings only
        if isinstance(value, str) and value.split(",")[0].strip():
            return value.split(",")[0].strip()[:64]
    return None


def _sign_in_form(store: ReviewStore) -> None:
    st.caption("Sign in to review, decide and sign off documents.")
    with st.form("sign_in"):
        username = st.text_input("Username", key="si_user")
        password = st.text_input("Password", type="password", key="si_pw")
        if st.form_submit_button("Sign in", type="primary", key="sign_in"):
            username = username.strip()
            try:
                with store_errors(store.url):
                    user = store.authenticate(username, password, client=_client_key())
            except ReviewError:
                st.error(STORE_DOWN)
                return
            if user:
                begin_session(user.username)
                st.rerun()
            until = store.locked_until(username, client=_client_key())
            if until:
                st.error(
                    f"Too many failed sign-ins for {md(repr(username))}: locked until "
                    f"{until:%H:%M} UTC. Try again later or ask an admin."
                )
            else:
                st.error("Wrong username or password, or the account is deactivated.")


def sidebar_identity(user: User) -> None:
    st.markdown(f"Signed in as **{md(user.username)}** · {user.role}")
    st.button("Sign out", key="sign_out",
              on_click=_sign_out_oidc if oidc_enabled() else _sign_out)  # fmt: skip


def _sign_out() -> None:
    """Runs before the next page is drawn: the session forgets the user and their token, so
    a button drawn for them does nothing any more (annotator.app.state.user_action)."""
    end_session("Signed out.")


def _sign_out_oidc() -> None:
    end_session()
    st.logout()


def accounts_page(ctx: Ctx) -> None:
    """Add users, change roles, deactivate, reactivate, reset passwords (admins only; the
    store checks the role again and logs every change in account_events)."""
    store, user = ctx.store, ctx.user
    st.header("Accounts")
    show_flash()
    if user.role != "admin":
        st.info("Only an admin can manage accounts.")
        return
    people = store.list_users()
    names = [u.username for u in people]
    st.dataframe([vars(u) for u in people], hide_index=True, width="stretch")
    left, right = st.columns(2)
    with left, st.form("add_user", clear_on_submit=True):
        st.subheader("Add a user")
        st.text_input("Username", key="au_user")
        st.text_input("Initial password", type="password", key="au_pw")
        st.selectbox("Role", ROLES, key="au_role")
        st.form_submit_button("Add user", key="add_user_btn", on_click=_add_user, args=(ctx,))
    with right, st.form("change_user"):
        st.subheader("Change a user")
        st.selectbox("User", names, key="cu_user")
        st.selectbox("New role", ROLES, key="cu_role")
        c1, c2 = st.columns(2)
        c1.form_submit_button("Set role", key="set_role_btn", on_click=_set_role, args=(ctx,))
        c2.form_submit_button("Deactivate", key="deactivate_btn", on_click=_deactivate, args=(ctx,))
    left, right = st.columns(2)
    with left, st.form("reset_password", clear_on_submit=True):
        st.subheader("Reset a password")
        st.selectbox("User", names, key="rp_user")
        st.text_input("New password (at least 12 characters)", type="password", key="rp_pw")
        st.text_input("Repeat the new password", type="password", key="rp_pw2")
        st.form_submit_button(
            "Reset password", key="reset_pw_btn", on_click=_reset_password, args=(ctx,)
        )
    with right:
        st.subheader("Reactivate a user")
        inactive = [u.username for u in people if not u.active]
        if not inactive:
            st.caption("No account is deactivated.")
        else:
            with st.form("reactivate"):
                st.selectbox("Deactivated user", inactive, key="ra_user")
                st.form_submit_button(
                    "Reactivate", key="reactivate_btn", on_click=_reactivate, args=(ctx,)
                )
    st.caption(
        "Roles: reviewer (decide, sign off) < editor (also re-open) < admin (also accounts). "
        "A password reset or a reactivation also lifts a lock-out after failed sign-ins."
    )
    with st.expander("Account history"):
        events = store.account_events()
        if events:
            st.dataframe(
                [
                    {k: getattr(e, k) for k in ("created_at", "username", "action", "detail")}
                    | {"by": e.actor}
                    for e in reversed(events)  # newest first
                ],
                hide_index=True,
                width="stretch",
            )
        else:
            st.caption("No account changes recorded yet.")


# Form callbacks: they run before the page is drawn, so the table above shows the change.
@user_action
def _add_user(ctx: Ctx) -> None:
    store, by = ctx.store, ctx.user.username
    ss = st.session_state
    name = ss["au_user"].strip()
    _act(lambda: store.add_user(name, ss["au_pw"], ss["au_role"], by=by), f"Added {md(name)}.")


@user_action
def _set_role(ctx: Ctx) -> None:
    store, by = ctx.store, ctx.user.username
    who, role = st.session_state["cu_user"], st.session_state["cu_role"]
    _act(lambda: store.set_role(who, role, by=by), f"{md(who)} is now {role}.")


@user_action
def _deactivate(ctx: Ctx) -> None:
    store, by = ctx.store, ctx.user.username
    who = st.session_state["cu_user"]
    _act(lambda: store.deactivate_user(who, by=by), f"{md(who)} is deactivated.")


@user_action
def _reactivate(ctx: Ctx) -> None:
    store, by = ctx.store, ctx.user.username
    who = st.session_state["ra_user"]
    _act(lambda: store.reactivate_user(who, by=by), f"{md(who)} can sign in again.")


@user_action
def _reset_password(ctx: Ctx) -> None:
    store, by = ctx.store, ctx.user.username
    ss = st.session_state
    who = ss["rp_user"]
    if ss["rp_pw"] != ss["rp_pw2"]:
        flash("The two passwords differ; the password was not changed.", "error")
        return
    _act(
        lambda: store.reset_password(who, ss["rp_pw"], by=by),
        f"New password set for {md(who)}. Give it to them in person or by another channel.",
    )


def _act(action, done: str) -> None:
    try:
        action()
    except ReviewError as exc:
        flash(md(exc), "error")
    else:
        flash(done)
