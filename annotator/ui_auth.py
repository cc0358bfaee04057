"""Who is reviewing: sign-in (OIDC or local accounts), first-admin set-up, the Accounts page.

Why: a sign-off is a signature, so it must carry the identity of whoever signed in, never a
typed name. Local accounts, their roles and the rate limit on failed logins live in the
ReviewStore; this module only shows forms and the store's answers. When
.streamlit/secrets.toml has an [auth] section, Streamlit's own OIDC login (st.login) says who
the user is and the store still says what that user may do.
"""

from __future__ import annotations

import secrets
import tomllib
from pathlib import Path

import streamlit as st

from annotator.review import ROLES, ReviewError, ReviewStore, User
from annotator.ui_render import md


def oidc_enabled() -> bool:
    """True when a secrets.toml that Streamlit reads has an [auth] section."""
    for path in (
        Path.cwd() / ".streamlit" / "secrets.toml",
        Path.home() / ".streamlit" / "secrets.toml",
    ):
        try:
            if "auth" in tomllib.loads(path.read_text(encoding="utf-8")):
                return True
        except (OSError, tomllib.TOMLDecodeError):
            continue
    return False


def signed_in_user(store: ReviewStore) -> User | None:
    """The signed-in, active user; otherwise draws the sign-in (or set-up) screen and stops."""
    if oidc_enabled():
        return _oidc_user(store)
    name = st.session_state.get("user")
    if name:
        user = store.get_user(name)
        if user and user.active:
            return user
        st.session_state["user"] = None
        st.warning(f"The account {name!r} is no longer active; sign in again.")
    st.title("annotator · medical review")
    if not store.list_users():
        _first_admin_form(store)
    else:
        _sign_in_form(store)
    st.stop()


def _oidc_user(store: ReviewStore) -> User:
    if not st.user.is_logged_in:
        st.title("annotator · medical review")
        st.button("Sign in with your organisation account", on_click=st.login, type="primary")
        st.stop()
    ident = str(st.user.get("email") or st.user.get("sub") or "")
    user = store.get_user(ident)
    if user and user.active:
        return user
    if not store.list_users():
        st.info(f"No accounts yet. Make {md(ident)} the first admin?")
        if st.button("Create the first admin account", type="primary"):
            # OIDC users never type this password: it only fills the store's required field.
            store.add_user(ident, secrets.token_urlsafe(32), "admin")
            st.rerun()
    else:
        st.error(f"{md(ident)} has no active reviewer account here; ask an admin to add it.")
    st.button("Sign out", on_click=st.logout)
    st.stop()


def _first_admin_form(store: ReviewStore) -> None:
    st.info(
        "No accounts exist yet. Create the first **admin** account; it can then add reviewers "
        "and editors on the Accounts page. This form is shown only once."
    )
    with st.form("first_admin"):
        username = st.text_input("Username", key="fa_user")
        password = st.text_input("Password (at least 8 characters)", type="password", key="fa_pw")
        again = st.text_input("Repeat password", type="password", key="fa_pw2")
        if st.form_submit_button("Create admin account", type="primary", key="create_admin"):
            if password != again:
                st.error("The two passwords differ.")
                return
            try:
                store.add_user(username.strip(), password, "admin")
            except ReviewError as exc:
                st.error(md(exc))
                return
            st.session_state["user"] = username.strip()
            st.rerun()


def _sign_in_form(store: ReviewStore) -> None:
    st.caption("Sign in to review, decide and sign off documents.")
    with st.form("sign_in"):
        username = st.text_input("Username", key="si_user")
        password = st.text_input("Password", type="password", key="si_pw")
        if st.form_submit_button("Sign in", type="primary", key="sign_in"):
            username = username.strip()
            user = store.authenticate(username, password)
            if user:
                st.session_state["user"] = user.username
                st.rerun()
            until = store.locked_until(username)
            if until:
                st.error(
                    f"Too many failed sign-ins for {md(repr(username))}: locked until "
                    f"{until:%H:%M} UTC. Try again later or ask an admin."
                )
            else:
                st.error("Wrong username or password, or the account is deactivated.")


def sidebar_identity(user: User) -> None:
    st.markdown(f"Signed in as **{md(user.username)}** · {user.role}")
    if oidc_enabled():
        st.button("Sign out", on_click=st.logout, key="sign_out")
    elif st.button("Sign out", key="sign_out"):
        st.session_state["user"] = None
        st.rerun()


def accounts_page(store: ReviewStore, user: User) -> None:
    st.header("Accounts")
    if user.role != "admin":
        st.info("Only an admin can manage accounts.")
        return
    st.dataframe([vars(u) for u in store.list_users()], hide_index=True, width="stretch")
    left, right = st.columns(2)
    with left, st.form("add_user", clear_on_submit=True):
        st.subheader("Add a user")
        name = st.text_input("Username", key="au_user")
        pw = st.text_input("Initial password", type="password", key="au_pw")
        role = st.selectbox("Role", ROLES, key="au_role")
        if st.form_submit_button("Add user", key="add_user_btn"):
            _report(lambda: store.add_user(name.strip(), pw, role), f"added {name.strip()}")
    with right, st.form("change_user"):
        st.subheader("Change a user")
        names = [u.username for u in store.list_users()]
        who = st.selectbox("User", names, key="cu_user")
        role = st.selectbox("New role", ROLES, key="cu_role")
        c1, c2 = st.columns(2)
        if c1.form_submit_button("Set role"):
            _report(lambda: store.set_role(who, role), f"{who} is now {role}")
        if c2.form_submit_button("Deactivate"):
            if who == user.username:
                st.error("You cannot deactivate your own account.")
            else:
                _report(lambda: store.deactivate_user(who), f"{who} deactivated")
    st.caption(
        "Roles: reviewer (decide, sign off) < editor (also re-open) < admin (also accounts)."
    )


def _report(action, done: str) -> None:
    try:
        action()
    except ReviewError as exc:
        st.error(md(exc))
    else:
        st.success(done)
