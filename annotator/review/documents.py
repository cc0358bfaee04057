"""Documents in the review store: stable ids, numbered versions, and the text of each.

Why it is built this way:
- A document is never known by its file name alone: two unrelated files may share a name,
  and one text may arrive under two names. register() finds a text by its content hash first
  (the same text is the same version, whatever it is called now); a new text under the name
  of a known document is that document's next version (shown as such, decisions carried over
  only where the text is unchanged: items.py); anything else is a new document whose stable
  id is "doc-" + the hash of its first text. Documents known before revision 0004 keep their
  old name as their id.
- Each version's text (and HTML markup) is kept, so any later session, or another reviewer,
  reopens an upload or a pasted text exactly as it was checked. Versions and texts are
  hash-chained like decisions (audit.py).
"""

from __future__ import annotations

import sqlalchemy as sa

from annotator.models import Document
from annotator.review import damage
from annotator.review.db import StoreBase, document_texts, document_versions
from annotator.review.records import (
    FORMATS,
    ORIGINS,
    DocumentVersion,
    ReviewError,
    StoredDocument,
)

dv = document_versions.c


class StoredDocuments(StoreBase):
    """The documents the store has seen, their versions, and the texts it keeps of them."""

    def register(
        self, document: Document, by: str, origin: str = "upload", *, as_new: bool = False
    ) -> DocumentVersion:
        """The version this text is (found by content hash), else the next version of the
        latest document named like it, else a new document; `as_new` skips the name rule.
        Keeps the text. Idempotent: registering a known text returns its version."""
        _check(document, origin)
        with self._reader.connect() as conn:  # the common case (seen before) takes no lock
            found = _by_hash(conn, document.id)
        if found and _has_text(self._reader, found):
            return found
        with self._write() as conn:
            self._require(conn, by, "reviewer", "add documents")
            version = _by_hash(conn, document.id) or self._new_version(
                conn, document, by, origin, as_new
            )
            if not _has_text_conn(conn, version):
                self._chain(
                    conn,
                    document_texts,
                    dict(
                        name=version.doc_id,
                        content_hash=version.content_hash,
                        format=document.format,
                        text=document.text,
                        source_text=document.source_text,
                        origin=origin,
                        added_by=by,
                        added_at=self._now(),
                    ),
                )
        return version

    def _new_version(self, conn, document: Document, by, origin, as_new) -> DocumentVersion:
        latest = None if as_new else _latest_named(conn, document.name)
        if latest is None:
            doc_id, number = "doc-" + document.id[:12], 1
        else:
            doc_id, number = latest.doc_id, latest.version + 1
        self._ensure_document(conn, doc_id, document.id)
        row = self._chain(
            conn,
            document_versions,
            dict(
                doc_id=doc_id,
                version=number,
                name=document.name,
                content_hash=document.id,
                origin=origin,
                added_by=by,
                added_at=self._now(),
            ),
        )
        return DocumentVersion(**row)

    def save_document(self, document: Document, by: str, origin: str = "upload") -> StoredDocument:
        """register() and return the stored text of that version."""
        version = self.register(document, by, origin)
        return self.stored_text(version.doc_id, version.content_hash)

    def versions(self, doc_id: str) -> list[DocumentVersion]:
        """Every version of a document, oldest first."""
        with self._reader.connect() as conn:
            query = sa.select(document_versions).where(dv.doc_id == doc_id).order_by(dv.version)
            return damage.read(conn, query, DocumentVersion, "document_versions")

    def find_version(self, content_hash: str) -> DocumentVersion | None:
        with self._reader.connect() as conn:
            return _by_hash(conn, content_hash)

    def latest_versions(self) -> list[DocumentVersion]:
        """The latest version of every document, by name."""
        latest = sa.select(sa.func.max(dv.id)).group_by(dv.doc_id).scalar_subquery()
        query = sa.select(document_versions).where(dv.id.in_(latest)).order_by(dv.name, dv.id)
        with self._reader.connect() as conn:
            return damage.read(conn, query, DocumentVersion, "document_versions")

    def stored_text(self, doc_id: str, content_hash: str) -> StoredDocument | None:
        with self._reader.connect() as conn:
            return _stored(conn, doc_id, content_hash)

    def document_of(self, version: DocumentVersion) -> Document | None:
        """The text of a version as a Document named like the version (None: no text kept,
        a version decided before the store kept texts)."""
        kept = self.stored_text(version.doc_id, version.content_hash)
        if kept is None:
            return None
        return Document(version.name, kept.text, kept.format, kept.source_text)

    def documents(self) -> list[dict]:
        """Every version seen: doc_id, version, name, content_hash, added_at."""
        with self._reader.connect() as conn:  # one query, not one per document (the Queue
            query = sa.select(document_versions).order_by(dv.doc_id, dv.version)  # reruns it)
            every = damage.read(conn, query, DocumentVersion, "document_versions")
        by_doc: dict[str, list[DocumentVersion]] = {}
        for v in every:
            by_doc.setdefault(v.doc_id, []).append(v)
        latest = {d: max(vs, key=lambda v: v.id) for d, vs in by_doc.items()}
        return [  # documents in latest_versions() order (latest name, id), versions oldest first
            dict(
                doc_id=v.doc_id,
                version=v.version,
                name=v.name,
                content_hash=v.content_hash,
                added_at=v.added_at,
            )
            for doc in sorted(by_doc, key=lambda d: (latest[d].name, latest[d].id))
            for v in by_doc[doc]
        ]


def _check(document: Document, origin: str) -> None:
    problems = []
    if origin not in ORIGINS:
        problems.append(f"origin {origin!r} is not one of {', '.join(ORIGINS)}")
    if document.format not in FORMATS:
        problems.append(f"format {document.format!r} is not one of {', '.join(FORMATS)}")
    if "\x00" in document.text or "\x00" in (document.source_text or ""):
        problems.append("the text contains NUL characters, which the store cannot keep")
    if problems:
        raise ReviewError(f"{document.name}: " + "; ".join(problems))


def _by_hash(conn, content_hash: str) -> DocumentVersion | None:
    query = sa.select(document_versions).where(dv.content_hash == content_hash).order_by(dv.id)
    return damage.read_one(conn, query, DocumentVersion, "document_versions")


def _latest_named(conn, name: str) -> DocumentVersion | None:
    """The latest version of the document most recently given this name."""
    row = conn.execute(
        sa.select(document_versions).where(dv.name == name).order_by(dv.id.desc()).limit(1)
    ).first()
    if row is None:
        return None
    query = sa.select(document_versions).where(dv.doc_id == row.doc_id).order_by(dv.id.desc())
    return damage.read_one(conn, query, DocumentVersion, "document_versions")


def _stored(conn, doc_id: str, content_hash: str) -> StoredDocument | None:
    query = sa.select(document_texts).where(
        document_texts.c.name == doc_id, document_texts.c.content_hash == content_hash
    )
    return damage.read_one(conn, query, StoredDocument, "document_texts")


def _has_text_conn(conn, version: DocumentVersion) -> bool:
    return _stored(conn, version.doc_id, version.content_hash) is not None


def _has_text(engine, version: DocumentVersion) -> bool:
    with engine.connect() as conn:
        return _has_text_conn(conn, version)
