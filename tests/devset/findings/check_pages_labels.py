"""Check findings page labels: every `contains` occurs at least `occurrence` times in its page
(visible text for .html via BeautifulSoup get_text), kinds are valid, labelled spans do not overlap.
Usage: python tests/devset/findings/check_pages_labels.py [labels.csv ...]"""

import csv
import pathlib
import sys
from collections import Counter

DEVSET = pathlib.Path(__file__).resolve().parent.parent
KINDS = {
    "tortured_phrase",
    "keyword_stuffing",
    "call_to_action",
    "off_topic_insertion",
    "mt_garble",
    "garbled_grammar",
    "spin_artifact",
    "misspelled_drug",
    "doubled_word",
}
NEEDS_SUGGESTION = {"tortured_phrase", "mt_garble", "misspelled_drug"}


def page_text(path):
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        from bs4 import BeautifulSoup

        return BeautifulSoup(raw, "html.parser").get_text()
    return raw


def nth(text, sub, n):
    """Start of the n-th (1-based) non-overlapping occurrence, or -1."""
    i = -1
    start = 0
    for _ in range(n):
        i = text.find(sub, start)
        if i == -1:
            return -1
        start = i + len(sub)
    return i


def check(csv_path):
    errors, spans, kinds = [], {}, Counter()
    rows = list(csv.DictReader(open(csv_path, newline="", encoding="utf-8")))
    cache = {}
    for n, r in enumerate(rows, 2):
        doc = r["document"]
        if doc not in cache:
            cache[doc] = page_text(DEVSET / doc)
        text = cache[doc]
        kinds[r["kind"]] += 1
        if r["kind"] not in KINDS:
            errors.append(f"{csv_path}:{n}: bad kind {r['kind']!r}")
        if r["kind"] in NEEDS_SUGGESTION and not r["suggestion"]:
            errors.append(f"{csv_path}:{n}: {r['kind']} without suggestion")
        occ = int(r["occurrence"])
        start = nth(text, r["contains"], occ)
        if start == -1:
            errors.append(
                f"{csv_path}:{n}: {r['contains']!r} occurs fewer than {occ} times in {doc}"
            )
            continue
        for s, e, m in spans.setdefault(doc, []):
            if start < e and s < start + len(r["contains"]):
                errors.append(f"{csv_path}:{n}: overlaps label on line {m}")
        spans[doc].append((start, start + len(r["contains"]), n))
    pages = {p for p in spans}
    print(
        f"{csv_path}: {len(rows)} labels on {len(pages)} pages; "
        + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    )
    return errors


if __name__ == "__main__":
    paths = sys.argv[1:] or [
        DEVSET / "findings/pages_labels.csv",
        DEVSET / "blind/findings/pages_labels.csv",
    ]
    errs = [e for p in paths for e in check(p)]
    print("\n".join(errs) if errs else "OK")
    sys.exit(1 if errs else 0)
