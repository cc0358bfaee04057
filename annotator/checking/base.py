"""What every comparison shares: the record of one comparison (`Judgement`), the table
lookups it makes (`Lookup`), and the constants of the comparison families."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.knowledge.reference import Reference
from annotator.knowledge.schema import QUALIFIED_BY, SUPPLY_BLIND, USUAL
from annotator.models import Assertion, Fact, Verdict

WEAK_EVIDENCE = {"limited", "inconclusive"}
AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*(\w+)")


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
    # (drug, form) -> the products it implies; (fact_id, dimension) -> holds for the usual one
    _forms: dict = field(default_factory=dict, compare=False, hash=False)
    _usual: dict = field(default_factory=dict, compare=False, hash=False)

    def applies(self, fact: Fact, a: Assertion) -> bool:
        """Does the fact hold for the population and product the claim speaks of? Only for
        the attributes the schema qualifies (QUALIFIED_BY); other facts hold for everyone."""
        for dim in QUALIFIED_BY.get(fact.attribute, ()):
            claimed = self._claimed(a, dim, fact.attribute)
            if not claimed:  # the usual one, known per fact (most claims name no qualifier)
                key = (fact.fact_id, dim)
                if key not in self._usual:
                    self._usual[key] = self._covers(getattr(fact, dim), (), USUAL[dim])
                if not self._usual[key]:
                    return False
            elif not self._covers(getattr(fact, dim), claimed, USUAL[dim]):
                return False
        return True

    def _claimed(self, a: Assertion, dim: str, attribute: str = "") -> tuple[str, ...]:
        """The claim's qualifiers, with what its form implies for this drug: cyclobenzaprine
        capsules are the extended-release product (its dosage forms say so). Supply (over the
        counter) does not qualify the attributes of SUPPLY_BLIND."""
        terms = getattr(a, dim)
        if dim != "product" or not terms:
            return terms
        if attribute in SUPPLY_BLIND:
            supply = {"prod:otc", "prod:prescription"}
            terms = tuple(t for t in terms if t not in supply)
        implied = [p for t in terms for p in self._implied_by_form(a.drug, t)]
        return tuple(dict.fromkeys((*terms, *implied)))

    def _implied_by_form(self, drug: str, term: str) -> tuple[str, ...]:
        key = (drug, term)
        if key not in self._forms:
            usual = USUAL["product"]
            forms = [f for f in self.ref.facts_for(drug, "dosage_form") if f.polarity]
            of_term = [f for f in forms if self.ref.related(term, f.value)]
            specific = [
                [p for p in f.product if usual not in self.ref.ancestors(p)] for f in of_term
            ]
            self._forms[key] = (
                tuple(dict.fromkeys(p for ps in specific for p in ps))
                if of_term and all(specific) and all(f.qualifier == "complete" for f in forms)
                else ()
            )
        return self._forms[key]

    def _covers(self, fact_terms: tuple[str, ...], claimed: tuple[str, ...], root: str) -> bool:
        """A fact lists the populations (products) it holds for, empty meaning the usual one;
        every specific one the claim names (children, extended-release) must be among them
        (or narrower or broader), and a claim naming none, or only usual ones (adults,
        tablets), needs a fact that holds for the usual one."""
        ancestors = self.ref.ancestors
        fact_terms = fact_terms or (root,)
        specific = [c for c in claimed if root not in ancestors(c)]
        if not specific:
            return any(root in ancestors(f) for f in fact_terms)
        return all(any(self.ref.related(c, f) for f in fact_terms) for c in specific)

    def covers(self, fact: Fact, a: Assertion) -> bool:
        """The fact speaks to the claimed value: the same term or a broader one
        (a fact on "spasticity" covers "flexor spasms"; one on "trigeminal neuralgia" does not
        cover "pain")."""
        return fact.value in self.ref.ancestors(a.value)

    def facts(self, a: Assertion, *attributes: str) -> list[Fact]:
        """The facts of these attributes (default: the claim's) that hold for the claim's
        population and product, in table order (no comparison may depend on that order)."""
        out: list[Fact] = []
        for attr in attributes or (a.attribute,):
            facts = self.ref.facts_for(a.drug, attr)
            out += (f for f in facts if self.applies(f, a)) if attr in QUALIFIED_BY else facts
        return out

    def elsewhere(self, a: Assertion, *attributes: str) -> list[Fact]:
        """Facts of these attributes that hold only for another population or product."""
        return [
            f
            for attr in (attributes or (a.attribute,))
            for f in self.ref.facts_for(a.drug, attr)
            if not self.applies(f, a)
        ]

    def none(self, a, what="") -> Judgement:
        """No fact decides the claim: unverified, saying which qualifier had no fact when the
        table has facts of this attribute for other populations or products only."""
        what = what or a.attribute.replace("_", " ")
        others = self.elsewhere(a)
        if others:
            return Judgement(
                Verdict.UNVERIFIED,
                a,
                reason=f"the reference has no {what} for {self.qualified(a)} "
                f"(it has one for {self.qualified(others[0])})",
            )
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            reason=f"the reference has no {what} for "
            f"{self.ref.display(a.drug)} matching '{self.ref.display(a.value)}'",
        )

    def qualified(self, x: Assertion | Fact) -> str:
        """'children', 'extended-release', or 'the usual product' for a reason text."""
        named = [
            self.ref.display(t)
            for dim in ("population", "product")
            for t in getattr(x, dim)
            if USUAL[dim] not in self.ref.ancestors(t)
        ]
        drug = self.ref.display(x.drug)
        return f"{drug} ({', '.join(named)})" if named else f"{drug} (the usual product, adults)"

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
