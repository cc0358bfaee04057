"""Validate tests/devset/articles/labels.csv against the pages and the facts."""

import collections
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", ".."))
try:
    from annotator.extraction.claims import split_claims
    from annotator.extraction.documents import read_document
except ImportError:
    from annotator.claims import split_claims
    from annotator.documents import read_document

ART = os.path.join(HERE, "articles")
FACTS = os.path.join(HERE, "..", "..", "..", "shared", "facts")
EXPECTED = {"consistent", "inconsistent", "unverified", "not_checkable"}
ATTRS = set(
    """drug_class site_of_action mechanism indication not_indicated off_label adverse_effect ae_frequency
boxed_warning warning withdrawal contraindication interaction max_daily_dose starting_dose dose_other
dosing_frequency dosage_form strength duration_limit half_life metabolism controlled_status otc_status
pediatric pregnancy lactation population timing effect_direction other""".split()
)
KINDS = set("statement heading question advice list_item experience reported reference".split())
facts = {
    f[:-3]: open(os.path.join(FACTS, f), encoding="utf-8").read().split("\n")
    for f in os.listdir(FACTS)
    if f.endswith(".md")
}
errors = []
labels = list(csv.DictReader(open(os.path.join(ART, "labels.csv"), encoding="utf-8")))
bydoc = collections.defaultdict(list)
for i, r in enumerate(labels, 2):
    bydoc[r["document"]].append((i, r))
    e, a, c, k, n = r["expected"], r["attribute"], r["clear"], r["claim_kind"], r["note"]
    if e not in EXPECTED:
        errors.append(f"row {i}: bad expected {e!r}")
    if k not in KINDS:
        errors.append(f"row {i}: bad claim_kind {k!r}")
    if e == "not_checkable":
        if a:
            errors.append(f"row {i}: attribute set on not_checkable")
    elif a not in ATTRS:
        errors.append(f"row {i}: bad attribute {a!r}")
    if e == "inconsistent":
        if c not in ("yes", "no"):
            errors.append(f"row {i}: inconsistent needs clear yes/no")
    elif c:
        errors.append(f"row {i}: clear set on {e}")
    if not n:
        errors.append(f"row {i}: empty note")
    if e in ("consistent", "inconsistent"):
        cites = re.findall(r'(\w+)\.md:(\d+) "([^"]+)"', n)
        if not cites:
            errors.append(f"row {i}: note lacks a facts citation: {n}")
        for drug, line, phrase in cites:
            lines = facts.get(drug)
            if lines is None:
                errors.append(f"row {i}: unknown facts file {drug}")
                continue
            ln = int(line)
            if ln < 1 or ln > len(lines) or phrase not in lines[ln - 1]:
                errors.append(f'row {i}: {drug}.md:{line} does not contain "{phrase}"')
pages = sorted(f for f in os.listdir(ART) if f not in ("labels.csv", "README.md"))
summary = []
for p in pages:
    doc_name = "articles/" + p
    doc = read_document(os.path.join(ART, p))
    text = doc.text if hasattr(doc, "text") else str(doc)
    raw = open(os.path.join(ART, p), encoding="utf-8").read()
    claims = list(split_claims(doc))
    hits = collections.defaultdict(list)
    for i, r in bydoc.get(doc_name, []):
        s = r["contains"]
        if len(s) < 25 and not any(text[c.start : c.end].strip() == s.strip() for c in claims):
            errors.append(f"row {i}: contains shorter than 25 and not a whole claim: {s!r}")
        n = text.count(s)
        if n != 1:
            errors.append(f"row {i}: contains occurs {n} times in {p}: {s!r}")
            continue
        if raw.count(s) != 1:
            errors.append(f"row {i}: contains occurs {raw.count(s)} times in raw {p}: {s!r}")
        pos = text.index(s)
        owners = [j for j, c in enumerate(claims) if c.start <= pos and pos + len(s) <= c.end]
        if len(owners) != 1:
            errors.append(f"row {i}: contains not within exactly one claim ({len(owners)}): {s!r}")
            continue
        hits[owners[0]].append(i)
    for j, c in enumerate(claims):
        if len(hits[j]) != 1:
            errors.append(
                f"{p}: claim {c.start}-{c.end} {text[c.start : c.end]!r} has {len(hits[j])} labels {hits[j]}"
            )
    cnt = collections.Counter(r["expected"] for _, r in bydoc.get(doc_name, []))
    summary.append((p, len(claims), cnt))
for d in bydoc:
    if d[len("articles/") :] not in pages:
        errors.append(f"labels for missing page {d}")
for p, n, cnt in summary:
    print(
        f"{p:40s} claims={n:3d} C={cnt['consistent']:2d} I={cnt['inconsistent']:2d} U={cnt['unverified']:2d} N={cnt['not_checkable']:2d}"
    )
print("\n".join(errors) if errors else "OK: no errors")
sys.exit(1 if errors else 0)
