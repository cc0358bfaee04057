"""The code-data contract: the cue ids and term ids the code names, and why.

Knowledge lives in data files, but a few ids are named in code (the uses reader asks for the
"treats" cue; the boxed-warning reader for the "warn:none" term). If a curator renames or
deletes one, the reader would silently read nothing. So every such id is listed here with the
code that relies on it, the loaders check the data against this list (`annotator notes
validate` names each missing id), and a test checks that the code names no id missing here.
"""

from __future__ import annotations

from collections.abc import Iterable

# cue id (annotator/knowledge/data/cues.csv) -> the code that reads it
CUES = {
    "acts": "extraction/assertions/identity.py: a site or mechanism needs acting",
    "amount": "extraction/assertions/identity.py: 'GABA output' is an amount",
    "approved": "extraction/assertions/uses.py: a use called approved",
    "avoid": "extraction/assertions/safety.py: a combination to avoid",
    "boxed": "extraction/assertions/status.py: a boxed-warning claim",
    "combine": "extraction/assertions/safety.py: a combination said to lower a risk",
    "contraindicated": "extraction/assertions/uses.py, safety.py: contraindications",
    "frequent": "extraction/assertions/uses.py: effect frequency",
    "half_life": "extraction/assertions/status.py: half-life claims",
    "jurisdiction": "extraction/assertions/status.py: local scheduling",
    "long_term": "extraction/assertions/status.py: long-term use",
    "maximum": "extraction/assertions/quantities.py: maximum doses",
    "rare": "extraction/assertions/uses.py: effect frequency",
    "safe": "extraction/assertions/safety.py, uses.py; extraction/discourse.py: safe claims",
    "short_term": "extraction/assertions/status.py: short-term use only",
    "side_effect": "extraction/assertions/uses.py: adverse effects",
    "starting": "extraction/assertions/quantities.py: starting doses",
    "stop_abruptly": "extraction/assertions/safety.py: stopping suddenly",
    "strong": "extraction/assertions/uses.py: certainty stronger than the evidence",
    "treats": "extraction/assertions/uses.py; extraction/discourse.py: uses",
    # issue 10, items 2 and 4: qualifiers and the new typed attributes
    "all_ages": "extraction/assertions/populations.py: 'of any age' in a pediatric claim",
    "dose_change": "extraction/assertions/regimen.py: dose changes are not the regimen",
    "exists": "extraction/assertions/products.py: a dosage form said to exist",
    "federal": "extraction/assertions/status.py: federal scheduling named beside the states",
    "metabolite": "extraction/assertions/effects.py: what the drug is metabolised to",
    "not_frequency": "extraction/assertions/frequency.py: numbers that are not effect rates",
    "placebo": "extraction/assertions/frequency.py: a placebo group's number",
    "stopping": "extraction/assertions/effects.py: effects on stopping (withdrawal)",
    "supply": "extraction/assertions/products.py: sold over the counter or by prescription",
    "titration": "extraction/assertions/quantities.py, regimen.py: later doses of a titration",
    "use_in": "extraction/assertions/populations.py: a pediatric use or approval",
    "usual": "extraction/assertions/quantities.py: the usual starting dose",
}
# term id (reference_notes/terms.csv) -> the code that relies on it
TERMS = {
    "action:agonist": "extraction/assertions/identity.py: receptor agonism is not an amount",
    "action:amount_decreaser": "extraction/assertions/identity.py: less of a transmitter",
    "action:amount_increaser": "extraction/assertions/identity.py: more of a transmitter",
    "action:decrease": "extraction/assertions/identity.py: decreasing actions",
    "action:increase": "extraction/assertions/identity.py: increasing actions",
    "action:inhibitor": "extraction/assertions/identity.py: decreasing actions",
    "action:modulator": "extraction/assertions/identity.py: 'modulates GABA release'",
    "action:potentiator": "extraction/assertions/identity.py: increasing actions",
    "action:release_increaser": "extraction/assertions/identity.py: release direction",
    "action:release_modulator": "extraction/assertions/identity.py: release direction",
    "action:release_reducer": "extraction/assertions/identity.py: release direction",
    "target:transmitter": "extraction/assertions/identity.py: raising a transmitter",
    "warn:boxed": "extraction/assertions/status.py: the boxed-warning value",
    "warn:none": "extraction/assertions/status.py, checking/safety.py: no boxed warning",
    "withdrawal:abrupt_stop_safe": "extraction/assertions/safety.py: 'safe to stop abruptly'",
    "withdrawal:taper_required": "extraction/assertions/safety.py, checking/safety.py",
    # issue 10, items 2 and 4: qualifiers (knowledge/schema.py USUAL) and graded strengths
    # (knowledge/schema.py GRADES)
    "pop:general": "knowledge/schema.py USUAL: the population of facts with none",
    "pop:lactation": "extraction/assertions/populations.py, uses.py: breastfeeding claims",
    "pop:pediatric": "extraction/qualifiers.py, assertions/populations.py, importer: children",
    "pop:pregnancy": "extraction/assertions/populations.py, uses.py: pregnancy claims",
    "prod:oral": "extraction/assertions/products.py, knowledge/importer/rows.py: a route",
    "prod:extended_release": "knowledge/importer/rows.py, conflicts.py: extended-release doses",
    "prod:intravenous": "knowledge/importer/rows.py: a label's route",
    "prod:intrathecal": "knowledge/importer/rows.py: a label's route",
    "prod:topical": "knowledge/importer/rows.py: a label's route",
    "pop:elderly": "knowledge/importer/rows.py: a label's geriatric dose",
    "prod:otc": "extraction/assertions/products.py, checking/base.py, importer: supply",
    "prod:prescription": "extraction/assertions/products.py, checking/base.py: supply",
    "prod:usual": "knowledge/schema.py USUAL, checking/products.py: the usual product",
    "grade:safe": "knowledge/schema.py GRADES; extraction/assertions/populations.py",
    "grade:not_established": "knowledge/schema.py GRADES; extraction/assertions/populations.py",
    "grade:caution": "knowledge/schema.py GRADES; extraction/assertions/safety.py",
    "grade:avoid": "knowledge/schema.py GRADES",
    "grade:contraindicated": "knowledge/schema.py GRADES; extraction/assertions/safety.py",
}


def missing(names: Iterable[str], required: dict[str, str], what: str) -> list[str]:
    """One message per required id absent from `names`."""
    have = set(names)
    return [
        f"missing {what} '{key}' (the code relies on it: {why})"
        for key, why in required.items()
        if key not in have
    ]
