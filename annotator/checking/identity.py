"""What a drug is and how it acts: class, site of action, elimination, control status and
mechanism (target + action).

A claimed value is consistent when it is the reference value or broader than it ("a CNS
depressant"), inconsistent when the vocabulary marks it incompatible (another member of an
exclusive group, the opposite action on the same target), and unverified otherwise. A negative
fact ("is not a benzodiazepine") contradicts the positive claim. Negation flips the test: "is
not a peripheral muscle relaxant" is consistent with "acts centrally".
"""

from __future__ import annotations

from annotator.checking.base import Judgement, Lookup
from annotator.checking.registry import compares
from annotator.models import Assertion, Verdict


@compares("drug_class", "site_of_action", "metabolism", "controlled_status")
def terms(table: Lookup, a: Assertion) -> Judgement:
    """Set-valued attributes with a vocabulary: class, site, metabolism, control status."""
    if a.attribute == "controlled_status" and a.qualifier == "local":
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            tuple(table.facts(a)),
            "scheduling differs by jurisdiction; the reference gives US federal status",
        )
    facts = table.facts(a)
    same = [f for f in facts if f.polarity and a.value in table.ref.ancestors(f.value)]
    clash = [f for f in facts if f.polarity and table.ref.excludes(a.value, f.value)]
    denied = [f for f in facts if not f.polarity and f.value in table.ref.ancestors(a.value)]
    shown = table.ref.display(a.value)
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
            return Judgement(Verdict.CONSISTENT, a, tuple(same), f"'{shown}' matches the reference")
        if clash:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(clash),
                f"'{shown}' excludes the reference value '{table.ref.display(clash[0].value)}'",
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
    return table.none(a)


@compares("mechanism")
def mechanism(table: Lookup, a: Assertion) -> Judgement:
    """A claimed (target, action) against the reference's. Consistent only when a fact has a
    related target and the claimed action is the fact's action or broader than it ("activates
    GABA-B receptors" for an agonist; "acts on the GABA system"); an action the vocabulary
    marks incompatible ("blocks" for an agonist) or a fact denying it ("does not change how
    much GABA is released") makes it inconsistent; any other action on the right target is
    unverified: an unrecognised or merely different action is never a match."""
    ref = table.ref
    action = a.qualifier
    facts = table.facts(a)
    shown = ref.display(a.value) + (f" ({ref.display(action)})" if action else "")

    def within(f) -> bool:  # the claim lies inside what the fact says (target and action)
        return f.value in ref.ancestors(a.value) and (
            not f.qualifier or (bool(action) and f.qualifier in ref.ancestors(action))
        )

    def supports(f) -> bool:
        if not ref.related(a.value, f.value):
            return False
        return not action or (bool(f.qualifier) and action in ref.ancestors(f.qualifier))

    def opposes(f) -> bool:
        if not (action and f.qualifier and ref.related(a.value, f.value)):
            return False
        broader = a.value != f.value and a.value in ref.ancestors(f.value)
        return ref.excludes(action, f.qualifier, groups=("action",) if broader else None)

    denied = [f for f in facts if not f.polarity and within(f)]
    positive = [f for f in facts if f.polarity]
    support = [f for f in positive if supports(f)]
    opposed = [f for f in positive if opposes(f)]
    on_target = [f for f in positive if ref.related(a.value, f.value)]
    other_target = [f for f in positive if ref.excludes(a.value, f.value)]
    if a.polarity:
        if denied and not support:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(denied),
                f"the reference says it does not act this way on {ref.display(a.value)}",
                shown,
            )
        if support:
            return Judgement(
                Verdict.CONSISTENT, a, tuple(support), f"mechanism '{shown}' as in the reference"
            )
        if opposed:
            f = opposed[0]
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                (f,),
                f"'{ref.display(action)}' on {ref.display(a.value)} contradicts "
                f"'{ref.display(f.qualifier)}' at {ref.display(f.value)}",
                shown,
            )
        if other_target and not on_target:
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(other_target),
                f"'{shown}' is not the reference target '{ref.display(other_target[0].value)}'",
                shown,
            )
        if on_target:
            return Judgement(
                Verdict.UNVERIFIED,
                a,
                tuple(on_target),
                f"the reference gives '{ref.display(on_target[0].qualifier)}' at "
                f"{ref.display(on_target[0].value)}, not '{shown}'",
            )
        return table.none(a, "mechanism")
    if denied or opposed:
        return Judgement(
            Verdict.CONSISTENT, a, tuple(denied or opposed), f"rightly denies '{shown}'"
        )
    exact = [f for f in support if f.value in ref.ancestors(a.value) or a.value == f.value]
    if exact and action:
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(exact),
            f"denies '{shown}', the mechanism the reference states",
            "not " + shown,
        )
    return table.none(a, "mechanism")
