"""Results -> rows: fixed column lists, deterministic CSV / JSON / table output.

Same input, same bytes: rows are in document and claim order, lists are joined with `|` in
a stable order, floats are not printed, and nothing time-dependent goes into a report.
Every cell passes through csvsafe so a spreadsheet never runs document text as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.models import Check, DocumentResult, Finding
from annotator.outputs.csvsafe import safe_row

REPORT_COLUMNS = (
    "document",
    "claim_id",
    "start",
    "end",
    "text",
    "verdict",
    "drug",
    "attribute",
    "fact_ids",
    "reference",
    "suggestion",
    "sources",
    "severity",
    "negated",
    "hedged",
    "reason",
    "fact_status",
    "source_tier",
    "reference_version",
)
FINDING_COLUMNS = (
    "document",
    "start",
    "end",
    "kind",
    "text",
    "detail",
    "suggestion",
    "confidence",
    "fact_ids",
)


class ReportError(AnnotatorError):
    """A report cannot be written (missing folder, no permission)."""


def _flag(value: bool) -> str:
    return "yes" if value else "no"


def check_row(name: str, check: Check) -> dict[str, object]:
    c = check.claim
    return {
        "document": name,
        "claim_id": c.id,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "verdict": check.verdict.value,
        "drug": check.drug,
        "attribute": check.attribute,
        "fact_ids": "|".join(check.fact_ids),
        "reference": check.reference,
        "suggestion": check.suggestion,
        "sources": "|".join(check.sources),
        "severity": check.severity,
        "negated": _flag(check.negated),
        "hedged": _flag(check.hedged),
        "reason": check.reason,
        "fact_status": "|".join(check.fact_status),
        "source_tier": "|".join(check.source_tiers),
    }


def finding_row(name: str, f: Finding) -> dict[str, object]:
    return {
        "document": name,
        "start": f.start,
        "end": f.end,
        "kind": f.kind,
        "text": f.text,
        "detail": f.detail,
        "suggestion": f.suggestion,
        "confidence": f"{f.confidence:.2f}",
        "fact_ids": "|".join(f.fact_ids),
    }


def report_rows(result: DocumentResult) -> list[dict[str, object]]:
    """One row per claim; `reference_version` names the release (or draft hash) it used."""
    version = {"reference_version": result.reference_version}
    return [check_row(result.document.name, c) | version for c in result.checks]


def finding_rows(result: DocumentResult) -> list[dict[str, object]]:
    # every column takes part: document-level findings share 0-0 and empty text
    ordered = sorted(
        result.findings,
        key=lambda f: (f.start, f.end, f.kind, f.text, f.detail, f.suggestion, f.fact_ids),
    )
    return [finding_row(result.document.name, f) for f in ordered]


def write_csv(out, columns: tuple[str, ...], rows: Iterable[dict], header: bool = True) -> None:
    writer = csv.writer(out, lineterminator="\n")
    # Python 3.11's csv quotes only the lineterminator's characters: a bare "\r" (a file name
    # can hold one) would end the row in every reader, so such rows are written fully quoted.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    if header:
        writer.writerow(columns)
    for row in rows:
        cells = safe_row(row.get(col, "") for col in columns)
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write a whole report at once: readers see the previous file or the new one, never half
    (a temporary file beside it, then an atomic rename)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"{path}: cannot write: {exc.strerror or exc}") from None


def to_csv(columns: tuple[str, ...], rows: Iterable[dict]) -> str:
    buf = io.StringIO()
    write_csv(buf, columns, rows)
    return buf.getvalue()


def to_json(result: DocumentResult) -> str:
    """The whole result, including mentions and assertions, as stable JSON."""
    payload = {
        "document": result.document.name,
        "document_id": result.document.id,
        "focus_drug": result.focus_drug,
        "reference_version": result.reference_version,
        "counts": result.counts(),
        "claims": [
            {
                **check_row(result.document.name, c),
                "kind": c.claim.kind,
                "mentions": [
                    {
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                        "label": m.label.value,
                        "concept": m.concept,
                        "match": m.match,
                    }
                    for m in c.mentions
                    if m.label.value != "CUE"
                ],
                "assertions": [
                    {
                        "drug": a.drug,
                        "attribute": a.attribute,
                        "value": a.value,
                        "qualifier": a.qualifier,
                        "polarity": a.polarity,
                        "certainty": a.certainty.value,
                        "evidence": a.evidence,
                        "rule": a.rule,
                    }
                    for a in c.assertions
                ],
            }
            for c in result.checks
        ],
        "findings": finding_rows(result),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


MARK = {"consistent": "ok", "inconsistent": "WRONG", "unverified": "?", "not_checkable": "-"}


def to_table(result: DocumentResult, width: int = 100) -> str:
    """A plain-text view for the terminal: one line per claim, details under flagged ones."""
    lines = [
        f"{result.document.name}  (focus: {result.focus_drug or '-'}, "
        f"reference {result.reference_version})"
    ]
    for c in result.checks:
        text = c.claim.text if len(c.claim.text) <= width else c.claim.text[: width - 1] + "…"
        lines.append(f"{c.claim.id} {MARK[c.verdict.value]:>5} {c.verdict.value:<13} {text}")
        if c.verdict.value == "inconsistent":
            lines.append(f"{'':20}why: {c.reason}")
            lines.append(f"{'':20}reference: {c.reference}")
            if c.suggestion:
                lines.append(f"{'':20}suggestion: {c.suggestion}")
            lines.append(f"{'':20}source: {'; '.join(c.sources)}  [{', '.join(c.fact_ids)}]")
    for f in sorted(result.findings, key=lambda f: (f.start, f.kind)):
        lines.append(
            f"finding {f.kind} @{f.start}-{f.end}: {f.text[:60]!r} — {f.detail}"
            + (f" → {f.suggestion}" if f.suggestion else "")
        )
    counts = result.counts()
    lines.append(
        ", ".join(f"{k}: {v}" for k, v in counts.items()) + f", findings: {len(result.findings)}"
    )
    return "\n".join(lines) + "\n"
