"""The author-facing report of one reviewed document version: a self-contained HTML page and
a CSV with every claim and finding, its verdict, the reviewer's decision and comment, the
reference passage and its source.

Why it is built this way:
- It goes to the writer, outside the team, so it must open anywhere with nothing else: one
  HTML file with inline CSS, no script, no external resource (a Content-Security-Policy
  forbids them even if something slipped through).
- Document text, comments and notes are hostile (scraped, machine-written, typed by anyone):
  every piece of text is escaped here, in one function, and only http(s) source URLs become
  links. The CSV goes through csvsafe, so no cell runs as a spreadsheet formula.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.knowledge.reference import Reference
from annotator.models import DocumentResult
from annotator.outputs.reports import to_csv
from annotator.review.items import finding_key
from annotator.review.records import OUTCOMES, DocumentVersion, Effective, SignOff

COLUMNS = (
    "item", "kind", "start", "end", "text", "verdict", "decision", "decided_verdict",
    "reviewer", "decided_at", "comment", "status", "reference", "suggestion", "sources",
)  # fmt: skip
WORDS = {"agree": "Agreed", "override": "Overridden", "needs_edit": "Needs edit",
         "dismiss": "Dismissed"}  # fmt: skip
CSS = """body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#111}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;
padding:.35rem .5rem;vertical-align:top;text-align:left}th{background:#f3f4f6}
.inconsistent{background:#fde2e1}.unverified{background:#fff6d6}.consistent{background:#e6f6ea}
.needs_edit{font-weight:700;color:#9b1c1c}.meta{color:#555}.sig{border:2px solid #1d4ed8;
padding:.6rem 1rem;margin:1rem 0}"""


@dataclass(frozen=True)
class AuthorReport:
    html: str
    csv: str
    rows: list[dict]


def author_rows(
    result: DocumentResult, effective: Mapping[str, Effective], reference: Reference
) -> list[dict]:
    """One row per claim (checkable or not) and per finding, in document order."""
    rows = []
    for c in result.checks:
        rows.append(_row(c.claim.id, "claim", c.claim.start, c.claim.end, c.claim.text,
                         str(c.verdict), effective.get(c.claim.id), c.reference, c.suggestion,
                         _sources(c.fact_ids, reference)))  # fmt: skip
    for f in sorted(result.findings, key=lambda f: (f.start, f.end, f.kind)):
        key = finding_key(f)
        rows.append(_row(key, f.kind, f.start, f.end, f.text or f.detail, "finding",
                         effective.get(key), f.detail, f.suggestion,
                         _sources(f.fact_ids, reference)))  # fmt: skip
    return rows


def author_report(
    result: DocumentResult,
    effective: Mapping[str, Effective],
    reference: Reference,
    version: DocumentVersion | None = None,
    signed: SignOff | None = None,
) -> AuthorReport:
    rows = author_rows(result, effective, reference)
    return AuthorReport(_html(result, rows, version, signed), to_csv(COLUMNS, rows), rows)


def _row(key, kind, start, end, text, verdict, found, passage, suggestion, sources) -> dict:
    rec = found.record if found else None
    return dict(
        item=key, kind=kind, start=start, end=end, text=text, verdict=verdict,
        decision=rec.decision if rec else "",
        decided_verdict=rec.final_verdict if rec and not rec.is_finding else "",
        reviewer=rec.reviewer if rec else "", decided_at=rec.created_at if rec else "",
        comment=rec.comment if rec else "", status=found.status if found else "undecided",
        reference=passage, suggestion=suggestion,
        sources=" | ".join(f"{title} ({where}) {url}".strip() for title, where, url in sources),
        _sources=sources,
    )  # fmt: skip


def _sources(fact_ids: Sequence[str], reference: Reference) -> list[tuple[str, str, str]]:
    out = []
    for fid in fact_ids:
        fact = reference.by_id.get(fid)
        source = reference.sources.get(fact.source_id) if fact else None
        if source and (source.title, fact.locator, source.url) not in out:
            out.append((source.title, fact.locator, source.url))
    return out


def e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _link(title: str, where: str, url: str) -> str:
    text = e(title) + (f" ({e(where)})" if where else "")
    if url.startswith(("https://", "http://")):
        return f'<a href="{e(url)}" rel="noopener noreferrer">{text}</a>'
    return text


def _html(result, rows, version, signed) -> str:
    name = version.name if version else result.document.name
    number = f"version {version.version}, " if version else ""
    head = (
        f"<h1>Review of {e(name)}</h1><p class='meta'>{e(number)}text {e(result.document.id)}"
        f" · reference version {e(result.reference_version)}</p>"
    )
    if signed is not None:
        head += (
            f"<div class='sig'><b>{e(OUTCOMES.get(signed.outcome or '', 'Signed off'))}</b> "
            f"by {e(signed.reviewer)} on {e(signed.created_at[:16].replace('T', ' '))} UTC"
            f"<p>{e(signed.meaning)}</p>"
            + (f"<p><b>Note to the author:</b> {e(signed.note)}</p>" if signed.note else "")
            + "</div>"
        )
    else:
        head += "<p class='sig'>Not signed off yet: decisions may still change.</p>"
    body = []
    for r in rows:
        decision = WORDS.get(r["decision"], "Undecided")
        if r["decision"] == "override":
            decision += f" → {r['decided_verdict']}"
        sources = "<br>".join(_link(*s) for s in r["_sources"])
        label = r["item"] if r["kind"] == "claim" else r["kind"]
        body.append(
            f"<tr class='{e(r['verdict'])}'><td>{e(label)}"
            f"</td><td>{e(r['text'])}</td><td>{e(r['verdict'])}</td>"
            f"<td class='{e(r['decision'])}'>{e(decision)}"
            + (" (stale)" if r["status"] == "stale" else "")
            + f"</td><td>{e(r['comment'])}</td><td>{e(r['reference'])}"
            + (f"<br><i>Suggested:</i> {e(r['suggestion'])}" if r["suggestion"] else "")
            + f"</td><td>{sources}</td></tr>"
        )
    table = (
        "<table><tr><th>Claim</th><th>Text</th><th>Verdict</th><th>Decision</th>"
        "<th>Comment</th><th>Reference passage</th><th>Source</th></tr>"
        + "".join(body)
        + "</table>"
    )
    csp = "default-src 'none'; style-src 'unsafe-inline'"
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{csp}\">"
        f"<title>Review of {e(name)}</title><style>{CSS}</style></head><body>{head}{table}"
        "<p class='meta'>A verdict means consistent with the cited reference note, never "
        "medically true.</p></body></html>"
    )
