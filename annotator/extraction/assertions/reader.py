"""The subject of a claim, and the family readers run over it in a fixed order.

The order matters: the verdict's lead assertion is the first of the most severe, so families
run as they always have (identity, uses, safety, quantities, status).
"""

from __future__ import annotations

from dataclasses import replace

from annotator.extraction.assertions import identity, quantities, safety, status, uses
from annotator.extraction.assertions.common import Reading
from annotator.extraction.entities import Annotated
from annotator.extraction.syntax import cues_of, partner_clause, split_drugs
from annotator.knowledge.reference import Reference
from annotator.models import Assertion, Label

# Attributes a claim may make about the focus drug without naming it
# ("Common side effects include ..."); class, site and mechanism claims need a named subject,
# because an unnamed "a benzodiazepine" in an article about baclofen is usually about another
# drug ("unlike a benzodiazepine, ...").
IMPLICIT_OK = {"adverse_effect", "max_daily_dose", "starting_dose", "withdrawal", "interaction"}
# Cues that make a claim about combining drugs ("X with Y is safe", "avoid X with Y").
COMBINATION_CUES = ("safe", "avoid", "contraindicated", "combine")
FAMILIES = (
    identity.classes,
    identity.shared_classes,
    identity.sites,
    identity.mechanisms,
    uses.uses_and_effects,
    safety.stopping,
    safety.partners,
    quantities.doses,
    status.status,
)


class AssertionReader:
    """Reads the assertions of annotated claims against one reference table's vocabulary."""

    def __init__(self, reference: Reference):
        self.ref = reference

    def __call__(self, ann: Annotated, focus: str) -> tuple[Assertion, ...]:
        subjects, partners = split_drugs(ann)
        noted = self.ref.drugs_with_notes
        cues = cues_of(ann)
        combination = any(c in cues for c in COMBINATION_CUES)
        if (
            combination
            and any(m.concept not in noted for m in subjects)
            and any(m.concept in noted for m in subjects + partners)
        ):
            # "Taking fluvoxamine with tizanidine is safe": of two drugs combined, the one we
            # have notes on is the one the claim can be checked for; the other is its partner
            everyone = subjects + partners
            subjects = [m for m in everyone if m.concept in noted]
            partners = [m for m in everyone if m.concept not in noted]
        named = sorted({m.concept for m in subjects if m.concept})
        implicit = not named
        drugs = named or ([focus] if focus else [])
        out: list[Assertion] = []
        for drug in drugs:
            for a in self._read(ann, drug, partners, cues):
                if (
                    implicit
                    and a.attribute not in IMPLICIT_OK
                    and not any(m.match == "pronoun" for m in subjects)
                ):
                    continue
                out.append(a if not implicit else replace(a, implicit_subject=True))
        # "acts in the brain stem rather than the spinal cord": two names of one term, one
        # affirmed and one denied; the claim affirms the term
        affirmed = {(a.drug, a.attribute, a.value) for a in out if a.polarity}
        out = [a for a in out if a.polarity or (a.drug, a.attribute, a.value) not in affirmed]
        return tuple(dict.fromkeys(out))

    def _read(self, ann: Annotated, drug: str, partners: list, cues: dict):
        ents = [m for m in ann.mentions if m.label != Label.CUE]
        subjects = [m for m in ents if m.label == Label.DRUG and m.concept == drug]
        reading = Reading(
            ann=ann,
            drug=drug,
            ref=self.ref,
            cues=cues,
            ents=ents,
            terms=[
                m
                for m in ann.mentions
                if m.label == Label.CUE and m.concept and not m.concept.startswith("cue:")
            ],
            subjects=subjects,
            # what a compared drug's own clause says is about that drug: "Unlike dantrolene,
            # which works directly on the muscle, baclofen ..." says nothing about baclofen's site
            own=[m for m in ents if not partner_clause(m, partners, subjects, ann.claim)],
            partners=partners,
        )
        for family in FAMILIES:
            yield from family(reading)
