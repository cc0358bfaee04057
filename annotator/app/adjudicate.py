"""The Adjudicate page: a second reviewer goes through another reviewer's decisions on one
document, sees agreements and disagreements, and confirms decisions as their own.

Why a page of its own: a sign-off covers only decisions the signer made or confirmed, so the
signer of a document someone else reviewed must look at each decision in force that is not
theirs. Confirming is explicit, one row per decision (or every agreement at once, where the
signer already decided the same way); a disagreement opens in the Review page to decide.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from annotator.app.render import md
from annotator.app.session import user_action
from annotator.app.state import Ctx, Entry, flash, follow, open_item, show_flash
from annotator.review.adjudication import adjudication_rows, positions
from annotator.review.records import ReviewError

PAGE = 20  # rows with buttons per page


def adjudicate_page(ctx: Ctx) -> None:
    st.header("Adjudicate")
    if not ctx.docs:
        st.info("No documents are loaded. Add articles on the Queue page.")
        return
    ids = sorted(ctx.docs, key=lambda d: ctx.docs[d].version.name)
    if st.session_state["doc"] not in ids:
        st.session_state["doc"] = ids[0]
    st.session_state["w_adj_doc"] = st.session_state["doc"]
    st.selectbox(
        "Document",
        ids,
        key="w_adj_doc",
        format_func=lambda d: ctx.docs[d].version.label,
        on_change=follow("w_adj_doc", "doc", ver=None),
    )
    entry = ctx.entry(st.session_state["doc"], st.session_state["ver"])
    rows = _rows(ctx, entry)
    show_flash()
    waiting = [r for r in rows if r["to_confirm"]]
    agreed = [r for r in waiting if r["agreement"] == "agree"]
    c = st.columns(4)
    c[0].metric("Decided by others", len(rows))
    c[1].metric("Waiting for your confirmation", len(waiting))
    c[2].metric("Agreements", sum(r["agreement"] == "agree" for r in rows))
    c[3].metric("Disagreements", sum(r["agreement"] == "disagree" for r in rows))
    if not rows:
        st.info("No other reviewer has decided anything in this document.")
        return
    frame = pd.DataFrame(rows).drop(columns=["key", "decision_id"])
    st.dataframe(frame, hide_index=True, width="stretch")
    if agreed:
        st.button(
            f"Confirm all {len(agreed)} agreements",
            key="confirm_agreed",
            on_click=_confirm,
            args=(ctx, entry, agreed),
            help="Where you decided the same way, take their (later) decision as yours.",
        )
    st.subheader("Decisions waiting for your confirmation")
    pages = max(1, -(-len(waiting) // PAGE))
    page = st.number_input("Page", 1, pages, 1, key="adj_page") if pages > 1 else 1
    for row in waiting[(page - 1) * PAGE : page * PAGE]:
        with st.container(border=True):
            st.markdown(
                f"**{md(row['item'])}** · {md(row['reviewer'])}: **{md(row['their_decision'])}**"
                + (f" — {md(row['their_comment'])}" if row["their_comment"] else "")
                + (f" · you: {md(row['your_decision'])}" if row["your_decision"] else "")
            )
            b1, b2 = st.columns(2)
            b1.button("Confirm as mine", key=f"confirm_{row['key']}", on_click=_confirm,
                      args=(ctx, entry, [row]))  # fmt: skip
            b2.button("Open in Review", key=f"open_{row['key']}", on_click=open_item,
                      args=(entry.doc_id, row["key"], st.session_state["ver"]))  # fmt: skip
    if not waiting:
        st.caption("Nothing waits for your confirmation.")


def _rows(ctx: Ctx, entry: Entry) -> list[dict]:
    state = ctx.state(entry)
    hashes = [v.content_hash for v in state.versions] or [entry.version.content_hash]
    chain = hashes[: hashes.index(entry.version.content_hash) + 1]
    made = ctx.store.decisions(entry.doc_id)
    by_reviewer = positions(made, chain, entry.items)
    return adjudication_rows(entry.items, state.effective, by_reviewer, ctx.user.username)


@user_action
def _confirm(ctx: Ctx, entry: Entry, rows: list[dict]) -> None:
    items = {i.key: i for i in entry.items}
    done, problems = 0, []
    for row in rows:
        try:
            ctx.store.confirm(
                entry.doc_id,
                entry.version.content_hash,
                items[row["key"]],
                row["decision_id"],
                ctx.user.username,
                entry.result.reference_version,
            )
            done += 1
        except ReviewError as exc:
            problems.append(str(exc))
    ctx.forget_states()
    if problems:
        flash(md(f"Confirmed {done}; refused: " + "; ".join(problems)), "error")
    else:
        flash(f"Confirmed {done} decision{'s' if done != 1 else ''} as yours.")
