"""What every comparison shares: the record of one comparison (`Judgement`), the table
lookups it makes (`Lookup`), and the constants of the comparison families."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.knowledge.reference import Reference
from annotator.models import Assertion, Fact, Verdict

WEAK_EVIDENCE = {"limited", "inconclusive"}
AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*(\w+)")
ROUTES = ("oral", "intrathecal", "intravenous", "topical", "transdermal", "rectal")


@dataclass(frozen=True)
class Judgement:
    """How one assertion compares with the table."""

    status: Verdict
    assertion: Assertion
    facts: tuple[Fact, ...] = ()
    reason: str = ""
    claimed: str = ""
    # a reading that carries nothing to confirm (a single dose with no daily total; a drug
    # without notes named beside one with notes): it never makes a claim only partly supported
    neutral: bool = False


@dataclass(frozen=True)
class Lookup:
    """The reference table as the comparisons read it: facts by (drug, attribute), coverage by
    the vocabulary's hierarchy, the standard "no such fact" judgement. Built once per table."""

    ref: Reference

    def other_route(self, fact: Fact, a: Assertion) -> bool:
        """The fact is about one route (oral) and the claim names another (intrathecal)."""
        if fact.qualifier not in ROUTES:
            return False
        # the route named last before the claimed value is the one it speaks of
        head = a.context[: max(0, a.start - a.context_start)] if a.context else ""
        named = [m.group(0).lower() for m in re.finditer("|".join(ROUTES), head, re.I)]
        if not named:
            named = [m.group(0).lower() for m in re.finditer("|".join(ROUTES), a.context, re.I)]
        return bool(named) and named[-1] != fact.qualifier

    def covers(self, fact: Fact, a: Assertion) -> bool:
        """The fact speaks to the claimed value: the same term or a broader one
        (a fact on "spasticity" covers "flexor spasms"; one on "trigeminal neuralgia" does not
        cover "pain")."""
        return fact.value in self.ref.ancestors(a.value)

    def facts(self, a: Assertion, *attributes: str) -> list[Fact]:
        return [
            f for attr in (attributes or (a.attribute,)) for f in self.ref.facts_for(a.drug, attr)
        ]

    def none(self, a, what="") -> Judgement:
        what = what or a.attribute.replace("_", " ")
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            reason=f"the reference has no {what} for "
            f"{self.ref.display(a.drug)} matching '{self.ref.display(a.value)}'",
        )

    def topic_matches(self, topic: str, warning: str) -> bool:
        """A claimed boxed-warning topic (a warn: or ae: term) against the fact's warn: term,
        compared by their names: 'liver failure' (ae) matches 'hepatotoxicity' (warn)."""
        if self.ref.related(topic, warning):
            return True
        names = (
            {n.lower() for n in self.ref.terms[warning].names}
            if warning in self.ref.terms
            else set()
        )
        other = (
            {n.lower() for n in self.ref.terms[topic].names} if topic in self.ref.terms else set()
        )
        return bool(names & other)

    def partner_matches(self, claimed: str, fact_value: str) -> bool:
        """The named partner is the fact's partner, a narrower term of it, or a drug that
        drug_classes.csv puts in the fact's class ("phenelzine" meets "MAO inhibitors")."""
        ref = self.ref
        return ref.related(claimed, fact_value) or any(
            fact_value in ref.ancestors(cls) for cls in ref.drug_classes.get(claimed, ())
        )
