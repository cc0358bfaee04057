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
Why the caches are the app's own dictionaries and not st.cache_resource: any browser can send
Streamlit's "clear cache" message, which empties every st.cache_* for every session; the
store, the table and the checked documents are emptied only by an admin (`reload_caches`).
Who is signed in, and the wrapper every acting callback goes through, live in `session`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import streamlit as st

from annotator import settings
from annotator.app.problems import DAMAGE, damaged
from annotator.app.render import intake_files, notes_stamp
from annotator.extraction.documents import DocumentError, read_document
from annotator.knowledge.loader import default_notes_dir, load_reference
from annotator.knowledge.reference import Reference
from annotator.models import Document, DocumentResult
from annotator.pipeline import check_document
from annotator.review.db import store_errors
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
    token: str | None = None  # the sign-in this page was drawn for (see user_action)
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
        "user": None,  # signed-in username (local accounts; the OIDC identity with OIDC)
        "auth_token": None,  # a fresh random token per sign-in (see user_action)
        "seen_at": 0.0,  # time.time() of the session's last run (idle time-out)
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


# -- shared caches (the app's own: no browser message can empty them) -------------------------
_lock = threading.RLock()
_stores: dict[str, ReviewStore] = {}
_tables: dict[str, tuple[tuple, Reference]] = {}
_results: OrderedDict[tuple, DocumentResult] = OrderedDict()
MAX_RESULTS = 500


def get_store(location: str) -> ReviewStore:
    with _lock:
        if location not in _stores:
            _stores[location] = ReviewStore(location)
        return _stores[location]


def get_reference() -> Reference:
    """The table in force, reloaded when a note file changes; an invalid table raises
    ReferenceError, which the app's frame shows with its problems."""
    root = str(default_notes_dir())
    stamp = notes_stamp(root)
    with _lock:
        known = _tables.get(root)
        if known is None or known[0] != stamp:
            with st.spinner("Loading the reference table …"):
                _tables[root] = (stamp, load_reference(root))
        return _tables[root][1]


def check(document: Document, reference: Reference) -> DocumentResult:
    key = (document.id, document.name, document.format, str(reference.root), reference.version)
    with _lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
    with st.spinner("Checking the document …"):
        result = check_document(document, reference=reference)
    with _lock:
        _results[key] = result
        while len(_results) > MAX_RESULTS:
            _results.popitem(last=False)
    return result


def reload_caches() -> None:
    """Forget the reference table and every checked document (an admin's action: the next
    run loads the table again and re-checks what it shows). Open stores are kept."""
    with _lock:
        _tables.clear()
        _results.clear()


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
    try:
        stored = ctx.store.latest_versions()
    except DAMAGE as exc:
        ctx.errors.append(damaged("The stored documents cannot be listed", exc))
        stored = []
    for version in stored:
        if version.doc_id in ctx.docs or version.name in in_folder:
            continue
        try:
            document = ctx.store.document_of(version)
        except DAMAGE as exc:
            ctx.errors.append(damaged(f"Stored document {version.doc_id}", exc))
            continue
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
            with store_errors(ctx.store.url):  # a read-only or locked store: reading goes on
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


def _copy(src: str, dst: str, **also) -> None:
    """A widget's new value to its plain key (and `also`); nothing when the session no longer
    knows the widget (a message for a page drawn before a sign-out)."""
    if src in st.session_state:
        st.session_state.update({dst: st.session_state[src], **also})


def follow(src: str, dst: str, **also):
    """An on_change callback: copy widget `src` to the plain key `dst`, and set `also`."""
    return lambda: _copy(src, dst, **also)


def flash(message: str, kind: str = "success") -> None:
    """Keep a message for the next rerun (callbacks run before the page is drawn)."""
    st.session_state["flash"] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop("flash", (None, None))
    if message:
        getattr(st, kind)(message)
