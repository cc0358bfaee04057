"""What the item panel shows about a claim or a finding: its text first (head), then why the
checker said what it said: what was read, the reference passage, the correction, the source.

Why split in two: the decision buttons go between the head and the details, so they stay next
to the claim however long its explanation is. Every piece of text is escaped (render.esc).
"""

from __future__ import annotations

import streamlit as st

from annotator.app.render import STYLE, VERDICT_STYLE, badge, esc
from annotator.models import Check, DocumentResult
from annotator.review.items import finding_key, finding_label


def claim_details(ref, check: Check, head: bool) -> None:
    if head:
        st.html(
            STYLE + f"<div>{badge(check.verdict.value)} <b>{esc(check.claim.id)}</b> "
            f"<span style='color:#6b7280'>({esc(check.claim.kind)})</span></div>"
            f"<blockquote style='margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid "
            f"{VERDICT_STYLE[check.verdict.value][2]}'>{esc(check.claim.text)}</blockquote>"
        )
        return
    flags = [f for f, on in (("negated", check.negated), ("hedged", check.hedged)) if on]
    parts = []
    if check.reason:
        parts.append(f"<div><i>Why:</i> {esc(check.reason)}</div>")
    if flags:
        parts.append(f"<div><i>Read as:</i> {esc(', '.join(flags))}</div>")
    if check.reference:
        parts.append(f"<p><b>Reference says:</b> {esc(check.reference)}</p>")
    if check.suggestion:
        parts.append(f"<p><b>Suggested correction:</b> {esc(check.suggestion)}</p>")
    parts += _sources(ref, check.fact_ids)
    if parts:
        st.html("".join(parts))
    if check.assertions:
        st.markdown("**What the claim asserts**")
        st.dataframe(
            [
                {
                    "drug": ref.display(a.drug),
                    "attribute": a.attribute,
                    "value": ref.display(a.value) + (f" ({a.qualifier})" if a.qualifier else ""),
                    "reading": ("negated" if not a.polarity else "affirmed")
                    + ("" if str(a.certainty) == "asserted" else f" · {a.certainty}"),
                    "read from": a.evidence,
                }
                for a in check.assertions
            ],
            hide_index=True,
            width="stretch",
        )


def finding_details(ref, result: DocumentResult, key: str, head: bool) -> None:
    finding = next((f for f in result.findings if finding_key(f) == key), None)
    if finding is None:
        st.caption("This finding is no longer reported for this text.")
        return
    if head:
        where = "the whole article" if finding.end <= finding.start else (
            f"characters {finding.start}–{finding.end}")  # fmt: skip
        st.html(
            f"<div><span class='anno-tag' style='color:#5b21b6;border-color:#7c3aed'>finding</span>"
            f" <b>{esc(finding_label(finding))}</b> <span style='color:#6b7280'>({esc(where)})"
            "</span></div>"
            + (
                "<blockquote style='margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid "
                f"#7c3aed'>{esc(finding.text)}</blockquote>"
                if finding.text
                else ""
            )
            + f"<p>{esc(finding.detail)}</p>"
        )
        return
    parts = []
    if finding.suggestion:
        parts.append(f"<p><b>Suggested correction:</b> {esc(finding.suggestion)}</p>")
    for fid in finding.fact_ids:
        fact = ref.by_id.get(fid)
        if fact:
            parts.append(f"<p><b>Reference says:</b> {esc(fact.statement)}</p>")
    parts += _sources(ref, finding.fact_ids)
    if parts:
        st.html("".join(parts))


def _sources(ref, fact_ids) -> list[str]:
    parts = []
    for fid in fact_ids:
        fact = ref.by_id.get(fid)
        source = ref.sources.get(fact.source_id) if fact else None
        if not source:
            continue
        title = esc(source.title)
        if source.url.startswith(("https://", "http://")):
            title = (
                f'<a href="{esc(source.url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
            )
        parts.append(
            f"<p><b>Source</b> ({esc(fid)}, {esc(fact.severity)}): {title}"
            f"{' — ' + esc(source.publisher) if source.publisher else ''}, "
            f"section: {esc(fact.locator)}</p>"
        )
    return parts
