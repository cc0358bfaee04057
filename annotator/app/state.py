"""Session and caches of the reviewer app: the store, the reference table, checked documents.

Why caches are keyed the way they are: checking a document is the slow step, so each result is
kept per (document content hash, name, reference version) and reused across reruns and
sessions; the reference table is reloaded when any CSV under reference_notes/ changes (size or
mtime), and a new table has a new version, so every document is re-checked against it.
Widget values vanish from st.session_state when a page stops drawing the widget, so the app's
own state (signed-in user, loaded documents, the open document and item) lives under plain
keys that no widget owns.
Every document the app checks is registered in the review store (review/documents.py): its
stable id and version come from the store, never from the file name, and the documents stored
there join the queue, so yesterday's uploads reopen after a restart. Files in the claims folder
speak for themselves: their current content is shown (a new version when it changed), the
stored copy only when the file is gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import streamlit as st

from annotator import settings
from annotator.app.render import intake_files, notes_stamp
from annotator.extraction.documents import DocumentError, read_document
from annotator.knowledge.loader import default_notes_dir, load_reference
from annotator.knowledge.reference import Reference
from annotator.models import Document, DocumentResult
from annotator.pipeline import check_document
from annotator.review.items import review_items
from annotator.review.records import DocumentVersion, ReviewError, ReviewItem, User
from annotator.review.store import ReviewState, ReviewStore


@dataclass
class Entry:
    """One checked document version, as every page shows it."""

    version: DocumentVersion
    result: DocumentResult
    origin: str
    items: list[ReviewItem]

    @property
    def doc_id(self) -> str:
        return self.version.doc_id


@dataclass
class Ctx:
    """What every page needs, built once per rerun."""

    store: ReviewStore
    reference: Reference
    user: User | None = None
    docs: dict[str, Entry] = field(default_factory=dict)  # doc_id -> its latest loaded version
    errors: list[str] = field(default_factory=list)
    _states: dict = field(default_factory=dict)

    def state(self, entry: Entry) -> ReviewState:
        key = (entry.doc_id, entry.version.content_hash)
        if key not in self._states:
            self._states[key] = self.store.review_state(
                entry.doc_id, entry.version.content_hash, entry.items
            )
        return self._states[key]

    def forget_states(self) -> None:
        """After a write in a callback: the page drawn next must read the store again."""
        self._states.clear()

    def entry(self, doc_id: str, content_hash: str | None = None) -> Entry | None:
        """The loaded version of a document, or another of its versions from the store."""
        loaded = self.docs.get(doc_id)
        if loaded is None or content_hash in (None, loaded.version.content_hash):
            return loaded
        version = next(
            (v for v in self.store.versions(doc_id) if v.content_hash == content_hash), None
        )
        document = self.store.document_of(version) if version else None
        if document is None:
            return loaded
        return _entry(version, check(document, self.reference), "stored", self.reference)


def init_state() -> None:
    for key, value in {
        "user": None,  # signed-in username (local accounts)
        "page": "Queue",
        "doc": None,  # doc_id of the open document
        "ver": None,  # content hash of the open version (None: the latest)
        "item": None,  # key of the open claim or finding
        "triage": False,  # flagged items first
        "session_docs": {},  # name -> (Document, "upload" | "paste", as_new)
        "registered": {},  # (store url, content hash) -> DocumentVersion, this session
        "picked": None,  # names of intake-folder files to load; None = all
        "conflict": None,  # a refused decision waiting for the reviewer's choice
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


def _entry(version, result, origin, reference) -> Entry:
    return Entry(version, result, origin, review_items(result, reference.by_id))


def load_documents(ctx: Ctx) -> None:
    """Read the picked intake-folder files, this session's uploads and the documents stored
    in the review store; register each text there (a version of a document); check each."""
    folder = claims_dir()
    picked = st.session_state["picked"]
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
        doc = replace(doc, name=name)  # keeps what reading removed (the hidden-text finding)
        _add(ctx, doc, f"{folder.name}/ folder", "folder")
    for doc, how, as_new in st.session_state["session_docs"].values():
        _add(ctx, doc, "uploaded" if how == "upload" else "pasted", how, as_new)
    for version in ctx.store.latest_versions():
        if version.doc_id in ctx.docs or version.name in in_folder:
            continue
        document = ctx.store.document_of(version)
        if document is not None:
            origin = f"stored ({version.origin} by {version.added_by}, {version.added_at[:10]})"
            ctx.docs[version.doc_id] = _entry(
                version, check(document, ctx.reference), origin, ctx.reference
            )


def _add(ctx: Ctx, doc: Document, label: str, how: str, as_new: bool = False) -> None:
    """Register `doc` (once per session and text) and check it; the latest version of a
    document wins its place in the queue."""
    seen = st.session_state["registered"]
    key = (ctx.store.url, doc.id, as_new)
    if key not in seen:
        try:
            seen[key] = ctx.store.register(doc, ctx.user.username, how, as_new=as_new)
        except ReviewError as exc:
            ctx.errors.append(f"{doc.name} cannot be reviewed: {exc}")
            return
    version = seen[key]
    known = ctx.docs.get(version.doc_id)
    if known is None or known.version.version < version.version:
        ctx.docs[version.doc_id] = _entry(version, check(doc, ctx.reference), label, ctx.reference)


def open_item(doc_id: str, item: str | None = None, version: str | None = None) -> None:
    st.session_state.update(doc=doc_id, item=item, ver=version, page="Review", conflict=None)


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
