"""Safety comparisons: stopping, combinations, contraindications and warnings, boxed warnings.

"Safe to stop abruptly" against a withdrawal warning, a contraindicated combination called safe,
a boxed warning claimed for the wrong form or topic: the claims a reviewer must never miss.
"""

from __future__ import annotations

from annotator.checking.base import Judgement, Lookup
from annotator.checking.grades import LEVEL, fact_level, judge
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
    """A partner called safe, to be avoided, used with caution or contraindicated, against the
    strongest stance the reference takes on it (annotator.checking.grades); a plain warning
    ("avoid", "dangerous", "interacts") agrees with any warning the reference gives."""
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
    if a.qualifier == "avoid":  # a warning of unstated strength
        return Judgement(
            Verdict.CONSISTENT, a, tuple(facts), f"warns about {shown}, as the reference does"
        )
    level = max(fact_level(f) for f in facts)
    strongest = tuple(f for f in facts if fact_level(f) == level)
    status, reason = judge(a.qualifier, True, level)
    return Judgement(status, a, strongest, f"{shown}: {reason}", shown)


@compares("contraindication", "warning")
def contraindication(table: Lookup, a: Assertion) -> Judgement:
    """A condition called safe, a caution, to be avoided or contraindicated, against the
    contraindications and warnings that cover it, graded (annotator.checking.grades)."""
    facts = [f for f in table.facts(a, "contraindication", "warning") if table.covers(f, a)]
    shown = table.ref.display(a.value)
    denied = [f for f in facts if not f.polarity]
    facts = [f for f in facts if f.polarity]
    grade = a.qualifier if a.qualifier in LEVEL else "avoid"
    if denied and grade == "contraindicated":  # "never take it over 65": it is not one
        status = Verdict.INCONSISTENT if a.polarity else Verdict.CONSISTENT
        return Judgement(
            status, a, tuple(denied), f"the reference says {shown} is not a contraindication", shown
        )
    if not facts:
        return table.none(a, "contraindication or warning")
    level = max(fact_level(f) for f in facts)
    strongest = tuple(f for f in facts if fact_level(f) == level)
    status, reason = judge(grade, a.polarity, level)
    return Judgement(status, a, strongest, f"{shown}: {reason}", shown)


@compares("boxed_warning")
def boxed_warning(table: Lookup, a: Assertion) -> Judgement:
    """A boxed warning belongs to a product (baclofen's to the intrathecal pump, not to the
    tablets): the facts for the product the claim names decide; facts for another product
    make a claim about the usual product wrong only when it names that product explicitly."""
    facts, others = table.facts(a), table.elsewhere(a)
    if not facts and not others:
        return table.none(a, "boxed warning note")
    real = [f for f in facts if f.value != "warn:none" and f.polarity]
    none = [f for f in facts if f.value == "warn:none"]
    boxed_elsewhere = [f for f in others if f.value != "warn:none" and f.polarity]
    topics = [topic for topic in a.qualifier.split("|") if topic]
    named = bool(a.product)  # "oral baclofen", "the tablets": the claim names its product
    where = ", ".join(table.ref.display(p) for f in boxed_elsewhere[:1] for p in f.product)
    if a.polarity:
        if (
            real
            and topics
            and not any(table.topic_matches(t, f.value) for t in topics for f in real)
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
        if boxed_elsewhere and not named:
            return Judgement(
                Verdict.UNVERIFIED,
                a,
                tuple(boxed_elsewhere),
                f"a boxed warning applies to the {where} form only",
            )
        shown = f"the {where} form, not to this product" if boxed_elsewhere else "none"
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(boxed_elsewhere or none or facts),
            f"claims a boxed warning; the reference says it applies to {shown}"
            if boxed_elsewhere
            else "claims a boxed warning; the reference says there is none",
            "boxed warning",
        )
    if real:
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(real),
            "denies the boxed warning the reference lists",
            "no boxed warning",
        )
    if boxed_elsewhere and not (named and none):
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            tuple(boxed_elsewhere),
            f"a boxed warning applies to the {where} form only",
        )
    return Judgement(
        Verdict.CONSISTENT, a, tuple(none or facts), "no boxed warning, as the reference says"
    )
