"""The Curation page: editors review imported label rows and sign reference releases.

Why it looks like this: a curator decides one row at a time with the label's own words in
front of them, so each imported row shows its verbatim passage, the label it cites (set id,
version, date, section, table) and the curated facts it contradicts, next to Accept / Edit /
Reject, each needing a reason. Every action goes through annotator.knowledge.curate, which
writes the append-only curation log with the signed-in editor's name, so the page decides
nothing itself. Reviewers see the same page read-only.
"""

from __future__ import annotations

from collections import Counter

import streamlit as st

from annotator.app.render import esc, md
from annotator.app.session import user_action
from annotator.app.state import Ctx, flash, show_flash
from annotator.errors import AnnotatorError
from annotator.knowledge import curate
from annotator.knowledge.curation import ImportedRow
from annotator.knowledge.schema import SEVERITIES

STATES = ("pending", "held", "accepted", "edited", "rejected")
SHOWN_DIFF = 60


def curation_page(ctx: Ctx) -> None:
    ref = ctx.reference
    st.header("Curation: imported label facts and releases")
    show_flash()
    release = ref.release
    st.caption(
        f"{ref.root} · version {ref.version} · "
        + (
            f"release {md(release.name)} signed by {md(release.by)} at {release.at[:16]}"
            if release
            else "unreleased changes"
        )
    )
    editor = ctx.user is not None and ctx.user.role in ("editor", "admin")
    if not editor:
        st.info("Read-only: editors and admins accept, edit and reject rows and sign releases.")
    rows = list(ref.imported_rows)
    if not rows:
        st.info("No imported label facts. Import labels with `annotator notes import-label`.")
    else:
        counts = Counter(r.state for r in rows)
        st.markdown(" · ".join(f"**{counts.get(s, 0)}** {s}" for s in STATES))
        _review(ctx, rows, editor)
    st.divider()
    _releases(ctx, editor)


def _review(ctx: Ctx, rows: list[ImportedRow], editor: bool) -> None:
    ref = ctx.reference
    left, right = st.columns(2)
    drugs = sorted({r.raw.drug for r in rows})
    drug = left.selectbox("Drug", drugs, format_func=ref.display, key="cur_drug")
    state = right.selectbox("State", ("all", *STATES), key="cur_state")
    shown = [r for r in rows if r.raw.drug == drug and state in ("all", r.state)]
    if not shown:
        st.caption("No rows in this state.")
        return
    by_id = {r.raw.fact_id: r for r in shown}
    fid = st.selectbox(
        "Imported fact",
        list(by_id),
        key="cur_fact",
        format_func=lambda f: (
            f"{by_id[f].state} · {by_id[f].raw.attribute} · "
            f"{ref.display(by_id[f].raw.value)} {by_id[f].raw.qualifier}".rstrip()
        ),
    )
    row = by_id[fid]
    _row_panel(ctx, row)
    if editor:
        _actions(ctx, row)


def _row_panel(ctx: Ctx, row: ImportedRow) -> None:
    ref, f = ctx.reference, row.fact
    src = ref.sources.get(f.source_id)
    st.markdown(
        f"**{esc(f.statement)}**  \n"
        f"`{esc(f.fact_id)}` · {esc(f.attribute)} = {esc(ref.display(f.value))}"
        + (f" [{esc(f.qualifier)}]" if f.qualifier else "")
        + f" · {'+' if f.polarity else '−'} · severity {esc(f.severity)} · state **{row.state}**",
        unsafe_allow_html=True,
    )
    where = " · ".join(
        p
        for p in (
            f"set id {f.set_id}",
            f"version {f.label_version}",
            f"effective {f.effective}",
            f.section,
            f.table_id,
        )
        if p
    )
    st.markdown(
        f'<div class="anno-passage" style="border-left:4px solid #1e6b34;padding:.4rem .8rem;'
        f'background:#f4faf5"><div style="font-size:.8rem;color:#4b5563">Label passage, '
        f"{esc(where)}</div>{esc(f.passage)}</div>",
        unsafe_allow_html=True,
    )
    if src:
        st.caption(f"Source: {md(src.title)} ({md(src.publisher)}), tier {src.tier}")
    if row.conflicts:
        st.warning(
            "Held back: contradicts curated fact(s) "
            + "; ".join(
                f"{md(c)}: {md(ref.by_id[c].statement)}" for c in row.conflicts if c in ref.by_id
            )
        )
    if row.decision:
        d = row.decision
        st.caption(f"Last decision: {d.action} by {md(d.by)} at {d.at[:16]} UTC: {md(d.reason)}")


def _actions(ctx: Ctx, row: ImportedRow) -> None:
    """Accept / Reject / Edit. Edit fields are keyed by the fact, so switching rows shows the
    new row's values instead of the previous row's."""
    f = row.fact
    k = _keys(row)
    with st.form("cur_form"):
        st.text_input("Reason (recorded in the curation log)", key="cur_reason")
        a, r, _ = st.columns([1, 1, 3])
        a.form_submit_button(
            "Accept", key="cur_accept", type="primary", on_click=_decide, args=(ctx, row, "accept")
        )
        r.form_submit_button(
            "Reject", key="cur_reject", on_click=_decide, args=(ctx, row, "reject")
        )
        with st.expander("Edit the row"):
            st.text_input("Value (a term id or an amount)", value=f.value, key=k["value"])
            st.text_input("Qualifier", value=f.qualifier, key=k["qualifier"])
            st.selectbox(
                "Severity", SEVERITIES, index=SEVERITIES.index(f.severity), key=k["severity"]
            )
            st.text_area("Statement", value=f.statement, key=k["statement"])
            st.form_submit_button(
                "Save edit", key="cur_edit", on_click=_decide, args=(ctx, row, "edit")
            )


def _keys(row: ImportedRow) -> dict[str, str]:
    return {
        f: f"cur_{f}_{row.raw.fact_id}" for f in ("value", "qualifier", "severity", "statement")
    }


@user_action
def _decide(ctx: Ctx, row: ImportedRow, action: str) -> None:
    if ctx.user.role not in ("editor", "admin"):  # the role now, not when drawn
        flash("Only an editor or admin can curate.", "error")
        return
    ss, k = st.session_state, _keys(row)
    changes = None
    if action == "edit":
        f = row.fact
        fields = {
            "value": ss[k["value"]].strip(),
            "qualifier": ss[k["qualifier"]].strip(),
            "severity": ss[k["severity"]],
            "statement": " ".join(ss[k["statement"]].split()),
        }
        changes = {k: v for k, v in fields.items() if v != str(getattr(f, k))}
    try:
        curate.decide(
            ctx.reference.root, [row], action, ctx.user.username, ss["cur_reason"], changes
        )
    except AnnotatorError as exc:
        flash(md(exc.message()), "error")
    else:
        flash(f"{action}: {md(row.raw.fact_id)} recorded by {md(ctx.user.username)}.")


def _releases(ctx: Ctx, editor: bool) -> None:
    ref = ctx.reference
    st.subheader("Reference releases")
    if ref.releases:
        st.dataframe(
            [
                {
                    "release": r.name,
                    "signed by": r.by,
                    "at": r.at,
                    "content hash": r.content_hash,
                    "facts": r.facts,
                    "curated": r.curated,
                    "imported": r.imported,
                    "added": r.added,
                    "changed": r.changed,
                    "removed": r.removed,
                    "note": r.note,
                }
                for r in reversed(ref.releases)
            ],
            hide_index=True,
            width="stretch",
        )
    frm, to, change = curate.diff(ref.root)
    st.markdown(f"**{md(frm)} → {md(to)}**: {change.summary()}")
    lines = change.lines()
    if lines:
        st.code(
            "\n".join(lines[:SHOWN_DIFF])
            + (f"\n… and {len(lines) - SHOWN_DIFF} more" if len(lines) > SHOWN_DIFF else ""),
            language=None,
        )
    if not editor:
        return
    if ref.release is not None:
        st.caption(f"The table is release {md(ref.release.name)}; change it to release again.")
        return
    with st.form("cur_release"):
        st.text_input("Release name (e.g. 2026-11-r2)", key="cur_rel_name")
        st.text_input("Note", key="cur_rel_note")
        st.checkbox(
            f"I, {ctx.user.username}, sign this table as a reference release.", key="cur_rel_attest"
        )
        st.form_submit_button(
            "Sign release", key="cur_release_btn", type="primary", on_click=_release, args=(ctx,)
        )


@user_action
def _release(ctx: Ctx) -> None:
    if ctx.user.role not in ("editor", "admin"):
        flash("Only an editor or admin can sign a release.", "error")
        return
    ss = st.session_state
    if not ss.get("cur_rel_attest"):
        flash("Tick the box to confirm you sign this release.", "warning")
        return
    try:
        made, change = curate.release(
            ctx.reference.root, ss["cur_rel_name"].strip(), ctx.user.username, ss["cur_rel_note"]
        )
    except AnnotatorError as exc:
        flash(md(exc.message()), "error")
    else:
        flash(f"Release {md(made.name)} signed by {md(made.by)}: {change.summary()}.")
