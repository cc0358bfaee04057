"""What a drug is used for and what it causes: indications (labeled, off-label with an evidence
level, not indicated) and adverse effects with their frequency bands.

A hedged claim of a use the reference rejects is unverified, not inconsistent ("may help
stroke patients"); an off-label use called approved, or proven when the evidence is limited, is
inconsistent. An effect called common that the label lists only as rare (or the reverse) is
inconsistent; a denied listed effect is inconsistent unless the denial is tentative.
"""

from __future__ import annotations

import re

from annotator.checking.base import WEAK_EVIDENCE, Judgement, Lookup
from annotator.checking.registry import compares
from annotator.models import Assertion, Certainty, Verdict

# Words that restrict a denial to a condition the label may also name
RESTRICTED = re.compile(
    r"\b(alone|on its own|by itself|when used alone|at (?:usual|normal|recommended|low|"
    r"standard|therapeutic) doses?|unless|except|expected|usually|typically|rarely|generally)\b",
    re.I,
)


@compares("indication", "not_indicated", "off_label")
def indication(table: Lookup, a: Assertion) -> Judgement:
    shown = table.ref.display(a.value)

    def hit(attr):
        return [f for f in table.facts(a, attr) if f.polarity and table.covers(f, a)]

    labeled, off, never = hit("indication"), hit("off_label"), hit("not_indicated")
    # labeled uses narrower than the claimed one: "approved for anxiety disorders" when the
    # label names panic disorder and social anxiety disorder is partly right, never wrong
    narrower = [
        f
        for f in table.facts(a, "indication")
        if f.polarity and a.value in table.ref.ancestors(f.value)
    ]
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
        on_label = [f for f in table.facts(a, "indication") if f.polarity]
        if a.qualifier == "labeled" and on_label:
            # "not approved for X": the labeled indications (for this population and product)
            # are a complete list, and X is not on it
            return Judgement(
                Verdict.CONSISTENT,
                a,
                tuple(on_label),
                f"rightly says {shown} is not a labeled use",
            )
        return table.none(a, "indication")
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
    labeled_elsewhere = [
        f for f in table.elsewhere(a, "indication") if f.polarity and table.covers(f, a)
    ]
    if off and a.qualifier == "labeled" and labeled_elsewhere:
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            tuple(labeled_elsewhere),
            f"{shown} is labeled for {table.qualified(labeled_elsewhere[0])} only",
        )
    if narrower:
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            tuple(narrower),
            f"the label names narrower uses than '{shown}': "
            + ", ".join(table.ref.display(f.value) for f in narrower[:3]),
        )
    if a.qualifier == "labeled" and not hedged and not off:
        # the label's indications are a complete list: "FDA-approved for X" with X neither on
        # it (nor narrower or broader than a use on it) nor a known off-label use is wrong
        on_label = [f for f in table.facts(a, "indication") if f.polarity]
        if not on_label:  # none for this population or product: a use labeled for no one
            anyone = [f for f in table.ref.facts_for(a.drug, "indication") if f.polarity]
            if not any(table.ref.related(a.value, f.value) for f in anyone):
                on_label = anyone  # is not labeled for these patients either
        if on_label and not any(table.ref.related(a.value, f.value) for f in on_label):
            return Judgement(
                Verdict.INCONSISTENT,
                a,
                tuple(on_label),
                f"{shown} is not among the labeled indications ("
                + ", ".join(dict.fromkeys(table.ref.display(f.value) for f in on_label[:4]))
                + ")",
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
    return table.none(a, "indication")


@compares("adverse_effect")
def adverse_effect(table: Lookup, a: Assertion) -> Judgement:
    ref, shown = table.ref, table.ref.display(a.value)
    facts = [f for f in table.facts(a) if f.polarity and table.covers(f, a)]
    if not facts:  # a category of effects ("an upset stomach") the label lists members of
        facts = [f for f in table.facts(a) if f.polarity and a.value in ref.ancestors(f.value)]
    if not facts:
        return table.none(a, "adverse effect")
    if not a.polarity:
        if a.certainty != Certainty.ASSERTED or RESTRICTED.search(a.context):
            # "not expected to cause low blood sugar on its own": a denial under a condition
            # (alone, at usual doses) may be exactly what the label says; never a contradiction
            return Judgement(
                Verdict.UNVERIFIED,
                a,
                tuple(facts),
                f"a tentative or qualified denial of {shown}, a listed adverse effect",
            )
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(facts),
            f"denies {shown}, a listed adverse effect",
            "no " + shown,
        )
    bands = {f.qualifier for f in facts}
    top = [f for f in table.facts(a) if f.qualifier == "very_common" and f.polarity]
    if a.qualifier == "most_common" and "very_common" not in bands and top:
        return Judgement(
            Verdict.INCONSISTENT,
            a,
            tuple(facts) + tuple(top[:1]),
            f"{shown} is called the most common; the label's most common is "
            f"{ref.display(top[0].value)}",
            shown,
        )
    if bands <= {"overdose"}:
        # a sign of overdose is not a listed adverse reaction: the label is silent on it as one
        return Judgement(
            Verdict.UNVERIFIED,
            a,
            tuple(facts),
            f"the label names {shown} only as a sign of overdose",
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
