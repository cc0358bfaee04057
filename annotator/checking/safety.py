"""Safety comparisons: stopping, combinations, contraindications and warnings, boxed warnings.

"Safe to stop abruptly" against a withdrawal warning, a contraindicated combination called safe,
a boxed warning claimed for the wrong form or topic: the claims a reviewer must never miss.
"""

from __future__ import annotations

from annotator.checking.base import Judgement, Lookup
from annotator.checking.registry import compares
from annotator.models import Assertion, Verdict


@compares("withdrawal")
def withdrawal(table: Lookup, a: Assertion) -> Judgement:
    facts = [f for f in table.facts(a) if f.polarity]
    if not facts:
        return table.none(a, "withdrawal note")
    says_safe = (a.value == "withdrawal:abrupt_stop_safe") == a.polarity
    if says_safe and any(f.value == "withdrawal:taper_required" for f in facts):
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(facts),
            "says stopping abruptly is safe; the reference warns against it",
            "safe to stop abruptly",
        )
    return Judgement(Verdict.CONSISTENT, a, tuple(facts), "consistent with the withdrawal warning")


@compares("interaction")
def interaction(table: Lookup, a: Assertion) -> Judgement:
    ref = table.ref
    facts = [
        f
        for f in table.facts(a, "interaction", "contraindication")
        if f.polarity and table.partner_matches(a.value, f.value)
    ]
    shown = ref.display(a.value)
    not_contra = [
        f
        for f in table.facts(a, "contraindication")
        if not f.polarity
        and table.partner_matches(a.value, f.value)
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
        return table.none(a, "interaction")
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


@compares("contraindication", "warning")
def contraindication(table: Lookup, a: Assertion) -> Judgement:
    facts = [
        f
        for f in table.facts(a, "contraindication", "warning")
        if f.polarity and table.covers(f, a)
    ]
    shown = table.ref.display(a.value)
    if not facts:
        return table.none(a, "contraindication or warning")
    if a.qualifier == "safe":
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(facts),
            f"calls {table.ref.display(a.drug)} safe with {shown}; the reference warns",
            shown,
        )
    return Judgement(
        Verdict.CONSISTENT, a, tuple(facts), f"caution with {shown}, as the reference says"
    )


@compares("boxed_warning")
def boxed_warning(table: Lookup, a: Assertion) -> Judgement:
    facts = table.facts(a)
    if not facts:
        return table.none(a, "boxed warning note")
    real = [f for f in facts if f.value != "warn:none" and f.polarity]
    oral = a.qualifier.startswith("oral ")
    topics = [topic for topic in a.qualifier.removeprefix("oral ").split("|") if topic]
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
            and not any(table.topic_matches(topic, f.value) for topic in topics for f in real)
        ):
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(real),
                f"the boxed warning is about {table.ref.display(real[0].value)}, "
                f"not {table.ref.display(topics[0])}",
                table.ref.display(topics[0]),
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
    return Judgement(Verdict.CONSISTENT, a, tuple(facts), "no boxed warning, as the reference says")
