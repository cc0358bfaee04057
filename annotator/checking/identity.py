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
    ref = table.ref
    denied = [
        f
        for f in table.facts(a)
        if not f.polarity
        and f.value in ref.ancestors(a.value)
        and (not a.qualifier or not f.qualifier or ref.related(a.qualifier, f.qualifier))
    ]
    facts = [f for f in table.facts(a) if f.polarity]
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
        return Judgement(status, a, tuple(on_target), f"mechanism '{shown}' vs reference", shown)
    clash = [f for f in facts if ref.excludes(a.value, f.value)]
    if clash and a.polarity:
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(clash),
            f"'{shown}' is not the reference target '{ref.display(clash[0].value)}'",
            shown,
        )
    return table.none(a, "mechanism")
