"""What the drug comes as: dosage forms, strengths, and over-the-counter or prescription status.

Form and strength facts can close their list (qualifier "complete": the label names every form
or strength there is); then a form or a strength that is not on it ("extended-release
tizanidine", "baclofen 25 mg tablets" if the list were closed) is inconsistent, and otherwise
it is unverified. A claim names a form by several words ("extended-release capsules"): a form
fact matches when each of them is the fact's form or one of its products.
Status facts say which strengths are sold over the counter and which need a prescription
(qualifier: the strengths, empty for all): "800 mg ibuprofen over the counter" is wrong when
800 mg is a prescription strength.
"""

from __future__ import annotations

from annotator.checking.base import AMOUNT, Judgement, Lookup
from annotator.checking.registry import compares
from annotator.models import Assertion, Fact, Verdict


@compares("dosage_form")
def dosage_form(table: Lookup, a: Assertion) -> Judgement:
    facts = [f for f in table.ref.facts_for(a.drug, "dosage_form") if f.polarity]
    if not facts:
        return table.none(a, "dosage form")
    claimed = claimed_form(table, a)
    shown = " ".join(table.ref.display(t) for t in claimed)
    same = [f for f in facts if form_matches(table, claimed, f)]
    if same:
        status = Verdict.CONSISTENT if a.polarity else Verdict.INCONSISTENT
        reason = (
            f"{shown}: a form the reference lists"
            if a.polarity
            else f"denies {shown}, a listed form"
        )
        return Judgement(status, a, tuple(same), reason, shown)
    if all(f.qualifier == "complete" for f in facts):
        listed = ", ".join(_form_name(table, f) for f in facts)
        if a.polarity:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(facts),
                f"no {shown} form: the reference lists {listed}",
                shown,
            )
        return Judgement(Verdict.CONSISTENT, a, tuple(facts), f"rightly denies a {shown} form")
    return table.none(a, "dosage form")


@compares("strength")
def strength(table: Lookup, a: Assertion) -> Judgement:
    amount = _mg(a.value)
    facts = [f for f in table.facts(a) if f.polarity]
    if not facts:
        return _no_such_form(table, a) or table.none(a, "strength")
    same = [f for f in facts if _mg(f.value) == amount]
    listed = ", ".join(f.value for f in facts)
    if same:
        return Judgement(
            Verdict.CONSISTENT, a, tuple(same), f"{a.value}: a strength the reference lists"
        )
    if all(f.qualifier == "complete" for f in facts):
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(facts),
            f"no {a.value} strength: the reference lists {listed}",
            a.value,
        )
    return Judgement(
        Verdict.UNVERIFIED,
        a,
        tuple(facts),
        f"{a.value} is not among the strengths "
        f"the reference lists ({listed}), which may be incomplete",
    )


@compares("otc_status")
def otc_status(table: Lookup, a: Assertion) -> Judgement:
    facts = table.facts(a)
    if not facts:
        return table.none(a, "prescription status")
    amount = _mg(a.qualifier) if a.qualifier else None
    holds = [f for f in facts if _covers_strength(f, amount)]
    same = [f for f in holds if f.value == a.value]
    other = [f for f in holds if f.value != a.value and table.ref.excludes(a.value, f.value)]
    shown = table.ref.display(a.value) + (f" ({a.qualifier})" if a.qualifier else "")
    if same and (a.polarity or not other):
        status = Verdict.CONSISTENT if a.polarity else Verdict.INCONSISTENT
        return Judgement(status, a, tuple(same), f"{shown}, as the reference says", shown)
    if other and not same:
        status = Verdict.INCONSISTENT if a.polarity else Verdict.CONSISTENT
        where = table.ref.display(other[0].value)
        reason = (
            f"says {shown}; the reference says {where}" if a.polarity else f"not {shown}: {where}"
        )
        return Judgement(status, a, tuple(other), reason, shown)
    return table.none(a, "prescription status")


def claimed_form(table: Lookup, a: Assertion) -> tuple[str, ...]:
    """The claim's form words for one form assertion: its value and the products named with it
    that it does not exclude ("extended-release" + "tablets"; not "capsules" beside "tablets")."""
    extra = [p for p in a.product if p != a.value and not table.ref.excludes(p, a.value)]
    return (a.value, *extra)


def form_matches(table: Lookup, claimed: tuple[str, ...], f: Fact) -> bool:
    """Each claimed word is the fact's form or one of its products, or broader or narrower
    ("injection" matches intrathecal; "oral" matches tablets); the usual ones ("oral") need
    not be named by the fact."""
    known = (f.value, *f.product)
    usual = table.ref.ancestors
    return all(
        any(table.ref.related(c, k) for k in known)
        or ("prod:usual" in usual(c) and not any(table.ref.excludes(c, k) for k in known))
        for c in claimed
    )


def _no_such_form(table: Lookup, a: Assertion) -> Judgement | None:
    """A strength of a product the drug does not come as: "extended-release tablets: 12 mg"."""
    forms = [f for f in table.ref.facts_for(a.drug, "dosage_form") if f.polarity]
    specific = [p for p in a.product if "prod:usual" not in table.ref.ancestors(p)]
    if not forms or not specific or not all(f.qualifier == "complete" for f in forms):
        return None
    if any(form_matches(table, tuple(specific), f) for f in forms):
        return None
    shown = " ".join(table.ref.display(p) for p in specific)
    listed = ", ".join(_form_name(table, f) for f in forms)
    return Judgement(
        Verdict.INCONSISTENT,
        a,
        tuple(forms),
        f"no {shown} form: the reference lists {listed}",
        shown,
    )


def _form_name(table: Lookup, f: Fact) -> str:
    return " ".join(table.ref.display(p) for p in (*f.product, f.value))


def _covers_strength(f: Fact, amount: float | None) -> bool:
    if amount is None or not f.qualifier:
        return True
    lo, _, hi = f.qualifier.replace(" mg", "").partition("-")
    try:
        return float(lo) <= amount <= float(hi or lo)
    except ValueError:
        return False


def _mg(value: str) -> float | None:
    m = AMOUNT.match(value)
    if not m:
        return None
    factor = {"mg": 1.0, "g": 1000.0, "mcg": 0.001}.get(m.group(2).lower())
    return float(m.group(1)) * factor if factor else None
