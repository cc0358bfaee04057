"""Assertion level: how one typed assertion compares with the reference facts.

For one (drug, attribute) the facts are looked up by index (no loop over the table) and the
comparison registered for the attribute (annotator.checking.registry) judges the claimed value:
`identity` (class, site, mechanism, elimination, control status), `uses` (indications, adverse
effects), `safety` (withdrawal, interactions, contraindications, boxed warnings) and
`quantity` (doses, duration, half-life). Importing this module registers them all and checks
that every attribute of the reference schema has one.
"""

from __future__ import annotations

from annotator.checking import identity, quantity, safety, uses  # noqa: F401  (registration)
from annotator.checking.base import Judgement, Lookup
from annotator.checking.registry import comparison, require_coverage
from annotator.knowledge.schema import ATTRIBUTES
from annotator.models import Assertion, Verdict

__all__ = ["Judgement", "compare"]

require_coverage(ATTRIBUTES)


def compare(table: Lookup, a: Assertion) -> Judgement:
    """Judge one assertion: unverified when the drug has no notes, else by its comparison."""
    if a.drug not in table.ref.drugs_with_notes:
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            reason=f"no reference notes for {table.ref.display(a.drug)}",
            neutral=True,
        )
    return comparison(a.attribute)(table, a)
