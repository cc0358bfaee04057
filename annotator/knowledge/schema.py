"""The shape of reference_notes/: files and columns, fact attributes and the kinds of value
each takes, qualifiers, term kinds. The loader checks every row against it and
`annotator notes validate` reports each mismatch as `file:line: message`.
"""

from __future__ import annotations

import re

from annotator.models import Label

ATTRIBUTES: dict[str, tuple[str, ...]] = {
    # attribute -> allowed value kinds ("drug" = a drug id, "amount" = number + unit)
    "drug_class": ("class",),
    "site_of_action": ("site",),
    "mechanism": ("target",),
    "indication": ("cond",),
    "not_indicated": ("cond",),
    "off_label": ("cond",),
    "adverse_effect": ("ae",),
    "boxed_warning": ("warn",),
    "warning": ("warn", "ae", "cond", "substance", "class"),
    "withdrawal": ("withdrawal",),
    "contraindication": ("drug", "class", "substance", "cond", "ae"),
    "interaction": ("drug", "class", "substance"),
    "max_daily_dose": ("amount",),
    "starting_dose": ("amount",),
    "duration_limit": ("amount",),
    "half_life": ("amount",),
    "metabolism": ("elim",),
    "controlled_status": ("ctrl",),
    # issue 10: attributes real articles talk about (see reference_notes/README.md)
    "ae_frequency": ("ae",),  # how often an effect occurs, as numbers (qualifier: "10-63%")
    "dosage_form": ("prod",),  # a form that exists (qualifier "complete": the list is closed)
    "strength": ("amount",),  # a strength that exists, per unit ("500 mg"); product = its form
    "dosing_frequency": ("frequency",),  # doses per day ("3/day", "1-3/day", "continuous")
    "pediatric": ("age",),  # ages of a pediatric approval (+) or of unestablished use (-)
    "pregnancy": ("grade", "pregcat", "ae"),  # graded stance, category, or a risk to the baby
    "lactation": ("grade", "milk"),  # graded stance, or whether it passes into milk
    "otc_status": ("prod",),  # prod:otc / prod:prescription (qualifier: the strengths)
    "timing": ("amount",),  # a gap or an onset window; qualifier: what it is about
    "effect_direction": ("effect",),  # "lowers blood pressure": effect:blood_pressure_down
    "metabolite": ("drug",),  # what the drug is metabolised to (qualifier "complete")
}
# Attributes whose facts hold only for their own population / product: a claim naming another
# population or product ("in children", "extended-release") is compared only with facts for
# it, and is unverified when there are none. Facts of other attributes hold whoever takes the
# drug (a class, a mechanism, an adverse effect).
QUALIFIED_BY: dict[str, tuple[str, ...]] = {
    "max_daily_dose": ("population", "product"),
    "starting_dose": ("population", "product"),
    "dosing_frequency": ("population", "product"),
    "indication": ("population", "product"),
    "not_indicated": ("product",),
    "duration_limit": ("product",),
    "half_life": ("population",),
    "boxed_warning": ("product",),
    "contraindication": ("population", "product"),
    "warning": ("population", "product"),
    "interaction": ("product",),
    "pediatric": ("product",),
    "pregnancy": ("product",),
    "lactation": ("product",),
    "strength": ("product",),
    "timing": ("product",),
    "ae_frequency": ("product",),
}
# Attributes for which over-the-counter or prescription supply does not matter: a 200 mg
# tablet exists whoever sells it (whether it is sold over the counter is otc_status's question).
SUPPLY_BLIND = {"strength", "dosage_form", "ae_frequency", "half_life"}
# The roots of the usual population and product: facts with an empty population / product
# describe them, and so do claim qualifiers under them ("adults", "tablets", "oral").
USUAL = {"population": "pop:general", "product": "prod:usual"}
# Graded strengths of a stance (grade: terms), weakest first: a claim far weaker than the
# reference ("fine with caution" where the label contraindicates) is inconsistent, a stronger
# one ("contraindicated" where the label says caution) is unverified.
GRADES = {
    "grade:safe": 0,
    "grade:not_established": 1,
    "grade:caution": 1,
    "grade:avoid": 2,
    "grade:contraindicated": 3,
}
QUALIFIERS: dict[str, tuple[str, ...]] = {
    "off_label": ("established", "moderate", "limited", "inconclusive"),
    "adverse_effect": (
        "very_common",
        "common",
        "uncommon",
        "rare",
        "postmarketing",
        "overdose",
        "",
    ),
    "indication": ("labeled", "possible", ""),
    "dosage_form": ("complete", ""),
    "strength": ("complete", ""),
    "metabolite": ("complete", ""),
    "effect_direction": ("on_withdrawal", ""),
}
# Qualifiers that are patterns or terms rather than a closed list.
PERCENT = re.compile(r"^\d+(\.\d+)?(-\d+(\.\d+)?)?%$")  # ae_frequency: "10-63%", "5%"
WEEKS = re.compile(r"^\d+-\d+ weeks$")  # pregnancy: the weeks of gestation a fact covers
TERM_QUALIFIED = {
    # attribute -> term kinds its qualifier may name (empty qualifier allowed)
    "max_daily_dose": ("cond",),
    "starting_dose": ("cond",),
    "dosing_frequency": ("cond",),
    "pediatric": ("cond",),
    "timing": ("class", "ae", "warn", "substance", "withdrawal", "drug"),
}
TERM_KINDS: dict[str, Label] = {
    "class": Label.DRUG_CLASS,
    "site": Label.SITE,
    "target": Label.TARGET,
    "action": Label.ACTION,
    "cond": Label.CONDITION,
    "ae": Label.ADVERSE_EFFECT,
    "substance": Label.SUBSTANCE,
    "warn": Label.CUE,
    "elim": Label.CUE,
    "ctrl": Label.CUE,
    "withdrawal": Label.CUE,
    "pop": Label.POPULATION,
    "prod": Label.PRODUCT,
    "grade": Label.CUE,
    "pregcat": Label.CUE,
    "milk": Label.CUE,
    "effect": Label.CUE,
    "measure": Label.CUE,
    "dir": Label.CUE,
}
DRUG_KINDS = ("generic", "brand", "salt", "misspelling", "abbreviation", "other")
STATUSES = ("curated", "imported")
# How far a source is from the authority: the FDA label itself; a government body or a
# peer-reviewed publication; a third-party copy of a label or monograph; a summary written by
# someone else (consumer pages, AI answer sites). `notes validate` lists facts resting on the
# last tier only.
TIERS = ("fda_label", "government_or_peer_reviewed", "tertiary_rehost", "secondary_summary")
SEVERITIES = ("minor", "major", "critical")
COLUMNS = {
    "sources.csv": ("source_id", "title", "publisher", "url", "version", "accessed", "tier"),
    "drugs.csv": ("drug", "name", "kind"),
    "terms.csv": ("term_id", "names", "parent", "implies", "exclusive", "note"),
    "phrasings.csv": ("phrasing_id", "drug", "fact_id", "kind", "phrase", "note"),
    "drug_classes.csv": ("drug", "classes"),
    "facts": (
        "fact_id",
        "drug",
        "attribute",
        "value",
        "qualifier",
        "polarity",
        "statement",
        "severity",
        "source_id",
        "locator",
        "must_mention",
    ),
}
# Columns a facts file may add. Imported rows (reference_notes/imported/) carry them all: the
# label they cite (set id, version, effective date, LOINC section and number, table), its
# verbatim passage, and the curated facts they disagree with (held back from checking).
FACT_OPTIONAL = (
    # who and which product the fact holds for (empty or absent: the general fact)
    "population",
    "product",
    "status",
    "set_id",
    "label_version",
    "effective",
    "section",
    "table_id",
    "passage",
    "conflicts",
)
IMPORTED_REQUIRED = ("set_id", "label_version", "effective", "section", "passage")
SET_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
SECTION = re.compile(r"^\d{4,5}-\d(?: §\d{1,2}(?:\.\d{1,2})*)?$")
EFFECTIVE = re.compile(r"^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
AMOUNT = re.compile(
    r"^\d+(\.\d+)?(\s*-\s*\d+(\.\d+)?)?\s*"
    r"(mg|mcg|g|ml|mg/ml|h|hours?|days?|weeks?|months?)(/dose|/day)?$",
    re.IGNORECASE,
)
# Value patterns of the new value kinds.
FREQUENCY = re.compile(r"^(\d+(\.\d+)?(-\d+(\.\d+)?)?/(day|week)|continuous)$")
AGE = re.compile(r"^\d+-\d+ years$")
TERM_ID = re.compile(r"^[a-z]+:[a-z0-9_]+$")
