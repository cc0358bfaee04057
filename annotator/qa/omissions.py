"""Omitted safety information: must-mention facts of the focus drug that the article never states.

Why this shape: the first version reported a fact whenever no assertion matched it, so a page
that stated the warning as a list item ("Do not take it:" then "- with MAO inhibitors") or in
other words was accused of omitting it. Now a fact is omitted only when (1) no claim's
assertion states it (the checker's own reading), (2) the article does not name its value with a
caution in the same sentence or in the lead-in of its list (a paraphrase the readers missed),
and (3) this kind of article must carry it: a first-person thread or review carries none, an
encyclopedia entry (sections such as History or Chemistry) only boxed warnings and withdrawal,
patient guidance all of them.
"""

from __future__ import annotations

import re

from annotator.knowledge.reference import Reference
from annotator.models import Check, Finding, Verdict

# claim kinds (annotator.extraction.claims) of first-person text and what others said
PERSONAL_KINDS = ("experience", "reported")
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
    texts = [c.claim for c in checks if c.claim.kind != "heading"]
    if not texts:
        return None
    first = sum(c.kind in PERSONAL_KINDS for c in texts) / len(texts)
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
            hi = min(
                (i for i in (low.find(c, m.end()) for c in ".!?\n") if i != -1), default=len(low)
            )
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
    matched: dict[tuple[str, str], list[str]] = {}  # many assertions share attribute and value
    for check in checks:
        if check.verdict == Verdict.CONSISTENT:
            stated.update(check.fact_ids)
        for a in check.assertions:
            if a.drug != focus:
                continue
            key = (a.attribute, a.value)
            if key not in matched:
                above = reference.ancestors(a.value)
                matched[key] = [
                    f.fact_id
                    for f in reference.facts_for(focus, a.attribute)
                    if f.value in above or a.value in reference.ancestors(f.value)
                ]
            stated.update(matched[key])
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
