"""Who is signed in: the sign-in's token, the idle time-out, OIDC, and `user_action`, the
wrapper of every widget callback that acts.

Why every acting callback is wrapped: Streamlit runs a callback with the arguments the page
was drawn with, even after a sign-out (a crafted or replayed message can still press a
button the previous user saw). So the callback re-reads who is signed in when it runs (the
server-side session, st.user with OIDC, and the store for whether the account is active and
its role), refuses when the sign-in it was drawn for has ended (a fresh random token per
sign-in), and turns every error into a one-line message.
"""

from __future__ import annotations

import functools
import secrets
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import streamlit as st

from annotator import settings
from annotator.app.problems import report_bug
from annotator.app.render import md
from annotator.app.state import Ctx, flash, init_state
from annotator.errors import AnnotatorError
from annotator.review.db import store_errors
from annotator.review.records import User
from annotator.review.store import ReviewStore

NOT_SIGNED_IN = "You are not signed in (signed out, or the session ended): nothing was done."


def begin_session(username: str) -> None:
    """A sign-in: a new token, so nothing drawn for an earlier sign-in can act for this one."""
    st.session_state.update(user=username, auth_token=secrets.token_urlsafe(16),
                            seen_at=time.time(), ended_for=None)  # fmt: skip


def end_session(message: str | None = None, kind: str = "info") -> None:
    """Sign out: forget everything this browser session held (user, token, open document,
    uploads, a pending conflict), keeping only a message for the sign-in screen."""
    st.session_state.clear()
    init_state()
    if message:
        flash(message, kind)


def session_username(oidc_ident: str | None = None) -> str | None:
    """The username of this session's sign-in, or None (signed out, or idle too long: the
    session is then ended). With OIDC, `oidc_ident` is who st.user says is signed in."""
    ss = st.session_state
    if oidc_ident and ss.get("ended_for") == oidc_ident:
        return None  # ended for being idle: only a new sign-in with the provider starts again
    if oidc_ident is not None and ss.get("user") != oidc_ident:
        if oidc_ident:
            begin_session(oidc_ident)
        else:
            ss.update(user=None, auth_token=None)
    name = ss.get("user")
    if not name or not ss.get("auth_token"):
        return None
    minutes = settings.session_minutes()
    if time.time() - ss.get("seen_at", 0.0) > minutes * 60:
        end_session(f"Your session ended after {minutes} minutes without activity; sign in "
                    "again.", "warning")  # fmt: skip
        ss["ended_for"] = name
        return None
    return name


def touch() -> None:
    """Activity: the idle time-out counts from now."""
    st.session_state["seen_at"] = time.time()


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


def oidc_ident() -> str:
    """Who Streamlit's OIDC login says is signed in ("" when nobody is)."""
    if not st.user.is_logged_in:
        return ""
    return str(st.user.get("email") or st.user.get("sub") or "")


def current_user(store: ReviewStore) -> User | None:
    """The signed-in, active user, read now from the server-side session (and st.user with
    OIDC) and the store; None otherwise."""
    name = session_username(oidc_ident() if oidc_enabled() else None)
    user = store.get_user(name) if name else None
    return user if user is not None and user.active else None


def user_action(callback):
    """Wrap a widget callback taking a Ctx first: when it runs, the signed-in user is read
    again from the session (the store says if they are still active and what role they
    have), it must be the sign-in the page was drawn for (the token), and the callback gets
    a Ctx with that user. Otherwise nothing is done and the sign-in screen says so. Errors
    become one-line messages (store errors name the store; a bug gets an error id and its
    traceback goes to the server log)."""

    @functools.wraps(callback)
    def run(ctx: Ctx, *args, **kwargs) -> None:
        token = st.session_state.get("auth_token")
        user = current_user(ctx.store) if token and token == ctx.token else None
        if user is None:  # (a message of the time-out, if any, says it already)
            st.session_state.setdefault("flash", ("error", NOT_SIGNED_IN))
            return
        touch()
        try:
            with store_errors(ctx.store.url):
                callback(replace(ctx, user=user), *args, **kwargs)
        except AnnotatorError as exc:
            flash(md(exc.message()), "error")
        except Exception:  # a bug: the details go to the server log only
            flash(f"Something went wrong; nothing more was done. {report_bug()}", "error")

    return run
