"""Mentions -> assertions: what a claim says, typed (drug, attribute, value, polarity, certainty).

Rules, not a parser (no trained pipeline can be installed offline): the subject is the drug the
claim names (not one it is compared with: "like dantrolene, baclofen ..."), or the focus drug for
a pronoun ("It belongs to ..."). An attribute is read when a value of its kind appears with the
cue that makes it a claim about that attribute ("used to treat" + a condition). Negation and
hedging come from the context modifiers of annotator.extraction.context.
"""

from __future__ import annotations

import re
from dataclasses import replace

from annotator.extraction.context import modified
from annotator.extraction.entities import Annotated
from annotator.extraction.syntax import (
    ADJECTIVAL,
    CLASS_BEFORE,
    class_linked,
    cues_of,
    is_partner,
    nearest_is,
    partner_clause,
    split_drugs,
)
from annotator.knowledge.reference import Reference
from annotator.models import Assertion, Certainty, Label, Mention

# "people who do not have diabetes": a negation over "have" describes a population
POPULATION = re.compile(r"\b(have|has|having|had|with|suffer\w*|living)\b", re.I)
STOP_VERB = re.compile(
    r"\b(stop\w*|discontinu\w*|quit\w*|ceas\w*|withdraw\w*|taper\w*|"
    r"come off|coming off)\b",
    re.I,
)
DOSING = re.compile(
    r"\b(take|takes|taken|taking|dose|doses|dosing|dosage|prescribed|"
    r"recommended|maximum|max|up to|start\w*|initial\w*|daily|a day|per day|"
    r"exceed\w*|titrat\w*|increase\w*|given|administer\w*|limit)\b",
    re.I,
)
NOT_DOSING = re.compile(
    r"\b(bioavailab\w*|lethal|LD50|overdos\w*|toxic\w*|fatal\w*|"
    r"poison\w*|molar|molecular|solub\w*|half-life|plasma|concentration|"
    r"study|studies|trial|trials|mice|rats|animals)\b",
    re.I,
)
# Attributes a claim may make about the focus drug without naming it
# ("Common side effects include ..."); class, site and mechanism claims need a named subject.
IMPLICIT_OK = {"adverse_effect", "max_daily_dose", "starting_dose", "withdrawal", "interaction"}


class AssertionReader:
    """Reads the assertions of annotated claims against one reference table's vocabulary."""

    def __init__(self, reference: Reference):
        self.ref = reference

    def __call__(self, ann: Annotated, focus: str) -> tuple[Assertion, ...]:
        subjects, partners = split_drugs(ann)
        noted = self.ref.drugs_with_notes
        cues = cues_of(ann)
        combination = any(c in cues for c in ("safe", "avoid", "contraindicated", "combine"))
        if (
            combination
            and any(m.concept not in noted for m in subjects)
            and any(m.concept in noted for m in subjects + partners)
        ):
            # "Taking fluvoxamine with tizanidine is safe": of two drugs combined, the one we
            # have notes on is the one the claim can be checked for; the other is its partner
            everyone = subjects + partners
            subjects = [m for m in everyone if m.concept in noted]
            partners = [m for m in everyone if m.concept not in noted]
        named = sorted({m.concept for m in subjects if m.concept})
        implicit = not named
        drugs = named or ([focus] if focus else [])
        out: list[Assertion] = []
        for drug in drugs:
            for a in self._read(ann, drug, partners):
                if (
                    implicit
                    and a.attribute not in IMPLICIT_OK
                    and not any(m.match == "pronoun" for m in subjects)
                ):
                    continue
                out.append(a if not implicit else replace(a, implicit_subject=True))
        return tuple(dict.fromkeys(out))

    # --- one reader per attribute family -------------------------------------------------
    def _read(self, ann: Annotated, drug: str, partners: list[Mention]):
        cues = cues_of(ann)
        ents = [m for m in ann.mentions if m.label != Label.CUE]
        terms = [
            m
            for m in ann.mentions
            if m.label == Label.CUE and m.concept and not m.concept.startswith("cue:")
        ]
        subjects = [m for m in ents if m.label == Label.DRUG and m.concept == drug]
        # what a compared drug's own clause says is about that drug: "Unlike dantrolene, which
        # works directly on the muscle, baclofen ..." says nothing about baclofen's site
        own = [m for m in ents if not partner_clause(m, partners, subjects, ann.claim)]
        yield from self._classes(ann, drug, own, subjects)
        yield from self._sites(ann, drug, own, cues)
        yield from self._mechanisms(ann, drug, own, cues)
        yield from self._uses_and_effects(ann, drug, ents, cues)
        yield from self._stopping(ann, drug, ents, terms, cues)
        yield from self._partners(ann, drug, ents, partners, cues)
        yield from self._doses(ann, drug, ents, cues)
        yield from self._status(ann, drug, terms, cues)

    def _make(self, ann, drug, attribute, value, m: Mention, rule, qualifier="", polarity=None):
        mods = ann.modifiers
        negated = modified(mods, m.start, m.end, "NEGATED")
        certainty = (
            Certainty.HYPOTHETICAL
            if modified(mods, m.start, m.end, "HYPOTHETICAL")
            else Certainty.HEDGED
            if modified(mods, m.start, m.end, "HEDGED")
            else Certainty.ASSERTED
        )
        return Assertion(
            drug,
            attribute,
            value,
            (not negated) if polarity is None else polarity,
            certainty,
            m.text,
            m.start,
            m.end,
            rule,
            False,
            qualifier,
            ann.claim.text,
            ann.claim.start,
        )

    @staticmethod
    def _class_linked(ann, m: Mention, subjects: list[Mention]) -> bool:
        """Is this class said of the subject ("X is a <class>", "<class>es such as X")?"""
        text, base = ann.claim.text, ann.claim.start
        before = [s for s in subjects if s.end <= m.start]
        if before and class_linked(text[before[-1].end - base : m.start - base]):
            return True
        after = [s for s in subjects if s.start >= m.end]
        return bool(after and CLASS_BEFORE.search(text[m.end - base : after[0].start - base]))

    def _classes(self, ann, drug, ents, subjects):
        for m in ents:
            if m.label != Label.DRUG_CLASS or is_partner(m, ann.claim.text, ann.claim.start):
                continue
            after = ann.claim.text[m.end - ann.claim.start :][:25]
            if ADJECTIVAL.match(after):  # "antihistamine activity", "opioid-like effects"
                continue
            if not self._class_linked(ann, m, subjects):
                continue
            term = self.ref.terms.get(m.concept)
            if term is None or (term.exclusive == "" and term.term_id.endswith("_group")):
                continue
            yield self._make(ann, drug, "drug_class", m.concept, m, "class-mention")
            for attr, value in term.implies:
                yield self._make(ann, drug, attr, value, m, f"implied-by:{m.concept}")

    def _sites(self, ann, drug, ents, cues):
        acting = "acts" in cues or any(m.label == Label.ACTION for m in ents)
        if not acting and not any(
            m.text.lower().endswith("ly") for m in ents if m.label == Label.SITE
        ):
            return
        for m in ents:
            if m.label == Label.SITE:
                yield self._make(ann, drug, "site_of_action", m.concept, m, "site+acts")

    def _mechanisms(self, ann, drug, ents, cues):
        actions = [m for m in ents if m.label == Label.ACTION]
        acting = cues.get("acts", [])
        for m in ents:
            if m.label != Label.TARGET:
                continue
            # verb before object ("inhibits the reuptake of serotonin") first, then a noun
            # after the target ("GABA-B receptor agonist")
            before = [a for a in actions if a.end <= m.start and m.start - a.end <= 40]
            after = [a for a in actions if a.start >= m.end and a.start - m.end <= 40]
            action = (
                max(before, key=lambda a: a.end)
                if before
                else min(after, key=lambda a: a.start)
                if after
                else None
            )
            if action is None and not any(0 <= m.start - c.end <= 30 for c in acting):
                continue  # "structurally related to GABA" names a target but no action on it
            yield self._make(
                ann,
                drug,
                "mechanism",
                m.concept,
                m,
                "target+action",
                qualifier=action.concept if action else "",
            )

    def _uses_and_effects(self, ann, drug, ents, cues):
        treat = cues.get("treats", []) + cues.get("approved", [])
        effect = cues.get("side_effect", [])
        # a frequency word counts when it qualifies "side effects" or the effect itself
        anchors = [e for e in effect if re.search(r"effect|reaction|event", e.text, re.I)]
        anchors += [m for m in ents if m.label == Label.ADVERSE_EFFECT]
        text, base = ann.claim.text, ann.claim.start

        def qualifies(c, e):  # "common side effects", "drowsiness is common"
            if c.end <= e.start:
                return e.start - c.end <= 15
            between = text[e.end - base : c.start - base]
            return c.start >= e.end and bool(
                re.fullmatch(r"\s*(is|are)(\s+(a|an|very|quite))?\s*", between, re.I)
            )

        near = [
            c
            for c in cues.get("frequent", []) + cues.get("rare", [])
            if any(qualifies(c, e) for e in anchors)
        ]
        most = any(c.text.lower().startswith("most") for c in near)
        freq = (
            "most_common"
            if most
            else "frequent"
            if any(c.concept == "cue:frequent" for c in near)
            else "rare"
            if near
            else ""
        )
        labeled = "approved" in cues
        strong = "strong" in cues
        many = sum(1 for m in ents if m.label == Label.ADVERSE_EFFECT) > 1
        if freq == "most_common" and many:  # "X, Y and Z are its most common side effects"
            freq = "frequent"
        for m in ents:
            if m.label == Label.CONDITION and "contraindicated" in cues:
                yield self._make(
                    ann,
                    drug,
                    "contraindication",
                    m.concept,
                    m,
                    "condition+contraindicated",
                    qualifier="avoid",
                )
            elif m.label == Label.CONDITION and treat and nearest_is(m, treat, effect):
                negations = [
                    x
                    for x in ann.modifiers
                    if x.category == "NEGATED" and x.start <= m.start < x.end
                ]
                if any(
                    x.trigger.lower() == "without"
                    or POPULATION.search(ann.claim.text[x.start - base : m.start - base])
                    for x in negations
                ):
                    continue  # "people who do not have diabetes": who, not what it treats
                denied = bool(negations)
                yield self._make(
                    ann,
                    drug,
                    "indication",
                    m.concept,
                    m,
                    "condition+treats",
                    qualifier="labeled" if labeled else "strong" if strong else "",
                    polarity=not denied,
                )
            elif m.label == Label.ADVERSE_EFFECT and effect and nearest_is(m, effect, treat):
                yield self._make(
                    ann, drug, "adverse_effect", m.concept, m, "effect+cue", qualifier=freq
                )
            elif m.label == Label.CONDITION and "safe" in cues:
                safe = cues["safe"][0]
                negated = modified(ann.modifiers, safe.start, safe.end, "NEGATED")
                yield self._make(
                    ann,
                    drug,
                    "contraindication",
                    m.concept,
                    m,
                    "condition+safe",
                    qualifier="avoid" if negated else "safe",
                )

    def _stopping(self, ann, drug, ents, terms, cues):
        for m in terms:
            if m.concept.startswith("withdrawal:"):
                # only a close negation denies it ("no withdrawal", "without tapering"); a far
                # one ("cannot stop ... without risking withdrawal") belongs to another verb
                close = any(
                    x.category == "NEGATED" and 0 <= m.start - x.start <= 25 for x in ann.modifiers
                )
                yield self._make(
                    ann, drug, "withdrawal", m.concept, m, "withdrawal-term", polarity=not close
                )
        stops = [
            c
            for c in cues.get("stop_abruptly", [])
            if STOP_VERB.search(
                ann.claim.text[
                    max(0, c.start - ann.claim.start - 40) : c.end - ann.claim.start + 40
                ]
            )
        ]
        if stops:
            stop = stops[0]
            safe = cues.get("safe", [])
            stop_negated = modified(ann.modifiers, stop.start, stop.end, "NEGATED")
            if safe and not stop_negated:
                negated = modified(ann.modifiers, safe[0].start, safe[0].end, "NEGATED")
                yield self._make(
                    ann,
                    drug,
                    "withdrawal",
                    "withdrawal:abrupt_stop_safe",
                    stop,
                    "stop+safe",
                    polarity=not negated,
                )
            elif (
                stop_negated
                or "avoid" in cues
                or any(m.label == Label.ADVERSE_EFFECT for m in ents)
            ):
                yield self._make(
                    ann,
                    drug,
                    "withdrawal",
                    "withdrawal:taper_required",
                    stop,
                    "stop+risk",
                    polarity=True,
                )

    def _partners(self, ann, drug, ents, partners, cues):
        others = [m for m in partners if m.concept != drug]
        others += [m for m in ents if m.label == Label.SUBSTANCE]
        others += [
            m
            for m in ents
            if m.label == Label.DRUG_CLASS and is_partner(m, ann.claim.text, ann.claim.start)
        ]
        if not others:
            return
        safe = cues.get("safe", [])
        risky = "avoid" in cues or "contraindicated" in cues
        if safe:
            negated = modified(ann.modifiers, safe[0].start, safe[0].end, "NEGATED")
            if risky and not negated:
                return  # "safe with food, but avoid alcohol": mixed, not read
            qualifier = "avoid" if negated else "safe"
        elif risky:
            qualifier = "contraindicated" if "contraindicated" in cues else "avoid"
        else:
            return
        contra = cues.get("contraindicated", [])
        for m in others:
            after = "+after-cue" if any(c.end <= m.start for c in contra) else ""
            yield self._make(
                ann,
                drug,
                "interaction",
                m.concept,
                m,
                "partner+" + qualifier + after,
                qualifier=qualifier,
                polarity=True,
            )

    def _doses(self, ann, drug, ents, cues):
        text = ann.claim.text
        if not DOSING.search(text) or NOT_DOSING.search(text):
            return  # molar masses, lethal doses, study arms: not dosing claims
        marks = [(c, "max") for c in cues.get("maximum", [])]
        marks += [(c, "start") for c in cues.get("starting", [])]
        for m in ents:
            if m.label == Label.DOSE:
                # the nearest "maximum"/"start" cue before this dose (within ~60 chars) decides
                before = [(m.start - c.end, k) for c, k in marks if c.end <= m.start + 1]
                near = min(before, default=(10**9, ""))
                kind = near[1] if near[0] <= 60 else ""
                attr = "starting_dose" if kind == "start" else "max_daily_dose"
                yield self._make(
                    ann, drug, attr, m.concept, m, "dose", qualifier=kind, polarity=True
                )

    def _status(self, ann, drug, terms, cues):
        for m in terms:
            kind = m.concept.split(":", 1)[0]
            if kind == "elim":
                yield self._make(ann, drug, "metabolism", m.concept, m, "elimination-term")
            elif kind == "ctrl":
                yield self._make(
                    ann,
                    drug,
                    "controlled_status",
                    m.concept,
                    m,
                    "control-term",
                    qualifier="local" if "jurisdiction" in cues else "",
                )
        if "half_life" in cues:
            for m in ann.mentions:
                if m.label == Label.DURATION:
                    yield self._make(
                        ann, drug, "half_life", m.concept, m, "half-life+duration", polarity=True
                    )
        if "boxed" in cues:
            box = cues["boxed"][0]
            none = any(m.concept == "warn:none" for m in terms)
            negated = none or modified(ann.modifiers, box.start, box.end, "NEGATED")
            topics = [
                m.concept
                for m in terms
                if m.concept.startswith("warn:") and m.concept not in ("warn:boxed", "warn:none")
            ]
            topics += [m.concept for m in ann.mentions if m.label == Label.ADVERSE_EFFECT]
            oral = bool(re.search(r"\b(oral|tablets?|capsules?|pills?)\b", ann.claim.text, re.I))
            yield self._make(
                ann,
                drug,
                "boxed_warning",
                "warn:boxed",
                box,
                "boxed-cue",
                polarity=not negated,
                qualifier=("oral " if oral else "") + "|".join(topics),
            )
        if "long_term" in cues and ("safe" in cues or "treats" in cues):
            m = cues["long_term"][0]
            yield self._make(ann, drug, "duration_limit", "long_term", m, "long-term-use")
        elif "short_term" in cues:
            m = cues["short_term"][0]
            yield self._make(
                ann, drug, "duration_limit", "long_term", m, "short-term-only", polarity=False
            )
