"""Reviewer throughput: time per decision and UI actions per document, in the real app.

Drives app.py under Streamlit's AppTest as a reviewer who agrees with every item the app asks
to decide and then signs the document off, on the seed article and on a long Wikipedia page.
Prints, per article: the decisions recorded, the UI actions (clicks, key presses, choices,
typed fields) from the open queue to the recorded sign-off, and the median / mean server time
of one decision (the rerun that records it and redraws the page). Asserts nothing.

It drives whichever reviewer UI the tree it sits in has: the first one (a claim selectbox and
an Agree form button, a checkbox sign-off) or the current one (triage, bulk accept, hotkey
buttons, findings as items, a re-authenticated signature), so the same script measures
"before" on an old checkout and "after" on this one.

Example:
    python benchmarks/app_review.py
    python benchmarks/app_review.py --article ../shared/corpus/sertraline__wikipedia.txt
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTICLES = [
    SHARED / "seed" / "baclofen_article.txt",
    SHARED / "corpus" / "sertraline__wikipedia.txt",
]

DRIVER = r"""
import json, statistics, sys, time
from streamlit.testing.v1 import AppTest
from annotator.review.store import ReviewStore

app, name, password = sys.argv[1], sys.argv[2], "benchmark-password"
with ReviewStore() as store:
    store.add_user("bench", password, "reviewer")
at = AppTest.from_file(app, default_timeout=600).run()
at.text_input(key="si_user").input("bench")
at.text_input(key="si_pw").input(password)
at.button(key="sign_in").click().run()
assert not at.exception, at.exception
actions, times = 0, []

def act(step):
    global actions
    actions += 1
    step.run()
    assert not at.exception, at.exception

def stage(step):  # a choice inside a form: sent with the form's submit button
    global actions
    actions += 1

def timed(step):
    t0 = time.perf_counter(); act(step); times.append(time.perf_counter() - t0)

keys = lambda: {b.key for b in at.button}
act(at.radio(key="w_page").set_value("Review"))
if "decide_agree" not in keys():  # the first reviewer UI
    while any(b.key == "agree" for b in at.button) and not at.button(key="agree").disabled:
        before = len(times)
        timed(at.button(key="agree").click())
        if "Every checkable claim is decided" in " ".join(str(s.value) for s in at.success):
            break
    stage(at.checkbox(key="attest").check())
    act(at.button(key="sign_off").click())
    signed = any("signed off by" in str(s.value) for s in at.success)
    ui = "first"
else:  # the current UI: triage, bulk accept, one key per decision, re-authenticated signature
    if not at.toggle(key="w_triage").value:
        act(at.toggle(key="w_triage").set_value(True))
    bulk = []
    for key in ("bulk_consistent", "bulk_spin"):
        if key in keys():
            t0 = time.perf_counter(); act(at.button(key=key).click())
            bulk.append(time.perf_counter() - t0)
    while "Every item is decided" not in " ".join(str(s.value) for s in at.success):
        timed(at.button(key="decide_agree").click())  # the A key presses this button
    if any("refused" in str(w.value) for w in at.warning):  # agreed errors: with changes
        act(at.radio(key="so_outcome").set_value("approved_with_changes"))
    stage(at.text_input(key="so_password").input(password))
    act(at.button(key="sign_off").click())
    signed = any("signed by bench" in str(s.value) for s in at.success)
    ui = "current"
with ReviewStore() as store:
    made = len(store.decisions())
print(json.dumps(dict(ui=ui, actions=actions, decisions=made, times=times, signed=signed,
                      bulk=locals().get("bulk", []))))
"""


def run_article(article: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        claims = Path(tmp) / "claims"
        claims.mkdir()
        (claims / article.name).write_bytes(article.read_bytes())
        env = {
            **os.environ,
            "ANNOTATOR_DB": str(Path(tmp) / "bench.db"),
            "ANNOTATOR_CLAIMS_DIR": str(claims),
            "PYTHONPATH": str(ROOT),
        }
        out = subprocess.run(
            [sys.executable, "-c", DRIVER, str(ROOT / "app.py"), article.name],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if out.returncode:
        sys.exit(f"{article.name}: benchmark failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, action="append", help="default: seed + sertraline")
    args = parser.parse_args(argv)
    articles = args.article or ARTICLES
    missing = [a for a in articles if not a.is_file()]
    if missing:
        sys.exit(f"{missing[0]}: file not found (the default articles live in ../shared)")
    print(f"tree: {ROOT}")
    for article in articles:
        r = run_article(article)
        times = sorted(r["times"])
        median = times[len(times) // 2] if times else 0.0
        mean = sum(times) / len(times) if times else 0.0
        print(
            f"{article.name}: {r['ui']} UI, {r['decisions']} decisions recorded, "
            f"{r['actions']} UI actions to a recorded sign-off"
            f" ({'signed' if r['signed'] else 'NOT signed'}); "
            f"one decision: median {median * 1000:.0f} ms, mean {mean * 1000:.0f} ms "
            f"over {len(times)} single decisions"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
