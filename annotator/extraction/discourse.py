"""Discourse: the sentence a claim depends on for its meaning.

Real pages put meaning outside the sentence. A list item takes its attribute from its lead-in
("Do not take baclofen if you:" ... "- have kidney disease" is a contraindication claim) or,
without one, from its heading ("## Common side effects" ... "- Drowsiness"); an answer is read
with its question ("Is it safe to stop suddenly?" "No, taper slowly." denies that stopping is
safe). This module finds that frame for each claim and builds the claim as read in it: the
frame's words and the claim's, in one span of the document with everything between them blanked
out, so every offset still points into the document and the assertion readers run unchanged.
Only what the claim itself contributes is kept (an assertion whose value lies in the claim),
except for a yes/no answer, which affirms or denies what its question asked.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from annotator.extraction.entities import Annotated
from annotator.models import Assertion, Claim, Label, Mention

# A line under a lead-in that is short enough to be one of its items even without a list
# marker (plain-text pages write "Uses:" then one condition per line).
ITEM_MAX_WORDS = 12
ANSWER_NO = re.compile(r"^\W*(no|nope|never|not really|absolutely not|definitely not)\b", re.I)
ANSWER_YES = re.compile(r"^\W*(yes|yep|yeah|absolutely|definitely|sure|of course)\b", re.I)
# "Can I stop ...?", "Is it OK to drink ...?": a question asking whether something is allowed;
# its yes/no answer says whether it is safe.
PERMISSION = re.compile(
    r"^\W*(?:can|may|could|should)\s+(?:i|you|we|one|people|patients|someone|kids|children)\b"
    r"|^\W*is\s+it\s+(?:ok|okay|safe|fine|alright|all right)\b",
    re.I,
)
# "No." to "Can I take it with alcohol?" says: avoid it; to "Must I avoid it?" says: safe.
TURNED = {"safe": "avoid", "avoid": "safe", "contraindicated": "safe"}
# Cell separator of table rows (extraction.documents renders HTML rows the same way)
CELL = " | "
# A lead-in that ends "... for:" introduces what the drug is for.
PURPOSE = re.compile(r"\b(for)\s*:\s*$", re.I)
USE_CUES = ("cue:treats", "cue:approved", "cue:side_effect", "cue:safe", "cue:avoid")
# A negation, hedge or hypothetical in a lead-in that reaches its end ("not approved for:",
# "may help with:") goes on over the items; 3 characters allow for the colon and a space.
SCOPE_SLACK = 3


@dataclass(frozen=True)
class Frame:
    index: int  # the claim index of the frame (lead-in, heading or question)
    kind: str  # lead_in | heading | question


def _is_question(claim: Claim) -> bool:
    return claim.kind == "question" or (
        claim.kind == "heading" and claim.text.rstrip().endswith("?")
    )


def _short(claim: Claim) -> bool:
    return len(claim.text.split()) <= ITEM_MAX_WORDS and not claim.text.rstrip().endswith(".")


def frames(claims: tuple[Claim, ...]) -> tuple[tuple[Claim, ...], dict[int, Frame]]:
    """The claims (an unmarked short line under a lead-in becomes a checkable list item) and
    the frame of each claim that has one."""
    out = list(claims)
    found: dict[int, Frame] = {}
    lead: int | None = None  # the lead-in whose items we are in
    heading: int | None = None  # the heading whose section we are in
    for i, claim in enumerate(out):
        if claim.kind == "lead_in":
            lead = i
            continue
        if claim.kind == "heading" and not _is_question(claim):
            if lead is not None and _short(claim) and claim.paragraph != out[lead].paragraph:
                # "Uses:" then "Cerebral Palsy" on its own line: an item, not a heading
                out[i] = claim = replace(claim, kind="list_item", checkable=True)
            else:
                heading, lead = i, None
                continue
        previous = out[i - 1] if i else None
        if previous is not None and _is_question(previous) and claim.checkable:
            found[i] = Frame(i - 1, "question")
            lead = None
            continue
        if lead is not None:
            if claim.kind == "list_item" or (claim.checkable and _short(claim)):
                found[i] = Frame(lead, "lead_in")
                continue
            lead = None
        if heading is not None and claim.kind == "list_item":
            found[i] = Frame(heading, "heading")
    return tuple(out), found


def as_asked(question: Annotated) -> Annotated:
    """The question as a proposition its answer can affirm or deny: "Can I stop it suddenly?"
    asks whether stopping suddenly is safe (a synthetic "safe" cue over "Can I")."""
    asks = PERMISSION.search(question.claim.text)
    if not asks or any(m.concept == "cue:safe" for m in question.mentions):
        return question
    s = question.claim.start + asks.start()
    cue = Mention(s, s + len(asks.group(0)), asks.group(0), Label.CUE, "cue:safe")
    mentions = tuple(sorted((*question.mentions, cue), key=lambda m: (m.start, m.end)))
    return replace(question, mentions=mentions)


def _with_purpose(lead: Annotated) -> Annotated:
    """ "Doctors use baclofen for:" states what its items are for: a synthetic "treats" cue over
    the final "for" when the lead-in has no use cue of its own."""
    purpose = PURPOSE.search(lead.claim.text)
    if not purpose or any(m.concept in USE_CUES for m in lead.mentions):
        return lead
    s = lead.claim.start + purpose.start(1)
    cue = Mention(s, s + 3, "for", Label.CUE, "cue:treats")
    return replace(lead, mentions=tuple(sorted((*lead.mentions, cue), key=lambda m: m.start)))


def _cells(claim: Claim) -> list[tuple[int, int]]:
    """Document spans of a table row's cells."""
    spans, start = [], 0
    for part in claim.text.split(CELL):
        spans.append((claim.start + start, claim.start + start + len(part)))
        start += len(part) + len(CELL)
    return spans


def _column_cues(header: Annotated, row: Annotated) -> tuple[Mention, ...]:
    """A header cell's cues ("Starting dose", "Maximum daily dose") copied, zero-width, to the
    start of the same column's cell in the row, so each value is read with its own column."""
    heads, cells = _cells(header.claim), _cells(row.claim)
    out = []
    for column, (hs, he) in enumerate(heads[: len(cells)]):
        at = cells[column][0]
        out += [
            replace(m, start=at, end=at)
            for m in header.mentions
            if m.label == Label.CUE and hs <= m.start and m.end <= he
        ]
    return tuple(out)


def in_context(item: Annotated, frame: Annotated, frame_kind: str, text: str) -> Annotated:
    """The item as read in its frame: one span from the frame's start to the item's end, the
    text between them blanked (same length: offsets stay document offsets)."""
    start, end = frame.claim.start, item.claim.end
    gap = " " * (item.claim.start - frame.claim.end)
    head = frame.claim.text
    if head.rstrip().endswith(":"):  # "combine it with:" must still read as "with <item>"
        head = head.rstrip()[:-1] + " " * (len(head) - len(head.rstrip()) + 1)
    body = head + gap + item.claim.text
    assert len(body) == end - start
    if frame_kind == "question":
        frame = as_asked(frame)
    elif frame_kind == "lead_in":
        frame = _with_purpose(frame)
    mentions = frame.mentions + item.mentions
    if frame_kind == "lead_in" and CELL in frame.claim.text and CELL in item.claim.text:
        mentions += _column_cues(frame, item)
    modifiers = item.modifiers + tuple(
        replace(x, end=end) if frame_kind == "lead_in" and x.end >= frame.claim.end - SCOPE_SLACK
        else x
        for x in frame.modifiers
    )  # fmt: skip
    claim = replace(item.claim, start=start, end=end, text=body)
    return Annotated(claim, tuple(sorted(mentions, key=lambda m: (m.start, m.end))), modifiers)


def own_assertions(
    framed: tuple[Assertion, ...],
    item: Claim,
    frame_kind: str,
    asked: tuple[Assertion, ...] = (),
) -> tuple[Assertion, ...]:
    """What the item says in its frame: the assertions read in the frame whose value lies in
    the item; for a yes/no answer also what its question asked (`asked`, read from the question
    alone), affirmed (yes) or denied (no)."""
    out = []
    for a in framed:
        if a.start >= item.start:
            if frame_kind != "question" and a.qualifier == "most_common":
                # "The most common side effects are:" lists several, each merely frequent
                a = replace(a, qualifier="frequent")
            out.append(a)
    if frame_kind != "question":
        return tuple(out)
    if ANSWER_NO.search(item.text):  # the answer denies what was asked: a stance turns round
        for a in asked:
            if a.qualifier in TURNED:
                a = replace(a, qualifier=TURNED[a.qualifier])
            else:
                a = replace(a, polarity=not a.polarity)
            out.append(replace(a, rule=f"{a.rule}+answer:no"))
    elif ANSWER_YES.search(item.text):  # after NO: "Absolutely not." is a no
        out += [replace(a, rule=f"{a.rule}+answer:yes") for a in asked]
    return tuple(out)


# Clause boundaries inside one sentence: punctuation, dashes, and the conjunctions that start a
# new clause in forum prose ("..., it is perfectly safe to stop", "... since it is not an opioid").
CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–—]\s|\b(?:but|so|since|because|which|and then)\b", re.I)


def impersonal(item: Claim, assertions: tuple[Assertion, ...], personal) -> tuple[Assertion, ...]:
    """In a first-person sentence, the general claims it also makes: "I quit cold turkey and
    had no problems, it is perfectly safe to stop whenever you want" asserts that stopping is
    safe. Keeps the assertions whose value lies in a clause without first-person words
    (`personal(text)` says whether a clause is first-person)."""
    cuts = [0, *(m.start() for m in CLAUSE_BREAK.finditer(item.text)), len(item.text)]
    general = [
        (item.start + a, item.start + b)
        for a, b in itertools.pairwise(cuts)
        if item.text[a:b].strip(" ,;:") and not personal(item.text[a:b])
    ]
    return tuple(a for a in assertions if any(s <= a.start < e for s, e in general))
