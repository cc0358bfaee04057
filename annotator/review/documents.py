"""Document texts in the review store: every version reviewed, kept so it can be reopened.

Why it is built this way:
- Decisions name a document and its content hash only; keeping the text (and the HTML
  markup) of each version lets any later session, or another reviewer, reopen an upload
  or a pasted text exactly as it was checked.
- Stored once per (name, content hash) and hash-chained like decisions (audit.py), so a
  text edited behind the store's back shows up in verify_chain().
"""

from __future__ import annotations

import sqlalchemy as sa

from annotator.models import Document
from annotator.review.audit import append_row
from annotator.review.db import StoreBase, document_texts, documents
from annotator.review.records import FORMATS, ORIGINS, ReviewError, StoredDocument


class StoredDocuments(StoreBase):
    """The document versions the store has seen, and the texts it keeps of them."""

    def documents(self) -> list[dict]:
        """Every document version seen: name, content_hash, first_seen."""
        with self._reader.connect() as conn:
            rows = conn.execute(sa.select(documents).order_by(documents.c.id))
            return [dict(r._mapping) for r in rows]

    def save_document(self, document: Document, by: str, origin: str = "upload") -> StoredDocument:
        """Keep this version's text (and HTML markup) so any later session can reopen it.
        Idempotent per (name, content hash): a version seen before returns its first row."""
        name, content_hash = document.name, document.id
        problems = []
        if origin not in ORIGINS:
            problems.append(f"origin {origin!r} is not one of {', '.join(ORIGINS)}")
        if document.format not in FORMATS:
            problems.append(f"format {document.format!r} is not one of {', '.join(FORMATS)}")
        if "\x00" in document.text or "\x00" in (document.source_text or ""):
            problems.append("the text contains NUL characters, which the store cannot keep")
        if problems:
            raise ReviewError(f"{name}: " + "; ".join(problems))
        with self._reader.connect() as conn:  # the common case (seen before) takes no lock
            found = _stored(conn, name, content_hash)
        if found:
            return found
        with self._write() as conn:
            self._require(conn, by, "reviewer", "add documents")
            found = _stored(conn, name, content_hash)  # added meanwhile by another writer?
            if found:
                return found
            self._ensure_document(conn, name, content_hash)
            row = append_row(
                conn,
                document_texts,
                dict(
                    name=name,
                    content_hash=content_hash,
                    format=document.format,
                    text=document.text,
                    source_text=document.source_text,
                    origin=origin,
                    added_by=by,
                    added_at=self._now(),
                ),
            )
        return StoredDocument(**row)

    def load_documents(self) -> list[StoredDocument]:
        """The latest stored version of each document, by name."""
        dt = document_texts.c
        latest = sa.select(sa.func.max(dt.id)).group_by(dt.name).scalar_subquery()
        query = sa.select(document_texts).where(dt.id.in_(latest)).order_by(dt.name)
        with self._reader.connect() as conn:
            return [StoredDocument(**r._mapping) for r in conn.execute(query)]


def _stored(conn, name: str, content_hash: str) -> StoredDocument | None:
    row = conn.execute(
        sa.select(document_texts).where(
            document_texts.c.name == name, document_texts.c.content_hash == content_hash
        )
    ).first()
    return StoredDocument(**row._mapping) if row else None
