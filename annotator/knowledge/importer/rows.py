"""LabelFact -> typed rows of reference_notes/imported/<drug>.csv, or a "needs term" entry.

Why rows are built this way: an imported row must be checkable by the same comparisons as a
curated one, so its value is a term id of terms.csv (or a drug id, or an amount the table's
schema accepts), its qualifier the table's (frequency band) and the population and product it
holds for in the table's qualifier columns (pop:/prod: terms); everything the label
says that the table cannot hold yet is listed for a curator instead of being forced in. The
fact id is stable across label versions (set id + attribute + what it is about, never the
version), so a re-import can say which rows were added, changed or removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.knowledge.importer.spec import AttributeSpec, attribute_specs
from annotator.knowledge.importer.termmap import TermIndex
from annotator.knowledge.labels.knowledge import section_codes
from annotator.knowledge.labels.records import Label, LabelFact
from annotator.knowledge.schema import AMOUNT, QUALIFIERS

SHORT = {
    "drug_class": "class",
    "controlled_status": "schedule",
    "indication": "ind",
    "not_indicated": "notind",
    "contraindication": "contra",
    "interaction": "ix",
    "boxed_warning": "boxed",
    "warning": "warn",
    "withdrawal": "withdrawal",
    "adverse_effect": "ae",
    "starting_dose": "start",
    "max_daily_dose": "max",
    "half_life": "halflife",
}
SINGLE = ("starting_dose", "max_daily_dose", "controlled_status")  # one value per qualifier
COUNTED = re.compile(r"^(\d+(?:\.\d+)?) (tablets?|caplets?|capsules?)(/day)?$")
DOSE = re.compile(r"^(\d+(?:\.\d+)?) (mg|mcg|g)(/day)?$")
# "metabolic acidosis, with or without coma": coma qualifies the condition, it is not one
QUALIFYING = re.compile(r"\bwith or without [\w-]+", re.I)
# Label qualifiers -> the table's population and product terms (reference_notes/terms.csv)
ROUTES = {
    "oral": "prod:oral",
    "intravenous": "prod:intravenous",
    "intrathecal": "prod:intrathecal",
    "topical": "prod:topical",
}
# (adults are the general population: an adult dose has no population, as a curated one)
POPULATIONS = {"adult": "", "pediatric": "pop:pediatric", "geriatric": "pop:elderly"}
HOURS = re.compile(r"^(\d+(?:\.\d+)?)(?: (?:to|and) (\d+(?:\.\d+)?))? hours?$")


@dataclass(frozen=True)
class NeedsTerm:
    """A label value the table cannot hold yet: no term of these kinds, or an unsupported
    amount. Written to needs_terms.csv for a curator; never turned into a row."""

    drug: str
    attribute: str
    raw_value: str
    kinds: str
    reason: str
    set_id: str
    citation: str
    passage: str


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def source_id(label: Label) -> str:
    return f"spl-{label.set_id[:8]}-v{label.version}"


def map_label(label: Label, facts: list[LabelFact], drug: str, index: TermIndex):
    """(rows, needs_terms, skipped attribute counts) for one label's facts about `drug`."""
    rows: dict[str, dict[str, str]] = {}
    needs: list[NeedsTerm] = []
    skipped: dict[str, int] = {}
    strengths = _strengths(label)
    for fact in facts:
        spec = attribute_specs().get(fact.attribute)
        if spec is None:
            skipped[fact.attribute] = skipped.get(fact.attribute, 0) + 1
            continue
        values, problem = _values(fact, spec, index, label, strengths)
        if problem:
            needs.append(
                NeedsTerm(
                    drug,
                    spec.table_attribute,
                    fact.value,
                    "|".join(spec.kinds),
                    problem,
                    label.set_id,
                    str(fact.citation),
                    fact.passage,
                )
            )
        for value, qualifier, *extra in values:
            qualifiers = extra[0] if extra else {}
            row = _row(label, fact, spec, drug, value, qualifier, qualifiers)
            rows.setdefault(row["fact_id"], row)  # the first reading of a fact wins
    ordered = sorted(
        rows.values(), key=lambda r: (r["attribute"], r["qualifier"] != "", r["fact_id"])
    )
    return ordered, needs, skipped


def _values(fact: LabelFact, spec: AttributeSpec, index: TermIndex, label: Label, strengths):
    """[(value, qualifier)] for the row(s), or ([], why not)."""
    if spec.lookup == "amount":
        return _amount(fact, spec, label, strengths)
    kinds = [k for k in spec.kinds if k != "amount"]
    raw = QUALIFYING.sub(" ", fact.value)
    if spec.lookup == "exact":
        parts = [p for p in re.split(r"\s*/\s*", raw) if p] if "/" in raw else [raw]
        found = [c for p in parts for c in index.exact(p, kinds)]
        if len(found) < len(parts):
            found = []
    else:
        found = index.find(raw, kinds)
        if spec.lookup == "first":
            found = found[:1]
    found = [
        c for c in dict.fromkeys(found) if c != fact.drug and c not in label.drug.split(" and ")
    ]
    if not found:
        return [], f"no term of kind {'/'.join(kinds)} names it"
    qualifier = ""
    if spec.table_attribute == "adverse_effect":
        band = fact.qualifier("frequency")
        qualifier = band if band in QUALIFIERS["adverse_effect"] else ""
    elif spec.table_attribute == "indication":
        qualifier = "labeled"
    return [(value, qualifier) for value in found], ""


def _amount(fact: LabelFact, spec: AttributeSpec, label: Label, strengths):
    raw = fact.value
    if spec.table_attribute == "half_life":
        m = HOURS.match(raw)
        if not m:
            return [], "not a half-life in hours"
        value = f"{m.group(1)}-{m.group(2)} h" if m.group(2) else f"{m.group(1)} h"
        return [(value, "")], ""
    population = fact.qualifier("population")
    if population and population not in POPULATIONS:
        return [], f"a {population} dose (no population term for it)"
    counted = COUNTED.match(raw)
    if counted and len(strengths) == 1 and spec.table_attribute == "max_daily_dose":
        mg = float(counted.group(1)) * strengths[0]
        raw = f"{mg:g} mg/day"
    m = DOSE.match(raw)
    if not m:
        return [], "not an amount in mg, mcg or g (a range, per-kg or count dose)"
    if spec.table_attribute == "starting_dose" and not m.group(3):
        return [], "a single dose without its frequency (the table keeps daily amounts)"
    value = f"{m.group(1)} {m.group(2)}"
    if not AMOUNT.match(value):
        return [], "not an amount the table accepts"
    # the product and population it is for go to the table's qualifier columns
    route = ROUTES.get(fact.qualifier("route") or "oral", "")
    product = [route] if route else []
    if fact.qualifier("formulation") == "extended-release":
        product.append("prod:extended_release")
    if label.doc_kind == "otc":
        product.append("prod:otc")
    qualifiers = {"product": "|".join(product), "population": POPULATIONS.get(population, "")}
    return [(value, "", qualifiers)], ""


def _strengths(label: Label) -> list[float]:
    """Distinct strengths in mg of the labelled products' active ingredients (OTC labels give
    counts: "6 caplets in 24 hours" is 1200 mg when every caplet is 200 mg)."""
    out = set()
    for p in label.products:
        for ing in p.active_ingredients:
            if ing.unit == "mg" and not ing.per and ing.strength:
                out.add(float(ing.strength))
    return sorted(out)


def _row(
    label: Label,
    fact: LabelFact,
    spec: AttributeSpec,
    drug: str,
    value: str,
    qualifier: str,
    qualifiers: dict[str, str] | None = None,
):
    attr = spec.table_attribute
    qualifiers = qualifiers or {}
    single = " ".join(
        t.split(":")[-1]
        for t in (qualifiers.get("population", ""), qualifiers.get("product", ""))
        for t in t.split("|")
        if t
    )
    key = (qualifier or single) if attr in SINGLE else f"{value.split(':')[-1]}"
    fid = "-".join(p for p in (slug(drug), label.set_id[:8], SHORT[attr], slug(key)) if p)
    cite = fact.citation
    section = cite.section_code + (f" §{cite.section_number}" if cite.section_number else "")
    name = section_codes().get(cite.section_code)
    where = " ".join(p for p in ((name.name if name else ""), section, cite.table_id) if p)
    said = fact.value + (f" ({fact.qualifier('percent')}%)" if fact.qualifier("percent") else "")
    who = label.labeler or "label"
    kind = "OTC" if label.doc_kind == "otc" else "prescription"
    statement = f"{drug.capitalize()} {kind} label ({who}), {spec.phrase}: {said}."
    return {
        "fact_id": fid,
        "drug": drug,
        "attribute": attr,
        "value": value,
        "qualifier": qualifier,
        "population": qualifiers.get("population", ""),
        "product": qualifiers.get("product", ""),
        "polarity": "+" if fact.polarity else "-",
        "statement": statement,
        "severity": spec.severity,
        "source_id": source_id(label),
        "locator": where,
        "must_mention": "",
        "status": "imported",
        "set_id": label.set_id,
        "label_version": label.version,
        "effective": label.effective,
        "section": section,
        "table_id": cite.table_id,
        "passage": fact.passage,
        "conflicts": "",
    }
