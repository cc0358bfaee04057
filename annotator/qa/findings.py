"""Content-QA findings: defects of a whole article that are not per-claim verdicts.

Text-level detectors live in their own modules (spin artifacts and drift: spin.py; misspelled
drug names: spelling.py; doubled and garbled words: garble.py). The document-level ones are
here because they read the checked claims: two claims that contradict each other, safety facts
the article never states, and certainty that does not match the reference's evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from annotator.knowledge.datafiles import DATA_DIR, read_json
from annotator.knowledge.reference import Reference
from annotator.models import Assertion, Certainty, Check, Document, Finding, Verdict
from annotator.qa.calls_to_action import find_calls_to_action
from annotator.qa.garble import find_garble
from annotator.qa.insertions import find_insertions
from annotator.qa.spelling import find_misspellings
from annotator.qa.spin import find_spin
from annotator.qa.stuffing import find_stuffing
from annotator.qa.tortured import find_tortured
from annotator.qa.translation import find_translation_garble

# Attributes where two different values of one exclusive group cannot both be true.
SINGLE_VALUED = ("drug_class", "site_of_action", "mechanism", "controlled_status", "metabolism")
WEAK = {"limited", "inconclusive"}


def synonyms(reference: Reference) -> dict[str, str]:
    """Surface phrase -> term id, for spin drift ("dizziness/lightheadedness/vertigo")."""
    out: dict[str, str] = {}
    for term in reference.terms.values():
        if term.kind in ("ae", "cond", "class", "site"):
            for name in term.names:
                out.setdefault(name.lower(), term.term_id)
    return out


def find_all(
    document: Document, checks: Iterable[Check], reference: Reference, focus: str
) -> list[Finding]:
    checks = tuple(checks)
    text = document.text
    found = list(find_spin(text, synonyms(reference)))
    found += find_misspellings(text, reference.spelled_names, misspellings=reference.misspellings)
    found += find_garble(text)
    names = reference.spelled_names
    garble, tortured = find_translation_garble(text, find_tortured(text), known=names)
    found += garble + tortured
    found += find_stuffing(text, names)
    found += find_calls_to_action(text)
    found += find_insertions(text, names)
    found += contradictions(checks, reference)
    found += omissions(checks, reference, focus, len(text), text)
    found += certainty(checks, reference)
    return sorted(set(found), key=lambda f: (f.start, f.end, f.kind, f.text))


def _plain(a: Assertion) -> bool:
    return a.polarity and a.certainty == Certainty.ASSERTED


def contradictions(checks: tuple[Check, ...], reference: Reference) -> list[Finding]:
    """One finding per pair of incompatible values asserted for one drug and attribute (the
    article says the drug acts centrally and, later, peripherally): it sits on the first claim
    of the later value and links the first claim of the earlier one."""
    first: dict[tuple[str, str], dict[tuple[str, str], tuple[Check, Assertion]]] = {}
    for check in checks:
        if not check.claim.checkable:
            continue
        for a in check.assertions:
            if a.attribute in SINGLE_VALUED and _plain(a):
                values = first.setdefault((a.drug, a.attribute), {})
                values.setdefault((a.value, a.qualifier), (check, a))
    out = []
    for (drug, attribute), values in first.items():
        items = sorted(values.values(), key=lambda ca: ca[0].claim.start)
        for i, (later_check, b) in enumerate(items):
            for earlier_check, a in items[:i]:
                if earlier_check.claim.id == later_check.claim.id or not _clash(a, b, reference):
                    continue
                one, two = earlier_check.claim, later_check.claim
                out.append(
                    Finding(
                        two.start,
                        two.end,
                        "internal_contradiction",
                        two.text,
                        f"claim {two.id} says {reference.display(drug)} "
                        f"{attribute.replace('_', ' ')} is '{_shown(b, reference)}'; "
                        f"claim {one.id} says '{_shown(a, reference)}'",
                        suggestion="make the two statements agree with the reference",
                        fact_ids=tuple(
                            dict.fromkeys(earlier_check.fact_ids + later_check.fact_ids)
                        ),
                        related=((one.start, one.end),),
                    )
                )
                break
    return out


def _shown(a: Assertion, reference: Reference) -> str:
    value = reference.display(a.value)
    return f"{value} ({reference.display(a.qualifier)})" if a.qualifier else value


def _clash(a: Assertion, b: Assertion, reference: Reference) -> bool:
    if a.attribute == "mechanism":
        return (
            reference.related(a.value, b.value)
            and bool(a.qualifier and b.qualifier)
            and reference.excludes(a.qualifier, b.qualifier)
        )
    return reference.excludes(a.value, b.value)


_FIRST_PERSON = re.compile(r"\b(?:I|my|me|I'm|I've)\b")
# What an encyclopedia entry (no patient guidance) must still carry, and the section headings
# that mark one (Wikipedia's and PsychonautWiki's drug-article sections).
ANY_ARTICLE = ("boxed_warning", "withdrawal")
REFERENCE_SECTIONS = re.compile(
    r"^(?:history|society and culture|chemistry|etymology|legal status|research"
    r"|pharmacokinetics|pharmacodynamics|subjective effects)$",
    re.I,
)


def _article_needs(checks: tuple[Check, ...]) -> tuple[str, ...] | None:
    """Which must-mention attributes this kind of article must carry: none for first-person
    experience (forum threads, patient reviews), boxed warnings and withdrawal for reference
    text that does not address the reader, everything for guidance that says 'you'."""
    texts = [c.claim.text for c in checks if c.claim.kind != "heading"]
    if not texts:
        return None
    first = sum(bool(_FIRST_PERSON.search(t)) for t in texts) / len(texts)
    if first >= 0.2:
        return None
    headings = [c.claim.text.strip(" #*:") for c in checks if c.claim.kind == "heading"]
    return ANY_ARTICLE if any(REFERENCE_SECTIONS.match(h) for h in headings) else ()


def _names_of(value: str, reference: Reference) -> set[str]:
    """Surface names of a fact value: a term's names (and its children's), or a drug's."""
    names = {n for n, d in reference.spelled_names.items() if d == value}
    for term in reference.terms.values():
        if term.term_id == value or value in term.parents:
            names.update(term.names)
    return {n.lower() for n in names if len(n) >= 4}


# Word stems too general to stand for a fact on their own ("breathing problems" is stated by
# "breathing", not by "problems").
_GENERIC = frozenset(("probl", "disea", "disor", "sympt", "effec", "reduc", "incre", "sever"))
_CAUTION = re.compile(
    r"\b(?:avoid|caution|careful|do not|don't|must not|should not|never|not (?:take|use|drink)"
    r"|contraindicat\w*|warning|risk|danger\w*|increase\w*|adds?|worsen\w*|combin\w*"
    r"|interact\w*|together|if you (?:have|take|are)|tell your doctor|serious|can cause|stop)\b"
)


def _stated_in_text(fact, reference: Reference, low: str) -> bool:
    """The article names the fact's value with a caution (a list item under 'Do not take it:',
    a paraphrase the assertion readers missed): then it is not omitted. A name matches by the
    first five letters of any of its specific words ('decrease in breathing' states 'breathing
    problems'); the caution must be in the same sentence or in the lead-in line
    (ending in ':') of its list, so 'alcohol dependence' as a use states no alcohol warning."""
    for name in _names_of(fact.value, reference):
        words = re.findall(r"[a-z0-9]+", name)
        stems = [w[:5] for w in words if len(w) >= 5 and w[:5] not in _GENERIC] or [name]
        for m in re.finditer(r"(?<![\w])(?:" + "|".join(map(re.escape, stems)) + ")", low):
            lo = max(low.rfind(c, 0, m.start()) for c in ".!?\n") + 1
            hi = min((i for i in (low.find(c, m.end()) for c in ".!?\n") if i != -1), default=len(low))
            if _CAUTION.search(low, lo, hi):
                return True
            lead = low.rfind(":\n", max(0, m.start() - 400), m.start())
            if lead != -1 and _CAUTION.search(low, low.rfind("\n", 0, lead) + 1, lead):
                return True
    return False


def omissions(
    checks: tuple[Check, ...], reference: Reference, focus: str, length: int, text: str = ""
) -> list[Finding]:
    """Must-mention facts of the focus drug (boxed warnings, withdrawal, alcohol, key
    contraindications) that no claim, list item or wording of the article states, limited to
    what this kind of article must carry (see _article_needs)."""
    needs = _article_needs(checks)
    if not focus or needs is None:
        return []
    low = text.lower()
    stated = set()
    for check in checks:
        if check.verdict == Verdict.CONSISTENT:
            stated.update(check.fact_ids)
        for a in check.assertions:
            if a.drug != focus:
                continue
            for f in reference.facts_for(focus, a.attribute):
                if f.value in reference.ancestors(a.value) or a.value in reference.ancestors(
                    f.value
                ):
                    stated.add(f.fact_id)
    out = []
    for fact in reference.facts:
        if not (fact.drug == focus and fact.must_mention and fact.fact_id not in stated):
            continue
        if needs and fact.attribute not in needs:
            continue
        if not _stated_in_text(fact, reference, low):
            out.append(
                Finding(
                    0,
                    0,
                    "omitted_safety_information",
                    "",
                    f"the article never states: {fact.statement} ({reference.cite(fact)})",
                    suggestion=f"add: {fact.statement}",
                    fact_ids=(fact.fact_id,),
                )
            )
    return out


@lru_cache(maxsize=1)
def _hedge_cues() -> re.Pattern[str]:
    """The HEDGED cues of the context rules (data/context.json), as one pattern."""
    rules = read_json(DATA_DIR / "context.json", ValueError)["rules"]
    cues = sorted({r["literal"] for r in rules if r.get("category") == "HEDGED"}, key=len)
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in reversed(cues)) + r")\b", re.I)


_CLAUSE = re.compile(r"[;:,]|\b(?:and|but|while|whereas|although)\b|\(|\)")


def _hedge_in_clause(a: Assertion, claim) -> bool:
    """The hedge must sit in the assertion's own clause: 'approved for X, and may help Y'
    hedges Y, not X."""
    if not (claim.start <= a.start < a.end <= claim.end):
        return True  # no offsets to judge by: trust the assertion's certainty
    s, e = a.start - claim.start, a.end - claim.start
    cuts = [m for m in _CLAUSE.finditer(claim.text)]
    lo = max((m.end() for m in cuts if m.end() <= s), default=0)
    hi = min((m.start() for m in cuts if m.start() >= e), default=len(claim.text))
    return bool(_hedge_cues().search(claim.text[lo:hi]))


def certainty(checks: tuple[Check, ...], reference: Reference) -> list[Finding]:
    """A use stated more strongly than its evidence, or a labeled use stated as tentative."""
    out = []
    for check in checks:
        for a in check.assertions:
            if a.attribute != "indication" or not a.polarity:
                continue
            facts_of = {
                attr: [
                    f
                    for f in reference.facts_for(a.drug, attr)
                    if f.value in reference.ancestors(a.value)
                ]
                for attr in ("indication", "off_label")
            }
            labeled, off = facts_of["indication"], facts_of["off_label"]
            claim = check.claim
            hedged = a.certainty != Certainty.ASSERTED and _hedge_in_clause(a, claim)
            strong = a.qualifier in ("strong", "labeled")
            weakest = all(
                f.qualifier == "inconclusive" or (strong and f.qualifier in WEAK) for f in off
            )
            if off and not labeled and not hedged and weakest:
                out.append(
                    Finding(
                        a.start,
                        a.end,
                        "certainty_mismatch",
                        a.evidence,
                        f"stated as established; the reference rates {reference.display(a.value)} "
                        f"an off-label use with {off[0].qualifier} evidence (claim {claim.id})",
                        suggestion="hedge it: 'may help', 'is being studied for'",
                        fact_ids=tuple(f.fact_id for f in off),
                    )
                )
            elif labeled and hedged and labeled[0].qualifier == "labeled":
                out.append(
                    Finding(
                        a.start,
                        a.end,
                        "certainty_mismatch",
                        a.evidence,
                        f"stated as tentative; {reference.display(a.value)} is a labeled "
                        "indication "
                        f"(claim {claim.id})",
                        suggestion="state it plainly as an approved use",
                        fact_ids=tuple(f.fact_id for f in labeled),
                    )
                )
    return out
