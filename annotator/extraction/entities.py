"""Claims -> mentions: drugs, classes, conditions, adverse effects, targets, doses, cues.

Each paragraph is tokenized once (scispaCy tokenizer), matched against the vocabulary built from
reference_notes/, and its abbreviations resolved ("gamma-aminobutyric acid (GABA)": later
"GABA" links to the long form's concept). Pronoun subjects ("It belongs to ...") resolve to
the document's focus drug. Context modifiers (negation, hedging) are read per claim here too,
because they need the same tokens.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace

from annotator.extraction.context import ContextReader, Modifier
from annotator.knowledge.reference import Reference
from annotator.models import Claim, Document, Label, Mention

PRONOUN = re.compile(
    r"\b(it|its|(?:this|the)(?: [\w-]+){0,3} (?:medication|medicine|drug|muscle relaxant))\b",
    re.I,
)
# A dose: amount + unit, optionally "x times a day" / "daily" / "every N hours" after it.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?:\.\d+)?"
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "eighty": 80,
    "hundred": 100,
}
WORDS = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
DOSE = re.compile(
    r"(?<![\w.])(?:(?P<count>\d|" + WORDS + r")\s+(?:x\s+)?(?=\d))?"
    r"(?P<amount>" + NUMBER + "|" + WORDS + r")\s*(?:-|to|–)?\s*"
    r"(?P<amount2>" + NUMBER + r")?\s*"
    r"(?P<unit>mg|milligrams?|mcg|µg|micrograms?|g|grams?)\b(?!\s*/\s*(?:kg|kilogram|mol|m|100|l\b|ml))"
    r"(?!\s+per\s+(?:kg|kilogram|mole|mol|litre|liter))"
    r"(?:\s+(?:of\s+)?(?!(?:once|twice|thrice|daily|every|per|a|an|each)\b)[A-Za-z]+"
    r"(?=\s+(?:once|twice|three|four|two|\d|daily|a day|per day|every)))?"
    r"(?P<freq>(?:\s*(?:per|a|an|/|each|every)?\s*"
    r"(?:(?:once|twice|thrice|one time|two times|three times|four times|1 time|\d times|\d x)\s*"
    r"(?:a|per|each)?\s*(?:day|daily)|daily|a day|per day|/\s*day|each day|every day|"
    r"every \d{1,2}(?:\s*(?:to|-|–)\s*\d{1,2})? hours|(?:in|per|every) 24 hours|in a day|"
    r"(?:TID|BID|QID|t\.i\.d\.|b\.i\.d\.|q\.i\.d\.))))?",
    re.I,
)
DURATION = re.compile(
    r"(?<![\w.])(?P<lo>\d{1,3}(?:\.\d+)?|"
    + WORDS
    + r")(?P<half>\s+and\s+a\s+half)?(?:\s*(?:-|to|–)\s*(?P<hi>\d{1,3}(?:\.\d+)?))?"
    r"[\s-]*(?P<unit>hours?|hrs?|h|days?|minutes?|mins?)\b",
    re.I,
)
# Durations said in words: "about a day", "a few hours" (as a range).
WORDED_DURATIONS = {
    "a day": (24, 24),
    "one day": (24, 24),
    "a full day": (24, 24),
    "a whole day": (24, 24),
    "a few hours": (2, 5),
}
WORDED = re.compile(r"\b(" + "|".join(WORDED_DURATIONS) + r")\b", re.I)
FREQUENCY_BEFORE = re.compile(
    r"\b(once|twice|thrice|times|per|each|every|doses?|mg|g|tablets?)\s*$", re.I
)
HOURS = {
    "h": 1,
    "hr": 1,
    "hrs": 1,
    "hour": 1,
    "hours": 1,
    "day": 24,
    "days": 24,
    "minute": 1 / 60,
    "minutes": 1 / 60,
    "min": 1 / 60,
    "mins": 1 / 60,
}
TIMES = {
    "once": 1,
    "one time": 1,
    "1 time": 1,
    "twice": 2,
    "two times": 2,
    "thrice": 3,
    "three times": 3,
    "four times": 4,
    "tid": 3,
    "t.i.d.": 3,
    "bid": 2,
    "b.i.d.": 2,
    "qid": 4,
    "q.i.d.": 4,
}


@dataclass(frozen=True)
class Annotated:
    """A claim with its mentions and the context modifiers that cover parts of it."""

    claim: Claim
    mentions: tuple[Mention, ...]
    modifiers: tuple[Modifier, ...]


def paragraphs(claims: tuple[Claim, ...]) -> list[tuple[int, int, list[Claim]]]:
    """(start, end, claims) per paragraph, from the claims' own offsets."""
    groups: dict[int, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.paragraph, []).append(claim)
    return [(g[0].start, max(c.end for c in g), g) for _, g in sorted(groups.items())]


def _longest(found: list[Mention]) -> list[Mention]:
    """Longest first; a mention is kept unless it overlaps a kept span (the same span is fine).
    Kept spans are disjoint, so one bisect finds the only one that can overlap: linear-log,
    where comparing against every kept mention was quadratic on a 5 MB sentence."""
    ordered = sorted(found, key=lambda m: (-(m.end - m.start), m.start))
    kept: list[Mention] = []
    spans: list[tuple[int, int]] = []  # distinct kept spans, sorted (by start and by end)
    for m in ordered:
        i = bisect.bisect_left(spans, (m.end,))  # spans starting before m ends: spans[:i]
        if i and spans[i - 1][1] > m.start and spans[i - 1] != (m.start, m.end):
            continue
        if not (i and spans[i - 1] == (m.start, m.end)):
            spans.insert(i, (m.start, m.end))
        kept.append(m)
    return kept


def _resolve_overlaps(found: list[Mention]) -> list[Mention]:
    """Longest match wins among entity mentions, and separately among term cues (warnings,
    elimination, control status); the same span may carry two labels ("depression": a
    condition or an adverse effect, decided later by the cue). Doses and plain cues stay."""

    def is_cue(m):
        return m.label == Label.CUE and (m.concept or "").startswith("cue:")

    entities = [m for m in found if m.label not in (Label.CUE, Label.DOSE, Label.DURATION)]
    term_cues = [m for m in found if m.label == Label.CUE and not is_cue(m)]
    rest = [m for m in found if is_cue(m) or m.label in (Label.DOSE, Label.DURATION)]
    entities = _longest(entities)
    # a term cue inside a longer entity ("withdrawal" in "opiate withdrawal") is part of it
    spans = sorted({(e.start, e.end) for e in entities})  # disjoint: bisect, not a scan

    def inside(t: Mention) -> bool:
        i = bisect.bisect_right(spans, (t.start, float("inf"))) - 1
        return i >= 0 and spans[i][1] >= t.end and spans[i] != (t.start, t.end)

    term_cues = [t for t in _longest(term_cues) if not inside(t)]
    kept = entities + term_cues + rest
    return sorted(set(kept), key=lambda m: (m.start, m.end, m.label, m.concept or ""))


def duration_mentions(text: str, offset: int) -> list[Mention]:
    """'about 26 hours' -> '26 h'; '8-37 h' -> '8-37 h'; days and minutes in hours."""
    out = []
    for m in WORDED.finditer(text):
        if FREQUENCY_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue  # "twice a day", "200 mg a day": a rate, not a span of time
        lo, hi = WORDED_DURATIONS[m.group(0).lower()]
        value = f"{lo:g} h" if lo == hi else f"{lo:g}-{hi:g} h"
        out.append(
            Mention(
                offset + m.start(), offset + m.end(), m.group(0), Label.DURATION, value, "pattern"
            )
        )
    for m in DURATION.finditer(text):
        factor = HOURS[m.group("unit").lower()]
        lo = (number(m.group("lo")) + (0.5 if m.group("half") else 0)) * factor
        hi = number(m.group("hi")) * factor if m.group("hi") else lo
        value = f"{lo:g} h" if lo == hi else f"{lo:g}-{hi:g} h"
        out.append(
            Mention(
                offset + m.start(), offset + m.end(), m.group(0), Label.DURATION, value, "pattern"
            )
        )
    return out


def dose_mentions(text: str, offset: int) -> list[Mention]:
    out = []
    for m in DOSE.finditer(text):
        out.append(
            Mention(
                offset + m.start(),
                offset + m.end(),
                m.group(0),
                Label.DOSE,
                normalise_dose(m),
                "pattern",
            )
        )
    return out


def number(text: str) -> float:
    """A number written in digits ("1,500") or words ("two")."""
    text = text.lower()
    return float(WORD_NUMBERS[text]) if text in WORD_NUMBERS else float(text.replace(",", ""))


def mg_per_unit(unit: str) -> float:
    """Milligrams in one of a dose's units: mcg / µg 0.001, g 1000, mg 1."""
    unit = unit.lower()
    if unit.startswith(("mc", "µ", "micro")):
        return 0.001
    return 1000 if unit in ("g", "gram", "grams") else 1


def normalise_dose(m: re.Match) -> str:
    """'20 mg four times daily' -> '80 mg/day'; '10 mg' -> '10 mg/dose'; mcg and g -> mg."""
    amount = number(m.group("amount"))
    if m.group("amount2"):
        amount = max(amount, number(m.group("amount2")))
    if m.group("count"):  # "two 350 mg tablets"
        amount *= number(m.group("count"))
    amount *= mg_per_unit(m.group("unit"))
    freq = (m.group("freq") or "").strip().lower()
    if not freq:
        return f"{amount:g} mg/dose"
    every = re.search(r"every (\d{1,2})(?:\s*(?:to|-|–)\s*\d{1,2})? hours", freq)
    times = 24 // int(every.group(1)) if every and int(every.group(1)) else 1
    for word, n in TIMES.items():
        if re.search(rf"(?<![\w.]){re.escape(word)}(?![\w])", freq):
            times = n
            break
    if re.search(r"(\d) (?:times|x)", freq):
        times = int(re.search(r"(\d) (?:times|x)", freq).group(1))
    return f"{amount * times:g} mg/day"


def focus_drug(mentions, reference: Reference) -> str:
    """The drug the article is about: the most mentioned drug, whether or not the table has
    notes on it (an article about naproxen that names ibuprofen twice is about naproxen: its
    "it" claims are unverified for naproxen, never judged against ibuprofen's facts); on a tie,
    the one with notes."""
    counts = Counter(m.concept for m in mentions if m.label == Label.DRUG and m.concept)
    noted = reference.drugs_with_notes
    pool = [(n, d in noted, d) for d, n in counts.items()]
    return max(pool)[2] if pool else ""


def annotate(
    document: Document,
    claims: tuple[Claim, ...],
    reference: Reference,
    nlp,
    matcher,
    context: ContextReader,
    focus: str | None = None,
    linker=None,
):
    """Mentions and modifiers for every claim, and the focus drug. `linker(token)` may map an
    unknown word to a drug (misspellings) as (drug_id, score) or None."""
    text = document.text
    paras = paragraphs(claims)
    per_claim: dict[str, list[Mention]] = {c.id: [] for c in claims}
    spans: dict[str, object] = {}
    docs = nlp.pipe(text[s:e] for s, e, _ in paras)
    for (pstart, _pend, pclaims), doc in zip(paras, docs, strict=True):
        found = [
            Mention(
                pstart + s,
                pstart + e,
                text[pstart + s : pstart + e],
                Label(label),
                c,
                "exact" if text[pstart + s : pstart + e].lower() == c else "alias",
            )
            for s, e, label, c in matcher(doc)
        ]
        found += _abbreviations(doc, found, pstart)
        if linker is not None:
            found += _fuzzy(doc, found, pstart, linker)
        found += dose_mentions(doc.text, pstart)
        found += duration_mentions(doc.text, pstart)
        found = _resolve_overlaps(found)  # sorted by start: bisect per claim, not a scan
        starts = [m.start for m in found]  # (a scan per claim was quadratic in a long paragraph)
        for claim in pclaims:
            i = bisect.bisect_left(starts, claim.start)
            j = bisect.bisect_right(starts, claim.end, lo=i)
            per_claim[claim.id] = [m for m in found[i:j] if m.end <= claim.end]
            spans[claim.id] = (
                pstart,
                doc.char_span(claim.start - pstart, claim.end - pstart, alignment_mode="expand"),
            )
    all_mentions = [m for ms in per_claim.values() for m in ms]
    focus = focus or focus_drug(all_mentions, reference)
    out = []
    for claim in claims:
        mentions = per_claim[claim.id]
        pronoun = PRONOUN.search(claim.text) if focus else None
        # a pronoun stands for the focus drug when the claim names no drug, or opens with it
        # ("It selectively blocks COX-2, so unlike aspirin ...")
        if pronoun and (pronoun.start() == 0 or not any(m.label == Label.DRUG for m in mentions)):
            s = claim.start + pronoun.start()
            mentions = sorted(
                mentions
                + [
                    Mention(
                        s, s + len(pronoun.group(0)), pronoun.group(0), Label.DRUG, focus, "pronoun"
                    )
                ],
                key=lambda m: (m.start, m.end),
            )
        pstart, span = spans.get(claim.id, (0, None))
        modifiers = (
            tuple(replace(m, start=m.start + pstart, end=m.end + pstart) for m in context(span))
            if span is not None
            else ()
        )
        out.append(Annotated(claim, tuple(mentions), modifiers))
    return tuple(out), focus


def _abbreviations(doc, found: list[Mention], offset: int) -> list[Mention]:
    """Short forms defined in the text take the concept of their long form."""
    by_span = {(m.start, m.end): m for m in found if m.label != Label.CUE}
    out = []
    for short in getattr(doc._, "abbreviations", []):
        long = short._.long_form
        target = by_span.get((offset + long.start_char, offset + long.end_char))
        if target is None:
            continue
        for tok_span in _occurrences(doc, short.text):
            s, e = offset + tok_span[0], offset + tok_span[1]
            if (s, e) not in by_span:
                out.append(Mention(s, e, short.text, target.label, target.concept, "abbreviation"))
    return out


def _occurrences(doc, word: str):
    for tok in doc:
        if tok.text == word:
            yield tok.idx, tok.idx + len(tok.text)


def _fuzzy(doc, found: list[Mention], offset: int, linker) -> list[Mention]:
    covered = {(m.start, m.end) for m in found}
    out = []
    for tok in doc:
        s = offset + tok.idx
        if len(tok.text) < 5 or not tok.is_alpha or (s, s + len(tok.text)) in covered:
            continue
        link = linker(tok.text)
        if link:
            drug, score = link
            out.append(Mention(s, s + len(tok.text), tok.text, Label.DRUG, drug, "fuzzy", score))
    return out
