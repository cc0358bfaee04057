"""The Audit, Reports and Reference pages: read-only views over the store and the library.

Why they are thin: the audit trail, the report columns and the reference table are defined by
annotator.review, annotator.outputs.reports and annotator.knowledge; these pages filter, chart
and offer downloads.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from annotator.app.problems import DAMAGE, damaged
from annotator.app.render import (
    CHART_COLOURS,
    VERDICT_STYLE,
    contradicted_facts,
    md,
)
from annotator.app.state import Ctx
from annotator.review.audit import write_audit_csv
from annotator.review.report import MERGED_COLUMNS, reviewed_report


def audit_page(ctx: Ctx) -> None:
    st.header("Audit trail")
    try:
        problems = ctx.store.verify_chain()
    except DAMAGE as exc:
        problems = [damaged("The hash chains cannot be verified", exc)]
    if problems:
        st.error(
            "The audit trail was altered outside the app (changed, removed, forged or "
            "relinked rows; `annotator audit verify` lists the same):\n\n"
            + "\n".join(f"- {md(str(p))}" for p in problems)
        )
    else:
        st.caption(
            "Hash chains, row MACs and the anchored chain heads verified: no decision, "
            "sign-off, stored document text or account change was edited, forged or removed."
        )
    try:
        damaged_rows = ctx.store.damaged_rows()
    except DAMAGE as exc:
        damaged_rows = [damaged("The damaged-row check", exc)]
    if damaged_rows:
        st.warning(
            "Rows the store cannot read (left out of every page):\n\n"
            + "\n".join(f"- {md(str(r))}" for r in damaged_rows)
        )
    try:
        names = {v.doc_id: v.label for v in ctx.store.latest_versions()}
    except DAMAGE as exc:
        st.warning(md(damaged("The list of stored documents", exc)))
        names = {d: e.version.label for d, e in ctx.docs.items()}
    doc = st.selectbox(
        "Document",
        ["", *sorted(names, key=names.get)],
        key="audit_doc",
        format_func=lambda d: names.get(d, "All documents"),
    )
    doc = doc or None
    rows = _audit_rows(ctx, doc, names)
    if not rows:
        st.info("No decisions or sign-offs recorded yet.")
        return
    kinds = st.multiselect(
        "Kinds",
        ["decision", "finding_decision", "sign_off", "reopen"],
        default=["decision", "finding_decision", "sign_off", "reopen"],
        key="audit_kinds",
    )
    shown = [r for r in reversed(rows) if r["kind"] in kinds]  # newest first
    st.dataframe(
        pd.DataFrame(shown).fillna(""),
        hide_index=True,
        width="stretch",
        column_order=[
            "created_at",
            "kind",
            "document",
            "claim_id",
            "reviewer",
            "verdict_shown",
            "decision",
            "decided_verdict",
            "comment",
            "via",
            "outcome",
            "auth_method",
            "reference_version",
            "meaning",
            "note",
            "row_hash",
        ],
    )
    buf = io.StringIO()
    try:
        ctx.store.export_audit_csv(buf, doc)
    except DAMAGE:
        write_audit_csv(buf, rows)  # the rows that could be read (the page said which not)
    st.download_button(
        "Download audit trail (CSV)", buf.getvalue(), "audit.csv", "text/csv", key="audit_csv"
    )


def _audit_rows(ctx: Ctx, doc: str | None, names: dict[str, str]) -> list[dict]:
    """The audit rows of `doc` (None: all); when a damaged row makes that read fail, the
    rows of every document that can still be read, in time order, and a message per
    document that cannot."""
    try:
        return ctx.store.audit_rows(doc)
    except DAMAGE as exc:
        if doc is not None:
            st.warning(md(damaged(f"The audit rows of {names.get(doc, doc)}", exc)))
            return []
    rows = []
    for number, each in enumerate(sorted(names, key=names.get), 1):
        try:
            rows += ctx.store.audit_rows(each)
        except DAMAGE as exc:
            st.warning(md(damaged(f"Document {number} ({names[each]})", exc)))
    return sorted(rows, key=lambda r: str(r.get("created_at")))


def reports_page(ctx: Ctx) -> None:
    st.header("Reports")
    if not ctx.docs:
        st.info("No documents are loaded. Add articles on the Queue page.")
        return
    results = {e.version.label: e.result for e in ctx.docs.values()}
    report = reviewed_report(ctx.store, ctx.reference, [(d, e.result) for d, e in ctx.docs.items()])
    rows = report.rows
    d1, d2, _ = st.columns([2, 1, 2])
    d1.download_button(
        "Download claims report with decisions (CSV)",
        report.claims_csv(),
        "claims-report.csv",
        "text/csv",
        type="primary",
        key="report_csv",
    )
    d2.download_button(
        "Download findings (CSV)",
        report.findings_csv(),
        "findings.csv",
        "text/csv",
        key="findings_csv",
    )
    left, right = st.columns(2)
    with left:
        st.subheader("Verdicts per document")
        frame = pd.DataFrame(
            {
                VERDICT_STYLE[v][0]: [results[n].counts()[v] for n in sorted(results)]
                for v in VERDICT_STYLE
            },
            index=pd.Index(sorted(results), name="document"),
        )
        st.bar_chart(frame, color=list(CHART_COLOURS.values()), horizontal=True)
    with right:
        st.subheader("Facts most often contradicted")
        top = contradicted_facts(results.values()).most_common(15)
        if top:
            st.bar_chart(
                pd.DataFrame(top, columns=["fact", "contradictions"]).set_index("fact"),
                horizontal=True,
                sort="-contradictions",
                color=CHART_COLOURS["inconsistent"],
            )
        else:
            st.caption("No claim contradicts the reference.")
    st.subheader("Claims with decisions")
    st.dataframe(pd.DataFrame(rows, columns=MERGED_COLUMNS), hide_index=True, width="stretch")


def reference_page(ctx: Ctx) -> None:
    ref = ctx.reference
    st.header("Reference notes")
    st.caption(
        f"{ref.root} · version {ref.version} · {len(ref.facts)} facts, "
        f"{len(ref.sources)} sources. A verdict means “consistent with this note”, "
        "never “medically true”."
    )
    query = st.text_input("Search facts (drug, attribute, statement, source)", key="ref_q")
    drugs = sorted({f.drug for f in ref.facts})
    chosen = st.multiselect("Drugs", drugs, format_func=ref.display, key="ref_drugs")
    rows = []
    for f in ref.facts:
        src = ref.sources.get(f.source_id)
        rows.append(
            {
                "fact_id": f.fact_id,
                "drug": ref.display(f.drug),
                "attribute": f.attribute,
                "value": ref.display(f.value),
                "polarity": "+" if f.polarity else "−",
                "statement": f.statement,
                "severity": f.severity,
                "source": src.title if src else f.source_id,
                "locator": f.locator,
                "url": src.url if src else "",
                "_drug": f.drug,
            }
        )
    frame = pd.DataFrame(rows)
    if chosen:
        frame = frame[frame["_drug"].isin(chosen)]
    if query.strip():
        hay = frame.drop(columns="_drug").astype(str).agg(" ".join, axis=1).str.lower()
        frame = frame[hay.str.contains(query.strip().lower(), regex=False)]
    st.dataframe(
        frame.drop(columns="_drug"),
        hide_index=True,
        width="stretch",
        column_config={"url": st.column_config.LinkColumn("url")},
    )
    with st.expander("Sources"):
        st.dataframe(
            pd.DataFrame([vars(s) for s in ref.sources.values()]),
            hide_index=True,
            width="stretch",
            column_config={"url": st.column_config.LinkColumn("url")},
        )
