"""Claims -> verdicts: one per claim, resting on named facts and their sources.

Each assertion of a claim is compared with the table (annotator.checking.comparisons); the claim is
`inconsistent` when any assertion is, `consistent` when one matches and none contradicts, and
`unverified` otherwise, with the reason. Curated phrasings (phrasings.csv) are a second,
explicit layer. Every verdict keeps its fact ids, the reference statements, a suggested
correction and the sources, so a reviewer can always ask "why?".
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache

from annotator.checking.base import Judgement, Lookup
from annotator.checking.comparisons import compare
from annotator.extraction.context import modified
from annotator.extraction.entities import Annotated
from annotator.knowledge.datafiles import DATA_DIR
from annotator.knowledge.reference import Reference
from annotator.models import Assertion, Certainty, Check, Fact, Verdict

SUGGESTIONS = json.loads((DATA_DIR / "suggestions.json").read_text())
RANK = {"minor": 1, "major": 2, "critical": 3, "": 0}


class Judge:
    """Claim-level verdicts over the assertion-level comparisons."""

    def __init__(self, reference: Reference):
        self.ref = reference
        self.table = Lookup(reference)
        self.phrasings: dict[str, list] = {}
        for p in reference.phrasings:
            self.phrasings.setdefault(p.drug, []).append(p)

    # --- claim level -----------------------------------------------------------------------
    def __call__(self, ann: Annotated, assertions: tuple[Assertion, ...], focus: str) -> Check:
        claim = ann.claim
        base = dict(claim=claim, mentions=ann.mentions, assertions=assertions)
        if not claim.checkable:
            return Check(
                verdict=Verdict.NOT_CHECKABLE, reason=f"{claim.kind}: not a checkable claim", **base
            )
        judged = [compare(self.table, a) for a in assertions]
        judged += self._phrasings(ann, assertions, focus)
        # every value counts: the claim is as bad as its worst value, and `consistent` needs
        # every value read to be supported (a phrasing vouches for the values it covers)
        hits = [j for j in judged if j.status == Verdict.INCONSISTENT]
        if hits:
            return self._check(base, Verdict.INCONSISTENT, hits)
        supported = [j for j in judged if j.status == Verdict.CONSISTENT]
        open_ = [
            j
            for j in judged
            if j.status != Verdict.CONSISTENT and not j.neutral and not _vouched(j, supported)
        ]
        if supported and not open_:
            return self._check(base, Verdict.CONSISTENT, supported)
        if supported:
            return self._partial(base, supported, open_)
        reasons = list(dict.fromkeys(j.reason for j in judged if j.reason))
        if not judged:
            reasons = [self._why_nothing(ann, focus)]
        drug = assertions[0].drug if assertions else ""
        return Check(
            verdict=Verdict.UNVERIFIED,
            drug=drug,
            attribute=assertions[0].attribute if assertions else "",
            reason="; ".join(reasons[:3]),
            **base,
        )

    def _check(self, base, status, hits: list[Judgement]) -> Check:
        facts = list(dict.fromkeys(f for j in hits for f in j.facts))
        facts.sort(key=lambda f: -RANK[f.severity])
        lead = max(hits, key=lambda j: max((RANK[f.severity] for f in j.facts), default=0))
        a = lead.assertion
        suggestion = self._suggest(lead) if status == Verdict.INCONSISTENT else ""
        cited = dict.fromkeys((self.ref.cite(f), self.ref.tier(f)) for f in facts)
        return Check(
            verdict=status,
            drug=a.drug,
            attribute=a.attribute,
            fact_ids=tuple(f.fact_id for f in facts),
            reference=" | ".join(dict.fromkeys(f.statement for f in facts)),
            suggestion=suggestion,
            sources=tuple(c for c, _ in cited),  # one source and locator: one tier
            fact_status=tuple(f.status for f in facts),
            source_tiers=tuple(t for _, t in cited),
            severity=facts[0].severity if facts else "",
            negated=not a.polarity,
            hedged=a.certainty != Certainty.ASSERTED,
            reason="; ".join(dict.fromkeys(j.reason for j in hits))[:500],
            **base,
        )

    def _partial(self, base, supported: list[Judgement], open_: list[Judgement]) -> Check:
        """Some values supported, others not: unverified, naming each, with the facts behind
        the supported ones (a reviewer sees what was confirmed and what was not)."""
        check = self._check(base, Verdict.CONSISTENT, supported)
        shown = "; ".join(
            dict.fromkeys(
                [f"supported: {j.reason}" for j in supported]
                + [f"not supported: {j.reason}" for j in open_]
            )
        )
        return replace(check, verdict=Verdict.UNVERIFIED, reason=shown[:500])

    def _why_nothing(self, ann: Annotated, focus: str) -> str:
        drugs = {m.concept for m in ann.mentions if m.label == "DRUG" and m.concept}
        without = sorted(d for d in drugs if d not in self.ref.drugs_with_notes)
        if without:
            return "no reference notes for " + ", ".join(self.ref.display(d) for d in without)
        if not drugs and not focus:
            return "no drug named"
        return "no typed fact attribute recognised in the claim"

    def _suggest(self, j: Judgement) -> str:
        a, fact = j.assertion, (j.facts[0] if j.facts else None)
        key = a.attribute
        if key == "adverse_effect" and a.polarity and fact is not None:
            key = "adverse_effect_frequency"
        template = SUGGESTIONS.get(key, "")
        if not template or fact is None:
            return fact.statement if fact else ""
        return _articles(self._fill(template, a, fact, j))

    def _fill(self, template: str, a: Assertion, fact: Fact, j: Judgement) -> str:
        name = self.ref.display(a.drug) if a.drug else "the drug"
        return template.format(
            drug=name[:1].upper() + name[1:],
            value=self.ref.display(fact.value),
            qualifier=self.ref.display(fact.qualifier).replace("_", " "),
            claimed=j.claimed or self.ref.display(a.value),
        )

    def _phrasings(self, ann, assertions, focus) -> list[Judgement]:
        drugs = {a.drug for a in assertions} or ({focus} if focus else set())
        text = ann.claim.text
        low = text.lower()
        out = []
        for drug in drugs:
            for p in self.phrasings.get(drug, ()):
                anchor, pattern = _phrase_pattern(p.phrase)
                if anchor not in low:  # a substring test first: most phrasings are absent
                    continue
                found = pattern.search(text)
                if not found:
                    continue
                start = ann.claim.start + found.start()
                fact = self.ref.by_id[p.fact_id]
                a = Assertion(
                    drug,
                    fact.attribute,
                    fact.value,
                    True,
                    Certainty.ASSERTED,
                    p.phrase,
                    start,
                    start + len(p.phrase),
                    f"phrasing:{p.phrasing_id}",
                )
                negated = modified(ann.modifiers, start, start + len(p.phrase), "NEGATED")
                wrong = (p.kind == "inconsistent") != negated
                out.append(
                    Judgement(
                        Verdict.INCONSISTENT if wrong else Verdict.CONSISTENT,
                        a,
                        (fact,),
                        f"curated phrasing '{p.phrase}' ({p.phrasing_id})",
                        p.phrase,
                    )
                )
        return out


def _vouched(j: Judgement, supported: list[Judgement]) -> bool:
    """An open judgement on a value another judgement of the claim supports (the same value
    read twice, once by a curated phrasing) does not make the claim partial."""
    a = j.assertion
    return any(s.assertion.drug == a.drug and s.assertion.value == a.value for s in supported)


def _articles(text: str) -> str:
    """'a agonist' -> 'an agonist' in generated suggestions."""
    return re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", r"\1n ", text)


@cache
def _phrase_pattern(phrase: str) -> tuple[str, re.Pattern[str]]:
    """A curated phrasing as (its longest word lower-cased, the whole-word pattern), compiled
    once: every claim is tried against every phrasing of its drugs."""
    words = phrase.split()
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.I)
    return max(words, key=len).lower(), pattern
