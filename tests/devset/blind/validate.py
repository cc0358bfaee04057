"""Structural check of the blind set (no verdicts computed, no engine run).
usage: cd /work/main && python tests/devset/blind/validate.py"""

import collections
import csv
import io
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FACTS = "/work/shared/facts"
EXP = {"consistent", "inconsistent", "unverified", "not_checkable"}
ATTR = set(
    """drug_class site_of_action mechanism indication not_indicated off_label adverse_effect
ae_frequency boxed_warning warning withdrawal contraindication interaction max_daily_dose starting_dose
dose_other dosing_frequency dosage_form strength duration_limit half_life metabolism controlled_status
otc_status pediatric pregnancy lactation population timing effect_direction other""".split()
)
KIND = {
    "statement",
    "heading",
    "question",
    "advice",
    "list_item",
    "experience",
    "reported",
    "reference",
}
DRUGS = "baclofen tizanidine cyclobenzaprine methocarbamol carisoprodol dantrolene gabapentin sertraline metformin ibuprofen".split()
facts = {d: open(f"{FACTS}/{d}.md").read().split("\n") for d in DRUGS}
NOTE = re.compile(r'^(\w+)\.md:(\d+) "([^"]+)"; \S')
errs = []


def check_common(tag, exp, attr, note, clear=None, kind=None):
    if exp not in EXP:
        errs.append(f"{tag}: bad expected {exp}")
    if exp == "not_checkable":
        if attr:
            errs.append(f"{tag}: attribute must be empty")
    elif attr not in ATTR:
        errs.append(f"{tag}: bad attribute {attr!r}")
    if clear is not None:
        if exp == "inconsistent" and clear not in ("yes", "no"):
            errs.append(f"{tag}: clear must be yes/no")
        if exp != "inconsistent" and clear:
            errs.append(f"{tag}: clear must be empty")
    if kind is not None and kind not in KIND:
        errs.append(f"{tag}: bad claim_kind {kind}")
    if exp in ("consistent", "inconsistent"):
        m = NOTE.match(note)
        if not m:
            errs.append(f"{tag}: note format {note!r}")
            return
        d, ln, ph = m.group(1), int(m.group(2)), m.group(3)
        if d not in facts or not (1 <= ln <= len(facts[d])) or ph not in facts[d][ln - 1]:
            errs.append(f"{tag}: phrase not on {d}.md:{ln}: {ph!r}")
    elif not note:
        errs.append(f"{tag}: empty note")


# ---- articles
labels = list(csv.DictReader(open(f"{HERE}/articles/labels.csv")))
bydoc = collections.defaultdict(list)
for i, r in enumerate(labels):
    bydoc[r["document"]].append((i, r))
    check_common(
        f"label {i + 2}", r["expected"], r["attribute"], r["note"], r["clear"], r["claim_kind"]
    )
pages = sorted(p for p in os.listdir(f"{HERE}/articles") if p != "labels.csv")
tot = collections.Counter()
nclaims = 0
for p in pages:
    doc = f"blind/articles/{p}"
    raw = open(f"{HERE}/articles/{p}").read()
    out = subprocess.run(
        [sys.executable, "/work/labeling/split.py", f"{HERE}/articles/{p}", "--document", doc],
        capture_output=True,
        text=True,
        cwd="/work/main",
        check=True,
    ).stdout
    claims = list(csv.DictReader(io.StringIO(out)))
    nclaims += len(claims)
    if not 25 <= len(claims) <= 50:
        errs.append(f"{p}: {len(claims)} claims")
    labs = bydoc.get(doc, [])
    used = collections.Counter()
    for c in claims:
        hits = [(i, r) for i, r in labs if r["contains"] in c["text"]]
        if len(hits) != 1:
            errs.append(f"{p}: claim {c['text'][:60]!r} has {len(hits)} labels")
        for i, r in hits:
            used[i] += 1
    for i, r in labs:
        s = r["contains"]
        if raw.count(s) != 1:
            errs.append(f"{p}: contains occurs {raw.count(s)}x in page: {s!r}")
        if raw.lower().count(s.lower()) != 1:
            errs.append(f"{p}: contains not unique case-insensitively: {s!r}")
        if len(s) < 25 and not any(s == c["text"].strip() for c in claims):
            errs.append(f"{p}: short contains is not a whole claim: {s!r}")
        if used[i] != 1:
            errs.append(f"{p}: label {s!r} matches {used[i]} claims")
        tot[r["expected"]] += 1
for d in bydoc:
    if d.split("/")[-1] not in pages:
        errs.append(f"labels for missing page {d}")
print(f"articles: {len(pages)} pages, {nclaims} claims, {len(labels)} labels", dict(tot))

# ---- heldout3
hp = f"{HERE}/heldout3.csv"
if os.path.exists(hp):
    rows = list(csv.DictReader(open(hp)))
    ids = collections.Counter(r["id"] for r in rows)
    for k, v in ids.items():
        if v > 1:
            errs.append(f"dup id {k}")
    for r in rows:
        if r["drug"] not in DRUGS:
            errs.append(f"{r['id']}: drug {r['drug']}")
        if not r["id"].startswith("h3-" + r["drug"][:4] + "-"):
            errs.append(f"{r['id']}: id prefix")
        check_common(r["id"], r["expected"], r["attribute"], r["note"])
    print(
        "heldout3:",
        len(rows),
        dict(collections.Counter(r["expected"] for r in rows)),
        dict(collections.Counter(r["drug"] for r in rows)),
    )
print("\n".join(errs) if errs else "OK")
sys.exit(1 if errs else 0)
