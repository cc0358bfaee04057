"""Reference dump of every content-QA finding, to prove a speed-up changes none of them.

    python benchmarks/qa_snapshot.py --write FILE     # before a change
    python benchmarks/qa_snapshot.py --compare FILE   # after it: exits 1 on any difference

Why this exists: the QA detectors are tuned by hand on the dev pages and the corpus, so an
optimisation must leave every finding as it was: same span, kind, text, detail, suggestion,
confidence, fact ids and links. The dump holds the findings of the whole check (claim-level
ones included) of every document of claims/, ../shared/corpus, ../shared/seed, the dev
findings pages and the dev articles, plus (`extra`) the text-level detectors alone on the
label texts of ../shared/datasets (long, clean drug text: a stress test for false positives
and for the tokenisers). The blind sets are never read.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.extraction.documents import read_document

SHARED = ROOT.parent / "shared"
DEVSET = ROOT / "tests" / "devset"
PAGES = (".txt", ".md", ".html", ".htm")


def documents() -> list[Path]:
    """The checked documents, in a fixed order (never tests/devset/blind*)."""
    folders = [
        ROOT / "claims",
        SHARED / "corpus",
        SHARED / "seed",
        DEVSET / "findings" / "pages",
        DEVSET / "articles",
    ]
    out = []
    for folder in folders:
        out += sorted(p for p in folder.iterdir() if p.suffix in PAGES and p.name != "README.md")
    assert not any("blind" in p.parts[-2] for p in out)
    return out


_TAG = re.compile(r"<[^>]+>")


def extra_texts() -> dict[str, str]:
    """Label texts (SPL XML stripped of tags) and review sentences: text-level stress input."""
    out = {}
    for p in sorted((SHARED / "datasets" / "labels" / "spl").glob("*.xml")):
        text = re.sub(r"[ \t]+", " ", _TAG.sub(" ", p.read_text(encoding="utf-8")))
        out[f"spl/{p.name}"] = text[:80_000]
    for p in sorted((SHARED / "datasets" / "psytar").glob("*.tsv")):
        out[f"psytar/{p.name}"] = p.read_text(encoding="utf-8")[:80_000]
    return out


def _row(f) -> list:
    return [list(v) if isinstance(v, tuple) else v for v in dataclasses.astuple(f)]


def text_level(text: str, reference) -> list:
    """find_all without claims: every text-level detector, the claim-level ones see nothing."""
    from annotator.models import Document
    from annotator.qa.findings import find_all

    return find_all(Document(name="extra", text=text), (), reference, "")


def snapshot() -> dict[str, list]:
    from annotator.pipeline import get_checker

    checker = get_checker()
    out = {}
    for path in documents():
        result = checker.check(read_document(path))
        out[str(path.relative_to(path.parents[1]))] = [_row(f) for f in result.findings]
    for name, text in extra_texts().items():
        out[f"extra/{name}"] = [_row(f) for f in text_level(text, checker.reference)]
    return out


def compare(old: dict[str, list], new: dict[str, list]) -> int:
    bad = 0
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        bad += 1
        print(f"DIFF {key}")
        a, b = a or [], b or []
        for row in [r for r in a if r not in b][:5]:
            print(f"  - {row}")
        for row in [r for r in b if r not in a][:5]:
            print(f"  + {row}")
    n = sum(len(v) for v in new.values())
    print(f"{len(new)} documents, {n} findings: " + (f"{bad} differ" if bad else "identical"))
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path)
    group.add_argument("--compare", type=Path)
    args = parser.parse_args(argv)
    new = json.loads(json.dumps(snapshot()))  # tuples as lists, as read back
    if args.write:
        args.write.write_text(json.dumps(new, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"{len(new)} documents, {sum(len(v) for v in new.values())} findings written")
        return 0
    return compare(json.loads(args.compare.read_text(encoding="utf-8")), new)


if __name__ == "__main__":
    sys.exit(main())
