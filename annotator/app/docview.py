"""The article view: highlighted claims and findings that open with a click, the open item
scrolled into view.

Why a component: Streamlit draws HTML but cannot report a click on a piece of text, and a
link would reload the page (a new session). The smallest mechanism that keeps the session is
a components-v2 element with a few lines of JavaScript: it shows the escaped HTML that
render.document_html built (every piece of document text escaped there; nothing from the
document reaches this script as code), sends the clicked item's data-key back as a trigger
value, and scrolls the open item to a third of the box's height. The callback only changes
which item is open; it never records a decision.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from annotator.app.render import CSS

JS = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  let box = parentElement.querySelector(".anno-box");
  if (!box) {
    box = document.createElement("div");
    box.className = "anno-box";
    box.setAttribute("role", "document");
    parentElement.appendChild(box);
    box.addEventListener("click", (event) => {
      const hit = event.target.closest("[data-key]");
      if (hit && box.contains(hit)) box.openItem("open", hit.dataset.key);
    });
  }
  box.openItem = setTriggerValue;  // the latest mount's sender
  box.style.height = data.height + "px";
  if (box.shownHtml !== data.html) {
    box.innerHTML = data.html;
    box.shownHtml = data.html;
  }
  const open = box.querySelector(".anno-selected");
  if (open && data.scroll) {
    const top = open.offsetTop - box.clientHeight / 3;
    if (Math.abs(box.scrollTop - top) > 4) box.scrollTo({ top: Math.max(0, top) });
  }
}
"""
BOX_CSS = ".anno-box{position:relative;overflow:auto;border:1px solid #d1d5db;border-radius:6px;}"

_view = st.components.v2.component(
    "annotator_document", js=JS, css=CSS + BOX_CSS, isolate_styles=False
)


def document_view(html: str, on_open: Callable[[str], None], height: int = 720) -> None:
    """Draw the article; a click on a claim or finding calls on_open(item key)."""
    _view(
        data={"html": html, "height": height, "scroll": True},
        key="docview",
        on_open_change=lambda: _opened(on_open),
    )


def _opened(on_open: Callable[[str], None]) -> None:
    state = st.session_state.get("docview")
    key = getattr(state, "open", None) if state is not None else None
    if key is None and isinstance(state, dict):
        key = state.get("open")
    if key:
        on_open(str(key))
