"""Shallow syntax for claims: which drug is the subject, what a class or cue attaches to.

No parser can be installed offline, so these are rules over the words between mentions:
"like dantrolene, baclofen ..." makes dantrolene a comparison, "mixed with benzodiazepines"
names a class without saying the drug is one, "X is a ..." / "X, a ..., " attach it. The word
lists here are grammar (function words and linking verbs), not medical knowledge, which lives
in reference_notes/ and annotator/knowledge/data/.
"""

from __future__ import annotations

import re

from annotator.extraction.entities import Annotated
from annotator.models import Label, Mention

# Words right before a drug or class that make it a comparison or a partner, not the subject.
PARTNER = re.compile(
    r"\b(like|unlike|than|versus|vs\.?|compared (?:to|with)|similar to|such as|with|alongside|"
    r"plus|combined with|combining|other|and other|or other|including|as well as|from|"
    r"related to|derivative of|analogue of|analog of|metabolite of|converted to|instead of|"
    r"inferior to|superior to|comparable to|equivalent to|relative to|"
    r"(?:the )?same (?:family|class|group|type|kind|category|drug class|drug family) as)\s*,?\s*"
    r"(?:the |a |an |other |drugs? like |medications? like |such as )*$",
    re.I,
)
ADJECTIVAL = re.compile(
    r"^(-like|-type|\s+(activity|activities|effects?|properties|property|actions?|side effects|"
    r"overdose|toxicity|withdrawal|receptors?|use|users|abuse|compound|compounds|structure|"
    r"ring|antidote|binding|site|type|high|class of drugs))\b",
    re.I,
)
# How a class is attached to its subject: "X is a ...", "X, a ...,", "It belongs to ...",
# "X is classified as ...". Anything else ("mixed with depressants like benzodiazepines",
# "compared to opioids") names a class without saying the drug belongs to it.
LINK_WORDS = frozenset(
    """is are was were remains has been have acts works functions serves as belongs
belong to classified considered known described categorized called one of not also primarily
mainly chiefly typically commonly usually generally technically actually really itself a an the
type kind class member group family category form forms sort variety in drug drugs medication
medications medicine agent agents oral potent selective prescription so-called new newer older
first second generation first-generation second-generation classic typical atypical and or both
either which that it this""".split()
)
LINK_VERBS = frozenset(
    """is are was were remains acts works functions serves belongs belong
classified considered known described categorized called""".split()
)
# Words that, between a subject and a class, show the class is not said of the subject.
BLOCK_WORDS = frozenset(
    """relative relatives related cousin resembling derived analog analogue
has have had produces produce acts act works mixed combined taken taking
take used use compared similar like unlike than with versus vs by for on at from such including
into potentiate potentiates potentiated resembles resemble same replaced abusers abuse mask
masks more less other""".split()
)


def class_linked(between: str) -> bool:
    """Does the text between a subject and a class attach the class to it? ("is a",
    ", a", "belongs to the", "is classified as a", with up to three free words such as
    "central nervous system")."""
    tokens = re.findall(r"[\w-]+|[(),—]", between.lower())
    words = [w for w in tokens if w not in "(),—"]
    if len(words) > 12 or any(w in BLOCK_WORDS for w in words):
        return False
    apposition = (
        bool(tokens) and tokens[0] in ",(—" and len(words) > 0 and words[0] in ("a", "an", "the")
    )
    if not (apposition or any(w in LINK_VERBS for w in words)):
        return False  # "X and opioids", "X can boost the opioid high": no link
    return sum(1 for w in words if w not in LINK_WORDS) <= 3


CLASS_BEFORE = re.compile(r"\b(such as|including|like|e\.g\.|for example)\s*$", re.I)
COORDINATION = re.compile(r"^\s*(and|or|, and|, or|/)\s*$", re.I)


def cues_of(ann: Annotated) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = {}
    for m in ann.mentions:
        if m.label == Label.CUE and m.concept and m.concept.startswith("cue:"):
            out.setdefault(m.concept[4:], []).append(m)
    return out


def is_partner(m: Mention, text: str, offset: int) -> bool:
    before = text[max(0, m.start - offset - 40) : m.start - offset]
    return bool(PARTNER.search(before))


def split_drugs(ann: Annotated) -> tuple[list[Mention], list[Mention]]:
    """(subjects, partners) among the claim's drug mentions."""
    text, offset = ann.claim.text, ann.claim.start
    subjects, partners, prev, prev_partner = [], [], None, False
    for m in (m for m in ann.mentions if m.label == Label.DRUG):
        partner = is_partner(m, text, offset)
        if not partner and prev is not None and prev_partner:
            partner = bool(COORDINATION.match(text[prev.end - offset : m.start - offset]))
        (partners if partner else subjects).append(m)
        prev, prev_partner = m, partner
    return subjects, partners


def gap(a: Mention, b: Mention) -> int:
    return b.start - a.end if a.end <= b.start else a.start - b.end


def nearest_is(m: Mention, mine: list[Mention], theirs: list[Mention]) -> bool:
    """Is the nearest cue before the mention (else after it) one of `mine`?"""

    def dist(c):
        return m.start - c.end if c.end <= m.start else 10_000 + c.start - m.end

    best_mine = min(dist(c) for c in mine)
    best_theirs = min((dist(c) for c in theirs), default=10**9)
    return best_mine <= best_theirs


COMPARING = re.compile(
    r"\b(like|unlike|than|versus|vs\.?|compared (?:to|with)|similar to)\s*,?\s*$", re.I
)


def partner_clause(m: Mention, partners: list[Mention], subjects: list[Mention], claim) -> bool:
    """Is `m` inside the clause of a drug the claim compares with? Such a clause runs from the
    compared drug to the subject that follows it, or, when the subject came first, to the next
    comma ("baclofen, unlike dantrolene which acts on muscle, ...")."""
    text, base = claim.text, claim.start
    for p in partners:
        if p.start >= m.start or not COMPARING.search(
            text[max(0, p.start - base - 40) : p.start - base]
        ):
            continue
        after = [s.start for s in subjects if s.start > p.end]
        if after:
            end = min(after)
        else:
            comma = text.find(",", p.end - base)
            end = base + comma if comma >= 0 else claim.end
        if p.end <= m.start < end:
            return True
    return False


# Words that may stand between an action and its target ("inhibits the reuptake of serotonin",
# "increases the activity of GABA", "agonist at GABA-B receptors"); any other word means the
# action is on something else ("enhancing the lipophilicity of GABA").
ACTION_LINK_WORDS = frozenset(
    """the a an of at on in to from by with your its their his her our this that these those
both all some certain more less natural main chemical nerve nerves cell cells neuronal brain
brain's body's presynaptic postsynaptic central spinal activity activities effect effects action
actions function signalling signaling levels level amount amounts release production output
concentration concentrations synthesis transmission receptor receptors system systems""".split()
)


def action_linked(between: str) -> bool:
    """Does the text between an action and a target let the action act on it?"""
    words = re.findall(r"[\w'’-]+", between.lower())
    # a subtype name ("5-HT2", "D2", "α1") is part of the target, not another object
    return all(w in ACTION_LINK_WORDS or any(c.isdigit() for c in w) for w in words)


# "in the same family as Valium": the claim gives the subject the partner's class
SAME_CLASS_AS = re.compile(
    r"\bsame (?:family|class|group|type|kind|category|drug class|drug family) as\s*"
    r"(?:the |a |an |drugs? like |medications? like )?$",
    re.I,
)
