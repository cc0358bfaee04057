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
    r"^\d+(\.\d+)?(\s*-\s*\d+(\.\d+)?)?\s*(mg|mcg|g|ml|h|hours?|days?|weeks?|months?)$",
    re.IGNORECASE,
)
TERM_ID = re.compile(r"^[a-z]+:[a-z0-9_]+$")
