"""Assertions -> a verdict per claim, each resting on named facts and their sources.

For one (drug, attribute) the reference facts are looked up by index (no loop over the table).
A claimed value is *consistent* when it is the reference value or broader than it ("a CNS
depressant"), *inconsistent* when the vocabulary marks it incompatible (another member of an
exclusive group, the opposite action, a dose over the maximum, "safe" against a warning), and
*unverified* otherwise. Negation flips the test: "is not a peripheral muscle relaxant" is
consistent with "acts centrally". Curated phrasings (phrasings.csv) are a second, explicit layer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.context import modified
from annotator.entities import Annotated
from annotator.models import Assertion, Certainty, Check, Fact, Verdict
from annotator.reference import Reference

SUGGESTIONS = json.loads((Path(__file__).with_name("data") / "suggestions.json").read_text())
RANK = {"minor": 1, "major": 2, "critical": 3, "": 0}
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


class Judge:
    def __init__(self, reference: Reference):
        self.ref = reference
        self.phrasings: dict[str, list] = {}
        for p in reference.phrasings:
            self.phrasings.setdefault(p.drug, []).append(p)

    # --- claim level -----------------------------------------------------------------------
    def __call__(self, ann: Annotated, assertions: tuple[Assertion, ...], focus: str) -> Check:
        claim = ann.claim
        base = dict(claim=claim, mentions=ann.mentions, assertions=assertions)
        if not claim.checkable:
            return Check(
                verdict=Verdict.NOT_CHECKABLE, reason=f"{claim.kind}: not a checkable claim", **base
            )
        judged = [self.judge(a) for a in assertions]
        judged += self._phrasings(ann, assertions, focus)
        for status in (Verdict.INCONSISTENT, Verdict.CONSISTENT):
            hits = [j for j in judged if j.status == status]
            if hits:
                return self._check(base, status, hits)
        reasons = list(dict.fromkeys(j.reason for j in judged if j.reason))
        if not judged:
            reasons = [self._why_nothing(ann, focus)]
        drug = assertions[0].drug if assertions else ""
        return Check(
            verdict=Verdict.UNVERIFIED,
            drug=drug,
            attribute=assertions[0].attribute if assertions else "",
            reason="; ".join(reasons[:3]),
            **base,
        )

    def _check(self, base, status, hits: list[Judgement]) -> Check:
        facts = list(dict.fromkeys(f for j in hits for f in j.facts))
        facts.sort(key=lambda f: -RANK[f.severity])
        lead = max(hits, key=lambda j: max((RANK[f.severity] for f in j.facts), default=0))
        a = lead.assertion
        suggestion = self._suggest(lead) if status == Verdict.INCONSISTENT else ""
        return Check(
            verdict=status,
            drug=a.drug,
            attribute=a.attribute,
            fact_ids=tuple(f.fact_id for f in facts),
            reference=" | ".join(dict.fromkeys(f.statement for f in facts)),
            suggestion=suggestion,
            sources=tuple(dict.fromkeys(self.ref.cite(f) for f in facts)),
            severity=facts[0].severity if facts else "",
            negated=not a.polarity,
            hedged=a.certainty != Certainty.ASSERTED,
            reason="; ".join(dict.fromkeys(j.reason for j in hits))[:500],
            **base,
        )

    def _why_nothing(self, ann: Annotated, focus: str) -> str:
        drugs = {m.concept for m in ann.mentions if m.label == "DRUG" and m.concept}
        without = sorted(d for d in drugs if d not in self.ref.drugs_with_notes)
        if without:
            return "no reference notes for " + ", ".join(self.ref.display(d) for d in without)
        if not drugs and not focus:
            return "no drug named"
        return "no typed fact attribute recognised in the claim"

    def _suggest(self, j: Judgement) -> str:
        a, fact = j.assertion, (j.facts[0] if j.facts else None)
        key = a.attribute
        if key == "adverse_effect" and a.polarity and fact is not None:
            key = "adverse_effect_frequency"
        template = SUGGESTIONS.get(key, "")
        if not template or fact is None:
            return fact.statement if fact else ""
        return _articles(self._fill(template, a, fact, j))

    def _fill(self, template: str, a: Assertion, fact: Fact, j: Judgement) -> str:
        name = self.ref.display(a.drug) if a.drug else "the drug"
        return template.format(
            drug=name[:1].upper() + name[1:],
            value=self.ref.display(fact.value),
            qualifier=self.ref.display(fact.qualifier).replace("_", " "),
            claimed=j.claimed or self.ref.display(a.value),
        )

    def _phrasings(self, ann, assertions, focus) -> list[Judgement]:
        drugs = {a.drug for a in assertions} or ({focus} if focus else set())
        text = ann.claim.text
        out = []
        for drug in drugs:
            for p in self.phrasings.get(drug, ()):
                words = [re.escape(w) for w in p.phrase.split()]
                found = re.search(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", text, re.I)
                if not found:
                    continue
                start = ann.claim.start + found.start()
                fact = self.ref.by_id[p.fact_id]
                a = Assertion(
                    drug,
                    fact.attribute,
                    fact.value,
                    True,
                    Certainty.ASSERTED,
                    p.phrase,
                    start,
                    start + len(p.phrase),
                    f"phrasing:{p.phrasing_id}",
                )
                negated = modified(ann.modifiers, start, start + len(p.phrase), "NEGATED")
                wrong = (p.kind == "inconsistent") != negated
                out.append(
                    Judgement(
                        Verdict.INCONSISTENT if wrong else Verdict.CONSISTENT,
                        a,
                        (fact,),
                        f"curated phrasing '{p.phrase}' ({p.phrasing_id})",
                        p.phrase,
                    )
                )
        return out

    # --- assertion level -------------------------------------------------------------------
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
        # Only direct and term-hierarchy matches count: which class a partner drug belongs to
        # ("phenelzine" is an MAOI) is not in the vocabulary yet.
        return self.ref.related(claimed, fact_value)

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

    def _max_daily_dose(self, a: Assertion) -> Judgement:
        amount, per = _dose(a.value)
        facts = self._facts(a, "max_daily_dose")
        limits = [(f, _amount_mg(f.value)) for f in facts]
        limits = [(f, v) for f, v in limits if v is not None]
        if amount is None or not limits:
            return self._none(a, "maximum dose")
        fact, limit = max(limits, key=lambda fv: fv[1])
        claimed = f"{amount:g} mg/{per}"
        if amount > limit:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                (fact,),
                f"{claimed} exceeds the maximum of {limit:g} mg/day",
                claimed,
            )
        if a.qualifier == "max" and per == "day" and amount < limit:
            return Judgement(
                Verdict.UNVERIFIED,
                a,
                (fact,),
                f"states a maximum of {claimed}; the reference maximum is {limit:g} mg/day",
            )
        if per == "dose" and a.qualifier != "max":
            return Judgement(Verdict.UNVERIFIED, a, (), "a single dose; daily total not stated")
        return Judgement(
            Verdict.CONSISTENT, a, (fact,), f"{claimed} is within the maximum of {limit:g} mg/day"
        )

    def _starting_dose(self, a: Assertion) -> Judgement:
        amount, per = _dose(a.value)
        over = self._max_daily_dose(replace(a, attribute="max_daily_dose"))
        if over.status == Verdict.INCONSISTENT:
            return over
        starts = [(f, _amount_mg(f.value)) for f in self._facts(a, "starting_dose")]
        starts = [(f, v) for f, v in starts if v is not None]
        if amount is None or not starts:
            return over if over.status == Verdict.CONSISTENT else self._none(a, "starting dose")
        fact, start = starts[0]
        if per == "dose":  # a single dose at most the daily start is consistent with it
            if amount <= start:
                return Judgement(
                    Verdict.CONSISTENT, a, (fact,), "starting dose within the reference"
                )
            return self._none(a, "starting dose")
        if amount > start:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                (fact,),
                f"starts at {amount:g} mg/day; the reference starts at {start:g} mg/day",
                f"{amount:g} mg/day",
            )
        return Judgement(Verdict.CONSISTENT, a, (fact,), "starting dose as in the reference")

    def _duration_limit(self, a: Assertion) -> Judgement:
        facts = self._facts(a)
        if not facts:
            return self._none(a, "duration limit")
        if a.polarity:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts),
                "presents long-term use; the reference limits use to short periods",
                "long-term use",
            )
        return Judgement(Verdict.CONSISTENT, a, tuple(facts), "respects the duration limit")

    def _half_life(self, a: Assertion) -> Judgement:
        """Sources disagree on half-lives, so only a claim off by more than 2x is flagged."""
        claimed = _hours(a.value)
        facts = [(f, _hours(f.value)) for f in self._facts(a)]
        facts = [(f, r) for f, r in facts if r]
        if not claimed or not facts:
            return self._none(a, "half-life")
        fact, (lo, hi) = facts[0]
        c_lo, c_hi = claimed
        if c_hi < lo / 2 or c_lo > hi * 2:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                (fact,),
                f"a half-life of {a.value} is far from the reference {fact.value}",
                a.value,
            )
        return Judgement(Verdict.CONSISTENT, a, (fact,), f"half-life close to {fact.value}")

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


def _articles(text: str) -> str:
    """'a agonist' -> 'an agonist' in generated suggestions."""
    return re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", r"\1n ", text)


def _hours(value: str) -> tuple[float, float] | None:
    m = re.match(r"^([\d.]+)(?:\s*-\s*([\d.]+))?\s*(h|hours?|days?)$", value.strip())
    if not m:
        return None
    factor = 24 if m.group(3).startswith("day") else 1
    lo = float(m.group(1)) * factor
    return lo, (float(m.group(2)) * factor if m.group(2) else lo)


def _dose(value: str) -> tuple[float | None, str]:
    m = re.match(r"^([\d.]+) mg/(day|dose)$", value)
    return (float(m.group(1)), m.group(2)) if m else (None, "")


def _amount_mg(value: str) -> float | None:
    m = AMOUNT.match(value)
    if not m:
        return None
    unit = m.group(2).lower()
    factor = {"mg": 1, "g": 1000, "mcg": 0.001}.get(unit)
    return float(m.group(1)) * factor if factor else None
