"""Session and caches of the reviewer app: the store, the reference table, checked documents.

Why caches are keyed the way they are: checking a document is the slow step, so each result is
kept per (document content hash, name, reference version) and reused across reruns and
sessions; the reference table is reloaded when any CSV under reference_notes/ changes (size or
mtime), and a new table has a new version, so every document is re-checked against it.
Widget values vanish from st.session_state when a page stops drawing the widget, so the app's
own state (signed-in user, loaded documents, the open document and claim) lives under plain
keys that no widget owns.
Every document the app checks is also saved in the review store (its text, once per
version), and the documents stored there join the queue, so yesterday's uploads reopen after
a restart. Files in the claims folder speak for themselves: their current content is shown
(and saved as a new version when it changed), the stored copy only when the file is gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from annotator import settings
from annotator.app.render import checkable_ids, intake_files, notes_stamp
from annotator.extraction.documents import DocumentError, read_document
from annotator.knowledge.loader import default_notes_dir, load_reference
from annotator.knowledge.reference import Reference
from annotator.models import Document, DocumentResult
from annotator.pipeline import check_document
from annotator.review.db import default_location
from annotator.review.records import ReviewError, User
from annotator.review.staleness import claim_states
from annotator.review.store import ReviewStore


@dataclass
class Ctx:
    """What every page needs, built once per rerun."""

    store: ReviewStore
    reference: Reference
    user: User | None = None
    results: dict[str, DocumentResult] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def states(self, name: str) -> dict:
        return claim_states(self.results[name].checks, self.reference.by_id)

    def status(self, name: str) -> str:
        r = self.results[name]
        return self.store.document_status(name, self.states(name), checkable_ids(r))

    def pending(self, name: str) -> dict[str, str]:
        r = self.results[name]
        return self.store.pending_claims(name, self.states(name), checkable_ids(r))


def init_state() -> None:
    for key, value in {
        "user": None,  # signed-in username (local accounts)
        "page": "Queue",
        "doc": None,  # name of the open document
        "claim": None,  # id of the open claim
        "session_docs": {},  # name -> (Document, "upload" | "paste") added in this session
        "saved_docs": set(),  # (store url, name, content hash) this session saved
        "picked": None,  # names of intake-folder files to load; None = all
        "db_location": default_location(),
    }.items():
        st.session_state.setdefault(key, value)


@st.cache_resource(show_spinner=False)
def get_store(location: str) -> ReviewStore:
    return ReviewStore(location)


@st.cache_resource(show_spinner="Loading the reference table …")
def _reference(root: str, stamp: tuple) -> Reference:
    return load_reference(root)


def get_reference() -> Reference:
    """The table in force, reloaded when a note file changes; an invalid table raises
    ReferenceError, which the app's frame shows with its problems."""
    root = str(default_notes_dir())
    return _reference(root, notes_stamp(root))


@st.cache_resource(show_spinner="Checking the document …", max_entries=500)
def _checked(_document: Document, _reference: Reference, key: tuple) -> DocumentResult:
    return check_document(_document, reference=_reference)


def check(document: Document, reference: Reference) -> DocumentResult:
    key = (document.id, document.name, document.format, str(reference.root), reference.version)
    return _checked(document, reference, key)


claims_dir = settings.claims_dir


def load_documents(ctx: Ctx) -> None:
    """Read the picked intake-folder files, this session's uploads and the documents stored
    in the review store; save each new version there; check each (cached)."""
    folder = claims_dir()
    picked = st.session_state["picked"]
    stored = ctx.store.load_documents()
    known = {(s.name, s.content_hash) for s in stored}
    in_folder = set()
    for path in intake_files(folder):
        name = path.relative_to(folder).as_posix()
        in_folder.add(name)
        if picked is not None and name not in picked:
            continue
        try:
            doc = read_document(path)
        except DocumentError as exc:
            ctx.errors.append(str(exc))
            continue
        doc = Document(name=name, text=doc.text, format=doc.format, source_text=doc.source_text)
        _add(ctx, doc, f"{folder.name}/ folder", "folder", known)
    for doc, how in st.session_state["session_docs"].values():
        _add(ctx, doc, "uploaded" if how == "upload" else "pasted", how, known)
    for kept in stored:
        if kept.name not in ctx.results and kept.name not in in_folder:
            ctx.results[kept.name] = check(kept.document, ctx.reference)
            ctx.origins[kept.name] = (
                f"stored ({kept.origin} by {kept.added_by}, {kept.added_at[:10]})"
            )


def _add(ctx: Ctx, doc: Document, label: str, how: str, known: set) -> None:
    """Check `doc` and save its text in the store unless this version is there already."""
    ctx.results[doc.name] = check(doc, ctx.reference)
    ctx.origins[doc.name] = label
    saved = st.session_state["saved_docs"]
    key = (ctx.store.url, doc.name, doc.id)
    if (doc.name, doc.id) in known or key in saved:
        return
    try:
        ctx.store.save_document(doc, ctx.user.username, how)
    except ReviewError as exc:  # shown on the queue; the document is still reviewable now
        ctx.errors.append(f"{doc.name} is not saved in the review store: {exc}")
        return
    saved.add(key)


def open_document(name: str, claim: str | None = None) -> None:
    st.session_state["doc"] = name
    st.session_state["claim"] = claim
    st.session_state["page"] = "Review"


def bound(widget, label: str, state_key: str, **kwargs):
    """Draw `widget` whose value lives under the plain key `state_key` (kept across pages)."""
    wkey = "w_" + state_key
    st.session_state[wkey] = st.session_state[state_key]
    return widget(label, key=wkey, on_change=_copy, args=(wkey, state_key), **kwargs)


def _copy(src: str, dst: str) -> None:
    st.session_state[dst] = st.session_state[src]


def flash(message: str, kind: str = "success") -> None:
    """Keep a message for the next rerun (callbacks run before the page is drawn)."""
    st.session_state["flash"] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop("flash", (None, None))
    if message:
        getattr(st, kind)(message)
