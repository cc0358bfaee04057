"""Safety comparisons: stopping, combinations, contraindications and boxed warnings.

"Safe to stop abruptly" against a withdrawal warning, a contraindicated combination called safe,
a boxed warning claimed for the wrong form or topic: the claims a reviewer must never miss.
A mixin of annotator.checking.comparisons.Comparer (it uses the table lookups defined there).
"""

from __future__ import annotations

from annotator.checking.base import Judgement
from annotator.models import Assertion, Verdict


class SafetyComparisons:
    def _withdrawal(self, a: Assertion) -> Judgement:
        facts = [f for f in self._facts(a) if f.polarity]
        if not facts:
            return self._none(a, "withdrawal note")
        says_safe = (a.value == "withdrawal:abrupt_stop_safe") == a.polarity
        if says_safe and any(f.value == "withdrawal:taper_required" for f in facts):
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts),
                "says stopping abruptly is safe; the reference warns against it",
                "safe to stop abruptly",
            )
        return Judgement(
            Verdict.CONSISTENT, a, tuple(facts), "consistent with the withdrawal warning"
        )

    def _interaction(self, a: Assertion) -> Judgement:
        ref = self.ref
        facts = [
            f
            for f in self._facts(a, "interaction", "contraindication")
            if f.polarity and self._partner_matches(a.value, f.value)
        ]
        shown = ref.display(a.value)
        not_contra = [
            f
            for f in self._facts(a, "contraindication")
            if not f.polarity
            and self._partner_matches(a.value, f.value)
            and a.rule.endswith("+after-cue")
        ]
        if a.qualifier == "contraindicated" and not_contra:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(not_contra),
                f"calls {shown} a contraindication; the reference says it is not one",
                shown,
            )
        if not facts:
            return self._none(a, "interaction")
        if a.qualifier == "safe":
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts),
                f"calls the combination with {shown} safe; the reference warns against it",
                shown,
            )
        return Judgement(
            Verdict.CONSISTENT, a, tuple(facts), f"warns about {shown}, as the reference does"
        )

    def _topic_matches(self, topic: str, warning: str) -> bool:
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

    def _partner_matches(self, claimed: str, fact_value: str) -> bool:
        """The named partner is the fact's partner, a narrower term of it, or a drug that
        drug_classes.csv puts in the fact's class ("phenelzine" meets "MAO inhibitors")."""
        ref = self.ref
        return ref.related(claimed, fact_value) or any(
            fact_value in ref.ancestors(cls) for cls in ref.drug_classes.get(claimed, ())
        )

    def _contraindication(self, a: Assertion) -> Judgement:
        facts = [
            f
            for f in self._facts(a, "contraindication", "warning")
            if f.polarity and self._covers(f, a)
        ]
        shown = self.ref.display(a.value)
        if not facts:
            return self._none(a, "contraindication or warning")
        if a.qualifier == "safe":
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts),
                f"calls {self.ref.display(a.drug)} safe with {shown}; the reference warns",
                shown,
            )
        return Judgement(
            Verdict.CONSISTENT, a, tuple(facts), f"caution with {shown}, as the reference says"
        )

    def _boxed_warning(self, a: Assertion) -> Judgement:
        facts = self._facts(a)
        if not facts:
            return self._none(a, "boxed warning note")
        real = [f for f in facts if f.value != "warn:none" and f.polarity]
        oral = a.qualifier.startswith("oral ")
        topics = [t for t in a.qualifier.removeprefix("oral ").split("|") if t]
        if a.polarity:
            if real and oral and all(f.qualifier and f.qualifier != "oral" for f in real):
                return Judgement(
                    Verdict.INCONSISTENT,
                    a,
                    tuple(real),
                    f"the boxed warning applies to the {real[0].qualifier} form, not to oral use",
                    "oral boxed warning",
                )
            if (
                real
                and topics
                and not any(self._topic_matches(t, f.value) for t in topics for f in real)
            ):
                return Judgement(
                    Verdict.INCONSISTENT,
                    a,
                    tuple(real),
                    f"the boxed warning is about {self.ref.display(real[0].value)}, "
                    f"not {self.ref.display(topics[0])}",
                    self.ref.display(topics[0]),
                )
            if real:
                return Judgement(Verdict.CONSISTENT, a, tuple(real), "the drug has a boxed warning")
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts),
                "claims a boxed warning; the reference says there is none",
                "boxed warning",
            )
        if real and any(f.qualifier in ("", "oral") for f in real):
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(real),
                "denies the boxed warning the reference lists",
                "no boxed warning",
            )
        if real:
            return Judgement(
                Verdict.UNVERIFIED,
                a,
                tuple(real),
                f"a boxed warning applies to the {real[0].qualifier} form only",
            )
        return Judgement(
            Verdict.CONSISTENT, a, tuple(facts), "no boxed warning, as the reference says"
        )
