"""What the drug is and how it acts: class, site of action, mechanism (target + action).

These readers use only the mentions outside a compared drug's clause (`Reading.own`): in
"unlike dantrolene, which acts on muscle, baclofen ..." the site belongs to dantrolene.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from annotator.extraction.assertions.common import Reading
from annotator.extraction.syntax import (
    ADJECTIVAL,
    CLASS_BEFORE,
    SAME_CLASS_AS,
    action_linked,
    class_linked,
    is_partner,
)
from annotator.extraction.syntax import (
    COORDINATION as COORDINATED,
)
from annotator.models import Assertion, Label, Mention

# How far past a class name to look for an adjectival use ("antihistamine activity",
# "opioid-like effects"): the longest ADJECTIVAL word plus a space fits in 25 characters.
ADJECTIVAL_WINDOW = 25
# How far an action word may sit from its target: "inhibits the reuptake of serotonin" (verb
# before) or "GABA-B receptor agonist" (noun after). 40 characters is about six words, the
# longest such phrase in label text; further away the action belongs to another target.
ACTION_WINDOW = 40
# With no action word, an "acts"/"works" cue within 30 characters before the target still makes
# it a mechanism ("acts on GABA-B receptors"); "structurally related to GABA" does not.
ACTS_WINDOW = 30
# An amount word right after the target makes an increase an amount claim ("GABA output",
# "serotonin levels"): 15 characters leave room for one short word between them.
AMOUNT_WINDOW = 15
TRANSMITTER = "target:transmitter"
AGONIST = "action:agonist"
AMOUNT_INCREASER = "action:amount_increaser"
AMOUNT_DECREASER = "action:amount_decreaser"
RELEASE = "action:release_modulator"
MODULATOR = "action:modulator"
RELEASE_REDUCER = "action:release_reducer"
RELEASE_INCREASER = "action:release_increaser"
INCREASING = frozenset(("action:potentiator", "action:increase", AGONIST))
DECREASING = frozenset(("action:inhibitor", "action:decrease"))
# A direction word just before "the release of" gives the release its direction ("inhibiting
# the release of", "boosting the release of"): 6 characters is "the " and a space or two.
RELEASE_VERB_WINDOW = 6


def classes(r: Reading) -> Iterator[Assertion]:
    """A class said of the subject: "X is a <class>", "X, a <class>,", "<class>es such as X".
    A class named for another reason (a partner "with benzodiazepines", an adjective "opioid
    effects", an umbrella group term that excludes nothing) is not a class claim."""
    for m in r.own:
        if m.label != Label.DRUG_CLASS or is_partner(m, r.text, r.base):
            continue
        after = r.text[m.end - r.base :][:ADJECTIVAL_WINDOW]
        if ADJECTIVAL.match(after):
            continue
        if not _class_linked(r, m):
            continue
        term = r.ref.terms.get(m.concept)
        if term is None or (term.exclusive == "" and term.term_id.endswith("_group")):
            continue
        yield r.make("drug_class", m.concept, m, "class-mention")
        for attr, value in term.implies:  # a class implies e.g. a site ("centrally acting")
            yield r.make(attr, value, m, f"implied-by:{m.concept}")


def shared_classes(r: Reading) -> Iterator[Assertion]:
    """ "It is in the same family as Valium and Xanax": the classes drug_classes.csv gives the
    partner (and the next one coordinated with it) are claimed for the subject."""
    named = [m for m in r.partners if m.concept and m.concept in r.ref.drug_classes]
    for i, m in enumerate(named):
        before = r.text[max(0, m.start - r.base - 40) : m.start - r.base]
        chained = i and COORDINATED.match(r.text[named[i - 1].end - r.base : m.start - r.base])
        if not SAME_CLASS_AS.search(before) and not (
            chained
            and SAME_CLASS_AS.search(
                r.text[max(0, named[i - 1].start - r.base - 40) : named[i - 1].start - r.base]
            )
        ):
            continue
        for cls in r.ref.drug_classes[m.concept]:
            term = r.ref.terms.get(cls)
            if term is not None and not cls.endswith("_group"):
                yield r.make("drug_class", cls, m, f"same-class-as:{m.concept}")


def _class_linked(r: Reading, m: Mention) -> bool:
    """Is this class said of the subject ("X is a <class>", "<class>es such as X")?"""
    before = [s for s in r.subjects if s.end <= m.start]
    if before and class_linked(r.text[before[-1].end - r.base : m.start - r.base]):
        return True
    after = [s for s in r.subjects if s.start >= m.end]
    return bool(after and CLASS_BEFORE.search(r.text[m.end - r.base : after[0].start - r.base]))


def sites(r: Reading) -> Iterator[Assertion]:
    """A site of action needs acting ("acts centrally", "works on muscle", an action word) or
    an adverb ("peripherally"): "muscle" alone is usually the symptom, not the site."""
    acting = "acts" in r.cues or any(m.label == Label.ACTION for m in r.own)
    if not acting and not any(
        m.text.lower().endswith("ly") for m in r.own if m.label == Label.SITE
    ):
        return
    for m in r.own:
        if m.label == Label.SITE:
            yield r.make("site_of_action", m.concept, m, "site+acts")


def mechanisms(r: Reading) -> Iterator[Assertion]:
    """A target with the action on it (agonist, inhibitor, "modulates the release of"): the
    nearest action before the target, else the nearest after it, within ACTION_WINDOW."""
    actions = [m for m in r.own if m.label == Label.ACTION]
    acting = r.cues.get("acts", [])
    for m in r.own:
        if m.label != Label.TARGET:
            continue
        before = [
            a
            for a in actions
            if a.end <= m.start
            and m.start - a.end <= ACTION_WINDOW
            and action_linked(r.text[a.end - r.base : m.start - r.base])
        ]
        after = [
            a
            for a in actions
            if a.start >= m.end
            and a.start - m.end <= ACTION_WINDOW
            and action_linked(r.text[m.end - r.base : a.start - r.base])
        ]
        action = (
            max(before, key=lambda a: a.end)
            if before
            else min(after, key=lambda a: a.start)
            if after
            else None
        )
        if action is not None and action.concept == RELEASE:
            action = _release_direction(action, actions)
        if action is None and not any(0 <= m.start - c.end <= ACTS_WINDOW for c in acting):
            continue  # "structurally related to GABA" names a target but no action on it
        qualifier = _amount(r, m, action.concept if action else "")
        yield r.make("mechanism", m.concept, m, "target+action", qualifier=qualifier)


def _release_direction(release: Mention, actions: list[Mention]) -> Mention:
    """ "inhibiting the release of X" is a release reducer, "boosting the release of X" a release
    increaser, whatever words the vocabulary lists for them."""
    for verb in actions:
        if verb.end <= release.start and release.start - verb.end <= RELEASE_VERB_WINDOW:
            if verb.concept in DECREASING:
                return replace(release, concept=RELEASE_REDUCER)
            if verb.concept in INCREASING:
                return replace(release, concept=RELEASE_INCREASER)
    return release


def _amount(r: Reading, target: Mention, action: str) -> str:
    """Raising or lowering a transmitter itself means changing its amount, not acting on its
    receptor: "boosts GABA", "increases GABA output", "stimulates GABA production" claim more
    GABA made or released (action:amount_increaser), which the reference can deny;
    "decreasing levels of certain neurotransmitters" claims less (action:amount_decreaser)."""
    amounts = r.cues.get("amount", [])
    amount_after = any(0 <= c.start - target.end <= AMOUNT_WINDOW for c in amounts)
    if action in INCREASING:
        direction = AMOUNT_INCREASER
    elif action in DECREASING:
        direction = AMOUNT_DECREASER
    elif action == MODULATOR and amount_after:  # "modulates GABA release / levels"
        return RELEASE
    else:
        return action
    transmitter = TRANSMITTER in r.ref.terms[target.concept].parents
    # "inhibit serotonin ... reuptake": a decrease names an amount only with an amount word
    if amount_after or (transmitter and action in INCREASING and action != AGONIST):
        return direction
    return action
