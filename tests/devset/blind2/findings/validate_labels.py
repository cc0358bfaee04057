import collections
import csv
import os
import sys

base = (
    __import__("os").path.abspath(
        __import__("os").path.join(__import__("os").path.dirname(__file__), "..", "..")
    )
    + "/"
)
ok = True
kinds = collections.Counter()
pages = set()
VALID = {
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
verbose = "-v" in sys.argv
for r in csv.DictReader(open(base + "blind2/findings/pages_labels.csv")):
    t = open(base + r["document"], encoding="utf-8").read()
    c = r["contains"]
    o = int(r["occurrence"])
    n = t.count(c)
    pages.add(r["document"])
    kinds[r["kind"]] += 1
    if r["kind"] not in VALID:
        print("BAD KIND", r)
        ok = False
    if n < o:
        print("FAIL", r["document"], repr(c), "count", n, "occ", o)
        ok = False
    if verbose:
        i = -1
        for _ in range(o):
            i = t.find(c, i + 1)
        print(
            f"{os.path.basename(r['document'])[:12]:12} n={n} o={o} {r['kind'][:10]:10} ...{t[max(0, i - 30) : i].replace(chr(10), ' ')}[[{c}]]{t[i + len(c) : i + len(c) + 25].replace(chr(10), ' ')}"
        )
print("OK" if ok else "ERRORS", dict(kinds), "pages", len(pages), "total", sum(kinds.values()))
