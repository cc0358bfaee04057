"""How long the reviewer app takes to check and render the seed article, cold and warm.

Prints figures; asserts nothing. Three measurements:
- library, cold: a fresh Python process imports annotator, loads reference_notes/, builds the
  pipeline, checks the seed and renders its highlighted HTML (what the first visitor waits for);
- library, warm: the same check + render again in that process (a new or edited document);
- app: the Review page of app.py under Streamlit's AppTest, signed in, first run of a fresh
  process (cold) and reruns (warm: the result comes from the app's cache).

Example:
    python benchmarks/app_timing.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "baclofen_article.txt"

LIBRARY = """
import json, sys, time
t0 = time.perf_counter()
from annotator.extraction.documents import read_document
from annotator.pipeline import check_document
from annotator.knowledge.loader import load_reference
from annotator.app.render import document_html
t1 = time.perf_counter()
reference = load_reference()
t2 = time.perf_counter()
doc = read_document(sys.argv[1])
result = check_document(doc, reference=reference)
t3 = time.perf_counter()
page = document_html(result)
t4 = time.perf_counter()
warm_check, warm_render = [], []
for _ in range(int(sys.argv[2])):
    a = time.perf_counter(); result = check_document(doc, reference=reference)
    b = time.perf_counter(); document_html(result); c = time.perf_counter()
    warm_check.append(b - a); warm_render.append(c - b)
print(json.dumps(dict(imports=t1 - t0, reference=t2 - t1, first_check=t3 - t2,
                      first_render=t4 - t3, warm_check=warm_check, warm_render=warm_render,
                      claims=len(result.checks), chars=len(doc.text))))
"""

APP = """
import json, sys, time
from streamlit.testing.v1 import AppTest
from annotator.review.store import ReviewStore
with ReviewStore() as store:
    store.add_user("bench", "benchmark-password", "reviewer")
at = AppTest.from_file(sys.argv[1], default_timeout=300).run()
at.text_input(key="si_user").input("bench")
at.text_input(key="si_pw").input("benchmark-password")
t0 = time.perf_counter(); at.button(key="sign_in").click().run(); t1 = time.perf_counter()
at.radio(key="w_page").set_value("Review").run(); t2 = time.perf_counter()
warm = []
for _ in range(int(sys.argv[2])):
    a = time.perf_counter(); at.run(); warm.append(time.perf_counter() - a)
assert not at.exception, at.exception
print(json.dumps(dict(queue_cold=t1 - t0, review_first=t2 - t1, review_warm=warm)))
"""


def run(code: str, *args: str, env: dict | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(f"benchmark failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=SEED)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.article.is_file():
        sys.exit(f"{args.article}: file not found")

    lib = run(LIBRARY, str(args.article), str(args.repeat))
    print(f"article: {args.article.name}, {lib['chars']} characters, {lib['claims']} claims")
    print("library, cold (fresh process)")
    print(f"  imports                    {ms(lib['imports'])}")
    print(f"  load reference_notes/      {ms(lib['reference'])}")
    print(f"  build pipeline + check     {ms(lib['first_check'])}")
    print(f"  render highlighted HTML    {ms(lib['first_render'])}")
    total = lib["imports"] + lib["reference"] + lib["first_check"] + lib["first_render"]
    print(f"  total                      {ms(total)}")
    print(f"library, warm (median of {args.repeat})")
    print(f"  check                      {ms(statistics.median(lib['warm_check']))}")
    print(f"  render highlighted HTML    {ms(statistics.median(lib['warm_render']))}")

    with tempfile.TemporaryDirectory() as tmp:
        claims = Path(tmp) / "claims"
        claims.mkdir()
        (claims / args.article.name).write_bytes(args.article.read_bytes())
        env = {
            **os.environ,
            "ANNOTATOR_DB": str(Path(tmp) / "bench.db"),
            "ANNOTATOR_CLAIMS_DIR": str(claims),
        }
        app = run(APP, str(ROOT / "app.py"), str(args.repeat), env=env)
    print("app (AppTest, signed in, fresh process)")
    print(f"  Queue page, cold: checks   {ms(app['queue_cold'])}")
    print(f"  Review page, first draw    {ms(app['review_first'])}")
    print(
        f"  Review page, rerun (warm)  {ms(statistics.median(app['review_warm']))}"
        f"  (median of {args.repeat})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
