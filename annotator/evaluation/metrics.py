"""Scores of a checker on labelled claims, centred on what a reviewer relies on.

- precision / recall of `inconsistent` (and recall on the clear contradictions alone);
- false assurance: wrong claims the checker called `consistent` (the worst error);
- false flags: claims that should not be flagged but were;
- checked share: of the claims the facts decide (expected consistent or inconsistent), the
  share the checker decided (consistent or inconsistent) instead of leaving unverified;
- support: accurate claims the checker called `consistent`.
Undefined ratios (nothing expected) are reported as 0.0, so the report stays numeric.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.evaluation.labels import INCONSISTENT, VERDICTS, LabelledClaim

CONSISTENT = "consistent"
DECIDED = (CONSISTENT, INCONSISTENT)
MISSING = "missing"  # the checker returned no claim covering the labelled text
ERROR = "error"  # the checker raised on this claim (the run goes on; the error is reported)


@dataclass(frozen=True)
class Outcome:
    item: LabelledClaim
    got: str  # a Verdict value, MISSING or ERROR
    reason: str = ""
    fact_ids: tuple[str, ...] = ()
    claim_text: str = ""  # the checker's claim the verdict came from

    @property
    def correct(self) -> bool:
        return self.got == self.item.expected


@dataclass(frozen=True)
class AttributeScore:
    n: int
    correct: int
    inconsistent: int  # claims of this attribute expected inconsistent
    caught: int  # ... of which the checker said inconsistent

    @property
    def recall(self) -> float | None:
        return self.caught / self.inconsistent if self.inconsistent else None


@dataclass(frozen=True)
class Scores:
    n: int
    confusion: dict[str, dict[str, int]]  # expected -> got -> count
    precision: float
    recall: float
    f1: float
    false_flag_rate: float
    accuracy: float
    per_attribute: dict[str, AttributeScore]
    mistakes: tuple[Outcome, ...]
    recall_clear: float = 0.0
    false_assurance: float = 0.0
    checked_share: float = 0.0
    support: float = 0.0
    inconsistent: int = 0  # claims expected inconsistent
    clear: int = 0  # ... of which clear contradictions

    @property
    def per_attribute_recall(self) -> dict[str, float | None]:
        return {a: s.recall for a, s in self.per_attribute.items()}


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def score(outcomes: Sequence[Outcome]) -> Scores:
    """Confusion matrix and the reviewer-facing metrics of a list of outcomes."""
    confusion = {e: {g: 0 for g in VERDICTS} for e in VERDICTS}
    for o in outcomes:
        confusion[o.item.expected][o.got] = confusion[o.item.expected].get(o.got, 0) + 1
    wrong = [o for o in outcomes if o.item.expected == INCONSISTENT]
    clear = [o for o in wrong if o.item.clear]
    right = [o for o in outcomes if o.item.expected == CONSISTENT]
    decidable = wrong + right
    tp = sum(o.got == INCONSISTENT for o in wrong)
    fp = sum(o.item.expected != INCONSISTENT and o.got == INCONSISTENT for o in outcomes)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, len(wrong))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_attribute: dict[str, AttributeScore] = {}
    for attribute in sorted({o.item.attribute for o in outcomes}):
        group = [o for o in outcomes if o.item.attribute == attribute]
        per_attribute[attribute] = AttributeScore(
            n=len(group),
            correct=sum(o.correct for o in group),
            inconsistent=sum(o.item.expected == INCONSISTENT for o in group),
            caught=sum(o.item.expected == INCONSISTENT and o.got == INCONSISTENT for o in group),
        )
    return Scores(
        n=len(outcomes),
        confusion=confusion,
        precision=precision,
        recall=recall,
        f1=f1,
        false_flag_rate=_ratio(fp, len(outcomes) - len(wrong)),
        accuracy=_ratio(sum(o.correct for o in outcomes), len(outcomes)),
        per_attribute=per_attribute,
        mistakes=tuple(o for o in outcomes if not o.correct),
        recall_clear=_ratio(sum(o.got == INCONSISTENT for o in clear), len(clear)),
        false_assurance=_ratio(sum(o.got == CONSISTENT for o in wrong), len(wrong)),
        checked_share=_ratio(sum(o.got in DECIDED for o in decidable), len(decidable)),
        support=_ratio(sum(o.got == CONSISTENT for o in right), len(right)),
        inconsistent=len(wrong),
        clear=len(clear),
    )
