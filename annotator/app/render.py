"""Pure helpers for the reviewer app: escaped HTML, queue ordering, intake folder listing.

Why a separate module without streamlit: everything here is computed from library records and
returned as strings or dicts, so it is tested directly and the Streamlit pages only render.
Document text is untrusted (scraped or machine-written articles), so every piece of text that
goes into HTML passes through html.escape here, in one place; the pages never build markup
from document text themselves.
"""

from __future__ import annotations

import html
import itertools
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import pairwise
from pathlib import Path

from annotator.extraction.documents import iter_input_files
from annotator.models import DocumentResult, Verdict
from annotator.review.items import finding_key, finding_label

# verdict -> (label, symbol, text colour, background); the label and symbol carry the meaning,
# colour only repeats it (readable in greyscale and for colour-blind reviewers).
VERDICT_STYLE = {
    "inconsistent": ("Inconsistent", "✗", "#9b1c1c", "#fde2e1"),
    "unverified": ("Unverified", "?", "#8a5300", "#fff1c2"),
    "consistent": ("Consistent", "✓", "#1e6b34", "#dcf3e1"),
    "not_checkable": ("Not checkable", "–", "#4b5563", "#eceff3"),
}
# Bar fills for charts: stronger than the text colours so thin bars stay distinguishable.
CHART_COLOURS = {
    "inconsistent": "#c81e1e",
    "unverified": "#e0a526",
    "consistent": "#2f855a",
    "not_checkable": "#9ca3af",
}
DECISION_LABEL = {
    "agree": "agreed",
    "override": "overridden",
    "needs_edit": "needs edit",
    "dismiss": "dismissed",
}
STATUS_LABEL = {
    "new": "New",
    "in_review": "In review",
    "stale": "Stale",
    "approved": "Approved",
    "approved_with_changes": "Approved with changes",
    "not_approved": "Returned to author",
    "signed_off": "Signed off",
}
SEVERITY_WEIGHT = {"critical": 100, "major": 10, "minor": 1}
# Entities shown in the text; CUE mentions ("used to treat") are reading aids, not entities.
ENTITY_LABELS = frozenset(
    {
        "DRUG",
        "DRUG_CLASS",
        "CONDITION",
        "ADVERSE_EFFECT",
        "TARGET",
        "ACTION",
        "SITE",
        "SUBSTANCE",
        "DOSE",
    }
)

CSS = """
.anno-doc{white-space:pre-wrap;line-height:1.9;font-size:1.02rem;font-family:Georgia,serif;
  padding:.25rem .5rem;}
.anno-claim{border-radius:3px;padding:1px 0;}
.anno-v-inconsistent{background:#fde2e1;border-bottom:2px solid #c81e1e;}
.anno-v-unverified{background:#fff1c2;border-bottom:2px dashed #b7791f;}
.anno-v-consistent{background:#dcf3e1;border-bottom:2px dotted #2f855a;}
.anno-v-not_checkable{background:transparent;color:#4b5563;}
.anno-selected{box-shadow:0 0 0 2px #1d4ed8;-webkit-box-decoration-break:clone;
  box-decoration-break:clone;}
.anno-tag{font-family:system-ui,sans-serif;font-size:.68rem;font-weight:600;border-radius:8px;
  padding:0 .4em;margin-right:.25em;vertical-align:.12em;white-space:nowrap;border:1px solid;}
.anno-ent{border-bottom:1px solid #6b7280;font-weight:600;}
.anno-finding{text-decoration:underline wavy #7c3aed;text-decoration-skip-ink:none;}
.anno-finding.anno-selected{background:#ede9fe;}
.anno-legend span{margin-right:.8em;}
.anno-box [data-key]{cursor:pointer;}
.anno-doclevel{font-family:system-ui,sans-serif;font-size:.9rem;margin:.2rem 0;padding:.2rem .5rem;
  border-left:4px solid #7c3aed;background:#f5f3ff;}
"""
STYLE = f"<style>{CSS}</style>"  # for st.html; the document component takes CSS as it is


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def md(value: object) -> str:
    """Text safe inside Streamlit markdown (messages, captions): names of uploaded files and
    store messages must not turn into links, emphasis or icons."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def verdict_label(verdict: str) -> str:
    label, symbol, *_ = VERDICT_STYLE[str(verdict)]
    return f"{symbol} {label}"


def badge(verdict: str, extra: str = "") -> str:
    label, symbol, fg, bg = VERDICT_STYLE[str(verdict)]
    text = f"{symbol} {label}" + (f" · {extra}" if extra else "")
    style = f"color:{fg};background:{bg};border-color:{fg}"
    return f'<span class="anno-tag" style="{style}">{esc(text)}</span>'


def legend_html() -> str:
    return (
        '<div class="anno-legend">'
        + "".join(badge(v) for v in VERDICT_STYLE)
        + ' <span class="anno-ent">entity</span> <span class="anno-finding">finding</span></div>'
    )


def decision_tag(found) -> str:
    """ "agreed", "overridden → inconsistent (stale)" ... for an Effective (or None)."""
    if found is None:
        return ""
    record = found.record
    tag = DECISION_LABEL.get(record.decision, record.decision)
    if record.decision == "override" and record.decided_verdict:
        tag += f" → {VERDICT_STYLE[record.decided_verdict][0].lower()}"
    return tag + (" (stale)" if found.status == "stale" else "")


def document_html(
    result: DocumentResult,
    selected: str | None = None,
    effective: Mapping[str, object] | None = None,
) -> str:
    """The article as read, each claim highlighted and labelled by verdict and decision,
    entities and finding spans marked; every claim and finding span carries its item key
    (data-key) so a click can open it. Claims do not overlap, so each is one element; inside
    it the text is cut at every entity and finding boundary so that overlapping layers never
    produce mis-nested tags. Every piece of text is escaped."""
    text = result.document.text
    effective = effective or {}
    spans = [(f.start, f.end, finding_key(f)) for f in result.findings if f.end > f.start]
    spans.sort(key=lambda s: s[1] - s[0])  # the shortest span wins a click on shared text
    out, pos = ['<div class="anno-doc">'], 0
    for check in sorted(result.checks, key=lambda c: c.claim.start):
        claim = check.claim
        if claim.start < pos:  # defensive: never repeat text if claims ever overlap
            continue
        out.append(_marked(text, pos, claim.start, (), spans, selected))
        cid, verdict = claim.id, check.verdict.value
        sel = " anno-selected" if cid == selected else ""
        ents = [m for m in check.mentions if str(m.label) in ENTITY_LABELS]
        head = badge(verdict, decision_tag(effective.get(cid)))
        out.append(
            f'<span class="anno-claim anno-v-{verdict}{sel}" id="claim-{esc(cid)}" '
            f'data-key="{esc(cid)}" title="{esc(cid)}: {esc(verdict_label(verdict))}">{head}'
            f"{_marked(text, claim.start, claim.end, ents, spans, selected)}</span>"
        )
        pos = claim.end
    out.append(_marked(text, pos, len(text), (), spans, selected))
    out.append("</div>")
    return "".join(out)


def _marked(text: str, start: int, end: int, ents, spans, selected=None) -> str:
    """text[start:end], escaped, with entity and finding spans wrapped (a finding piece
    carries its finding's key)."""
    spans = [(s, e, k) for s, e, k in spans if s < end and e > start]
    cuts = {start, end}
    for m in ents:
        cuts.update((m.start, m.end))
    for s, e, _ in spans:
        cuts.update((s, e))
    out = []
    for a, b in pairwise(sorted(p for p in cuts if start <= p <= end)):
        piece = esc(text[a:b])
        classes, key = [], None
        if any(m.start <= a and b <= m.end for m in ents):
            classes.append("anno-ent")
        key = next((k for s, e, k in spans if s <= a and b <= e), None)
        if key:
            classes.append("anno-finding" + (" anno-selected" if key == selected else ""))
        attr = f' data-key="{esc(key)}"' if key else ""
        out.append(f'<span class="{" ".join(classes)}"{attr}>{piece}</span>' if classes else piece)
    return "".join(out)


def document_findings_html(result: DocumentResult, selected=None, effective=None) -> str:
    """Document-level findings (no span: an omission of the whole article), shown above it,
    each clickable like a span."""
    effective = effective or {}
    out = []
    for f in result.findings:
        if f.end > f.start:
            continue
        key = finding_key(f)
        sel = " anno-selected" if key == selected else ""
        tag = decision_tag(effective.get(key)) or "undecided"
        out.append(
            f'<div class="anno-doclevel anno-finding{sel}" data-key="{esc(key)}">'
            f"<b>{esc(finding_label(f))}</b> · {esc(tag)}<br>{esc(f.detail)}</div>"
        )
    return "".join(out)


def severity_score(result: DocumentResult) -> int:
    """Sort key for the queue: critical contradictions outrank any number of minor ones."""
    return sum(
        SEVERITY_WEIGHT.get(c.severity, 1)
        for c in result.checks
        if c.verdict is Verdict.INCONSISTENT
    )


def checkable_ids(result: DocumentResult) -> list[str]:
    return [c.claim.id for c in result.checks if c.claim.checkable]


def contradicted_facts(results: Iterable[DocumentResult]) -> Counter:
    """How often each fact was contradicted across the loaded documents."""
    return Counter(
        fid
        for r in results
        for c in r.checks
        if c.verdict is Verdict.INCONSISTENT
        for fid in c.fact_ids
    )


def notes_stamp(root: str | os.PathLike) -> tuple:
    """A cheap change marker of reference_notes/ (path, size, mtime of every CSV): the cache
    key under which the table is (re)loaded, so an edit is picked up on the next rerun."""
    root = Path(root)
    if not root.is_dir():
        return (str(root), ())
    return (
        str(root.resolve()),
        tuple(
            (p.relative_to(root).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*.csv"))
        ),
    )


def intake_files(folder: str | os.PathLike | None, limit: int = 200) -> list[Path]:
    """Article files of an intake folder (claims/), walked like `annotator batch` walks it
    (annotator.extraction.documents.iter_input_files: hidden files skipped, no symlink followed
    out of the folder), first `limit`; [] when the folder is missing or holds none."""
    if folder is None or not Path(folder).is_dir():
        return []
    found = (p for p in iter_input_files([folder]) if isinstance(p, Path))
    return list(itertools.islice(found, limit))
