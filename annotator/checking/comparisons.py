"""Assertion level: how one typed assertion compares with the reference facts.

For one (drug, attribute) the facts are looked up by index (no loop over the table). A claimed
value is *consistent* when it is the reference value or broader than it ("a CNS depressant"),
*inconsistent* when the vocabulary marks it incompatible (another member of an exclusive group,
the opposite action, a dose over the maximum, "safe" against a warning), and *unverified*
otherwise. Negation flips the test: "is not a peripheral muscle relaxant" is consistent with
"acts centrally". One method per attribute; set-valued vocabularies share `_terms`.
"""

from __future__ import annotations

import re

from annotator.checking.base import ROUTES, WEAK_EVIDENCE, Judgement
from annotator.checking.quantity import QuantityComparisons
from annotator.checking.safety import SafetyComparisons
from annotator.knowledge.reference import Reference
from annotator.models import Assertion, Certainty, Fact, Verdict

__all__ = ["Comparer", "Judgement"]


class Comparer(SafetyComparisons, QuantityComparisons):
    """Compares assertions with one reference table: one method per attribute."""

    def __init__(self, reference: Reference):
        self.ref = reference

    def judge(self, a: Assertion) -> Judgement:
        if a.drug not in self.ref.drugs_with_notes:
            return Judgement(
                Verdict.UNVERIFIED, a, reason=f"no reference notes for {self.ref.display(a.drug)}"
            )
        method = getattr(self, "_" + a.attribute, None) or self._terms
        return method(a)

    def _other_route(self, fact: Fact, a: Assertion) -> bool:
        """The fact is about one route (oral) and the claim names another (intrathecal)."""
        if fact.qualifier not in ROUTES:
            return False
        # the route named last before the claimed value is the one it speaks of
        head = a.context[: max(0, a.start - a.context_start)] if a.context else ""
        named = [m.group(0).lower() for m in re.finditer("|".join(ROUTES), head, re.I)]
        if not named:
            named = [m.group(0).lower() for m in re.finditer("|".join(ROUTES), a.context, re.I)]
        return bool(named) and named[-1] != fact.qualifier

    def _covers(self, fact: Fact, a: Assertion) -> bool:
        """The fact speaks to the claimed value: the same term or a broader one
        (a fact on "spasticity" covers "flexor spasms"; one on "trigeminal neuralgia" does not
        cover "pain")."""
        return fact.value in self.ref.ancestors(a.value)

    def _facts(self, a: Assertion, *attributes: str) -> list[Fact]:
        return [
            f for attr in (attributes or (a.attribute,)) for f in self.ref.facts_for(a.drug, attr)
        ]

    def _none(self, a, what="") -> Judgement:
        what = what or a.attribute.replace("_", " ")
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            reason=f"the reference has no {what} for "
            f"{self.ref.display(a.drug)} matching '{self.ref.display(a.value)}'",
        )

    def _terms(self, a: Assertion) -> Judgement:
        """Set-valued attributes with a vocabulary: class, site, metabolism, control status."""
        if a.attribute == "controlled_status" and a.qualifier == "local":
            return Judgement(
                Verdict.UNVERIFIED,
                a,
                tuple(self._facts(a)),
                "scheduling differs by jurisdiction; the reference gives US federal status",
            )
        facts = self._facts(a)
        same = [f for f in facts if f.polarity and a.value in self.ref.ancestors(f.value)]
        clash = [f for f in facts if f.polarity and self.ref.excludes(a.value, f.value)]
        denied = [f for f in facts if not f.polarity and f.value in self.ref.ancestors(a.value)]
        shown = self.ref.display(a.value)
        if denied and not same:  # the reference says the drug is NOT this
            if a.polarity:
                return Judgement(
                    Verdict.INCONSISTENT,
                    a,
                    tuple(denied),
                    f"the reference says it is not '{shown}'",
                    shown,
                )
            return Judgement(Verdict.CONSISTENT, a, tuple(denied), f"rightly denies '{shown}'")
        if a.polarity:
            if same:
                return Judgement(
                    Verdict.CONSISTENT, a, tuple(same), f"'{shown}' matches the reference"
                )
            if clash:
                return Judgement(
                    Verdict.INCONSISTENT,
                    a,
                    tuple(clash),
                    f"'{shown}' excludes the reference value '{self.ref.display(clash[0].value)}'",
                    shown,
                )
        else:
            if same:
                return Judgement(
                    Verdict.INCONSISTENT,
                    a,
                    tuple(same),
                    f"denies '{shown}', which the reference states",
                    "not " + shown,
                )
            if clash:
                return Judgement(Verdict.CONSISTENT, a, tuple(clash), f"rightly denies '{shown}'")
        return self._none(a)

    def _mechanism(self, a: Assertion) -> Judgement:
        ref = self.ref
        denied = [
            f
            for f in self._facts(a)
            if not f.polarity
            and f.value in ref.ancestors(a.value)
            and (not a.qualifier or not f.qualifier or ref.related(a.qualifier, f.qualifier))
        ]
        facts = [f for f in self._facts(a) if f.polarity]
        on_target = [f for f in facts if ref.related(a.value, f.value)]
        if denied and a.polarity and not on_target:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(denied),
                f"the reference says it does not act this way on {ref.display(a.value)}",
                ref.display(a.value),
            )
        shown = ref.display(a.value) + (f" ({ref.display(a.qualifier)})" if a.qualifier else "")
        for f in on_target:
            broader = a.value != f.value and a.value in ref.ancestors(f.value)
            if (
                a.qualifier
                and f.qualifier
                and ref.excludes(a.qualifier, f.qualifier, groups=("action",) if broader else None)
            ):
                return Judgement(
                    Verdict.INCONSISTENT,
                    a,
                    (f,),
                    f"'{ref.display(a.qualifier)}' on {ref.display(a.value)} "
                    f"contradicts '{ref.display(f.qualifier)}' at "
                    f"{ref.display(f.value)}",
                    shown,
                )
        if on_target:
            status = Verdict.CONSISTENT if a.polarity else Verdict.INCONSISTENT
            return Judgement(
                status, a, tuple(on_target), f"mechanism '{shown}' vs reference", shown
            )
        clash = [f for f in facts if ref.excludes(a.value, f.value)]
        if clash and a.polarity:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(clash),
                f"'{shown}' is not the reference target '{ref.display(clash[0].value)}'",
                shown,
            )
        return self._none(a, "mechanism")

    def _indication(self, a: Assertion) -> Judgement:
        shown = self.ref.display(a.value)

        def hit(attr):
            return [f for f in self._facts(a, attr) if f.polarity and self._covers(f, a)]

        labeled, off, never = hit("indication"), hit("off_label"), hit("not_indicated")
        never = [f for f in never if not self._other_route(f, a)]
        hedged = a.certainty != Certainty.ASSERTED
        if not a.polarity:
            if never:
                return Judgement(
                    Verdict.CONSISTENT, a, tuple(never), f"rightly says {shown} is not a use"
                )
            if labeled:
                return Judgement(
                    Verdict.INCONSISTENT,
                    a,
                    tuple(labeled),
                    f"denies a labeled use ({shown})",
                    "not " + shown,
                )
            return self._none(a, "indication")
        if labeled:
            return Judgement(Verdict.CONSISTENT, a, tuple(labeled), f"{shown} is a labeled use")
        if never:
            if hedged:
                return Judgement(
                    Verdict.UNVERIFIED,
                    a,
                    tuple(never),
                    f"hedged claim of a use the reference does not support ({shown})",
                )
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(never),
                f"the reference says {shown} is not an indication",
                shown,
            )
        if off and a.qualifier == "labeled" and not hedged:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(off),
                f"presents {shown} as an approved use; the reference lists it as off-label only",
                shown,
            )
        if off:
            weak = all(f.qualifier in WEAK_EVIDENCE for f in off)
            if weak and a.qualifier == "strong" and not hedged:
                return Judgement(
                    Verdict.INCONSISTENT,
                    a,
                    tuple(off),
                    f"claims a proven effect on {shown}; the reference lists an "
                    f"off-label use with {off[0].qualifier} evidence",
                    shown,
                )
            # an off-label use stated plainly is consistent with the note; how certain the
            # article sounds is a content-QA finding (certainty mismatch), not a verdict
            return Judgement(
                Verdict.CONSISTENT,
                a,
                tuple(off),
                f"{shown}: off-label use ({off[0].qualifier} evidence)",
            )
        return self._none(a, "indication")

    def _adverse_effect(self, a: Assertion) -> Judgement:
        ref, shown = self.ref, self.ref.display(a.value)
        facts = [f for f in self._facts(a) if f.polarity and self._covers(f, a)]
        if not facts:
            return self._none(a, "adverse effect")
        if not a.polarity:
            if a.certainty != Certainty.ASSERTED:
                return Judgement(
                    Verdict.UNVERIFIED,
                    a,
                    tuple(facts),
                    f"a tentative denial of {shown}, a listed adverse effect",
                )
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts),
                f"denies {shown}, a listed adverse effect",
                "no " + shown,
            )
        bands = {f.qualifier for f in facts}
        top = [f for f in self._facts(a) if f.qualifier == "very_common" and f.polarity]
        if a.qualifier == "most_common" and "very_common" not in bands and top:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts) + tuple(top[:1]),
                f"{shown} is called the most common; the label's most common is "
                f"{ref.display(top[0].value)}",
                shown,
            )
        if a.qualifier in ("frequent", "most_common") and bands <= {
            "rare",
            "uncommon",
            "overdose",
            "postmarketing",
        }:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts),
                f"{shown} is called common but the label lists it as {'/'.join(sorted(bands))}",
                shown,
            )
        if a.qualifier == "rare" and bands == {"very_common"}:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts),
                f"{shown} is called rare but is very common in the label",
                shown,
            )
        return Judgement(Verdict.CONSISTENT, a, tuple(facts), f"{shown} is a listed adverse effect")
