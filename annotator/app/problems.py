"""What the app shows when something fails that is not the user's doing: a damaged row of the
review store (the page goes on with the rest) or a bug (a short message with an error id).

Why: a visitor must never see a traceback, and one bad row must not take a page down; the
server log keeps the details (logger "annotator.app"), findable by the error id.
"""

from __future__ import annotations

import logging
import secrets

log = logging.getLogger("annotator.app")

DAMAGE = (TypeError, ValueError, LookupError, AttributeError)  # what a damaged row raises


def damaged(what: str, exc: Exception) -> str:
    """The one-line message for a store read that failed on a damaged row (logged too): the
    page shows it and goes on with what it can read."""
    log.warning("damaged row: %s: %r", what, exc)
    detail = " ".join(str(exc).split())[:200]
    kind = type(exc).__name__
    return (f"{what}: a row of the review store is damaged ({kind}: {detail}); everything "
            "else is shown. An admin can check the store on the Audit page.")  # fmt: skip


def report_bug() -> str:
    """Log the exception being handled with a new error id; the sentence to show with it."""
    error_id = secrets.token_hex(4)
    log.exception("unexpected error, id %s", error_id)
    return f"Tell the administrator the error id {error_id} (the server log has the details)."
