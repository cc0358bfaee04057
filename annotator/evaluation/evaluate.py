"""Run a checker over labelled claims and score it (the labels: annotator.evaluation.labels).

The checker is injected (`check=`) so the evaluator can be tested with fake checkers and can
compare pipeline variants. Composed claims are checked one by one; a document is checked once
and each labelled claim is found among the claims the checker cut from it: the claims that
contain its text or span, else the claims overlapping it (a sentence the checker split in two
is judged by its most severe part).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.evaluation.labels import (
    VERDICTS,
    DevsetError,
    LabelledClaim,
    load_claims,
    load_seed_labels,
)
from annotator.evaluation.metrics import ERROR, MISSING, Outcome, Scores, score
from annotator.models import Check, Document, DocumentResult, Verdict

REPO_ROOT = Path(__file__).resolve().parents[2]
DEVSET_DIR = REPO_ROOT / "tests" / "devset"
SHARED_DIR = REPO_ROOT.parent / "shared"
DEFAULT_CLAIMS = DEVSET_DIR / "claims.csv"
DEFAULT_SEED_LABELS = DEVSET_DIR / "seed_labels.csv"
DEFAULT_SEED = SHARED_DIR / "seed" / "baclofen_article.txt"
# A claim text may split into several sentences; the claim is judged by its most severe part.
SEVERITY = (Verdict.INCONSISTENT, Verdict.UNVERIFIED, Verdict.CONSISTENT, Verdict.NOT_CHECKABLE)

CheckFn = Callable[..., DocumentResult]
CheckDocumentFn = Callable[[Document], DocumentResult]


def _most_severe(checks: Iterable[Check]) -> Check | None:
    rank = {v.value: i for i, v in enumerate(SEVERITY)}
    return min(
        checks,
        key=lambda c: rank.get(str(getattr(c.verdict, "value", c.verdict)), 99),
        default=None,
    )


def _outcome(item: LabelledClaim, checks: Sequence[Check], note: str = "") -> Outcome:
    worst = _most_severe(checks)
    if worst is None:
        return Outcome(item, MISSING, note or "no claim returned for this text")
    got = str(getattr(worst.verdict, "value", worst.verdict))
    return Outcome(
        item, got, (note + worst.reason).strip(), tuple(worst.fact_ids), worst.claim.text
    )


def run_composed(items: Sequence[LabelledClaim], check: CheckFn) -> list[Outcome]:
    outcomes = []
    for item in items:
        try:
            result = check(item.text, name=item.id, focus_drug=item.drug)
        except Exception as e:
            outcomes.append(Outcome(item, ERROR, f"{type(e).__name__}: {e}"))
            continue
        outcomes.append(_outcome(item, result.checks))
    return outcomes


def _match(item: LabelledClaim, text: str, checks: Sequence[Check]) -> Outcome:
    """The outcome of one label among a document's checks (by span or by substring)."""
    if item.start >= 0:
        start, end = item.start, item.end
    else:
        containing = [c for c in checks if item.text in c.claim.text]
        if containing:
            return _outcome(item, containing)
        start = text.find(item.text)
        end = start + len(item.text)
    inside = [c for c in checks if c.claim.start <= start and end <= c.claim.end]
    if inside:
        return _outcome(item, inside)
    overlapping = [c for c in checks if c.claim.start < end and c.claim.end > start]
    note = f"(spread over {len(overlapping)} claims) " if len(overlapping) > 1 else ""
    return _outcome(item, overlapping, note)


def run_seed(
    items: Sequence[LabelledClaim], article: str, name: str, check: CheckFn
) -> list[Outcome]:
    """Check the article once; find each labelled sentence among the returned claims."""
    try:
        checks = check(article, name=name, focus_drug=None).checks
    except Exception as e:
        return [Outcome(item, ERROR, f"{type(e).__name__}: {e}") for item in items]
    return [_match(item, article, checks) for item in items]


def run_documents(
    items: Sequence[LabelledClaim], root: Path, check: CheckDocumentFn | None = None
) -> list[Outcome]:
    """Read and check each labelled document (under `root`) once; score each label in it.
    A label that does not fit its document (offsets past its end, a substring it does not hold
    exactly once) is a DevsetError listing every such label."""
    from annotator.extraction.documents import read_document

    if check is None:
        from annotator.pipeline import check_document as check
    by_document: dict[str, list[LabelledClaim]] = {}
    for item in items:
        by_document.setdefault(item.document, []).append(item)
    outcomes, problems = [], []
    for name, labels in by_document.items():
        document = read_document(root / name)
        text = document.text
        for item in labels:
            if item.start >= 0 and item.end > len(text):
                problems.append(f"{name}: label line {item.line} ends past the document")
            elif item.start < 0 and text.count(item.text) != 1:
                problems.append(
                    f"{name}: label line {item.line}: {item.text[:40]!r} occurs "
                    f"{text.count(item.text)} times"
                )
        try:
            checks = check(document).checks
        except Exception as e:
            outcomes += [Outcome(item, ERROR, f"{type(e).__name__}: {e}") for item in labels]
            continue
        outcomes += [_match(item, text, checks) for item in labels]
    if problems:
        raise DevsetError("\n".join(problems))
    return outcomes


@dataclass(frozen=True)
class EvalReport:
    """Scores of the composed claims, the seed article, and both together."""

    combined: Scores
    composed: Scores
    seed: Scores | None
    outcomes: tuple[Outcome, ...]

    # The combined figures, at top level for the common case.
    n = property(lambda self: self.combined.n)
    confusion = property(lambda self: self.combined.confusion)
    precision = property(lambda self: self.combined.precision)
    recall = property(lambda self: self.combined.recall)
    f1 = property(lambda self: self.combined.f1)
    false_flag_rate = property(lambda self: self.combined.false_flag_rate)
    per_attribute_recall = property(lambda self: self.combined.per_attribute_recall)
    mistakes = property(lambda self: self.combined.mistakes)

    def format(self, max_mistakes: int | None = None) -> str:
        """A compact plain-text report: scores per part, confusion, attributes, mistakes."""
        parts = [("composed", self.composed), ("seed", self.seed), ("combined", self.combined)]
        out = [f"{'':10}{'n':>5}{'acc':>7}{'P(inc)':>8}{'R(inc)':>8}{'F1':>7}{'false-flag':>12}"]
        for label, s in parts:
            if s is not None:
                out.append(
                    f"{label:10}{s.n:>5}{s.accuracy:>7.2f}{s.precision:>8.2f}"
                    f"{s.recall:>8.2f}{s.f1:>7.2f}{s.false_flag_rate:>12.2f}"
                )
        got_columns = [
            g
            for g in (*VERDICTS, MISSING, ERROR)
            if g in VERDICTS or any(row.get(g) for row in self.confusion.values())
        ]
        out += [
            "",
            "confusion (combined), rows = expected, columns = got",
            f"{'':15}" + "".join(f"{g[:13]:>14}" for g in got_columns),
        ]
        for expected, row in self.confusion.items():
            out.append(f"{expected:15}" + "".join(f"{row.get(g, 0):>14}" for g in got_columns))
        out += [
            "",
            "by attribute (combined): agreement, and recall of inconsistent",
            f"{'attribute':19}{'n':>4}{'agree':>7}{'inc':>5}{'caught':>8}{'recall':>8}",
        ]
        for attribute, a in self.combined.per_attribute.items():
            recall = f"{a.recall:.2f}" if a.recall is not None else "-"
            out.append(
                f"{attribute:19}{a.n:>4}{a.correct / a.n:>7.2f}{a.inconsistent:>5}"
                f"{a.caught:>8}{recall:>8}"
            )
        shown = self.mistakes if max_mistakes is None else self.mistakes[:max_mistakes]
        out += ["", f"mistakes: {len(self.mistakes)} (showing {len(shown)})"]
        for o in shown:
            out.append(f"{o.item.id:8} {o.item.expected:>13} -> {o.got:<13} {o.item.text[:70]}")
            if o.reason:
                out.append(f"{'':38}{o.reason[:90]}")
        return "\n".join(out)


def evaluate(
    claims_csv: Path | str | None = DEFAULT_CLAIMS,
    seed_labels: Path | str | None = DEFAULT_SEED_LABELS,
    seed_path: Path | str | None = None,
    *,
    check: CheckFn | None = None,
) -> EvalReport:
    """Run `check` over composed claims and the seed article and score them.

    `check` defaults to annotator.check_text. `seed_path` defaults to the shared seed
    article; the seed part is skipped when the article or `seed_labels` is absent (None).
    """
    if check is None:
        from annotator import check_text as check
    composed_items = load_claims(claims_csv) if claims_csv is not None else ()
    composed = run_composed(composed_items, check)
    seed: list[Outcome] | None = None
    article_path = Path(seed_path) if seed_path is not None else DEFAULT_SEED
    if seed_labels is not None and article_path.is_file():
        article = article_path.read_text(encoding="utf-8")
        seed_items = load_seed_labels(seed_labels, article)
        seed = run_seed(seed_items, article, article_path.name, check)
    elif seed_path is not None and seed_labels is not None:
        raise DevsetError(f"{article_path}: seed article not found")
    every = composed + (seed or [])
    return EvalReport(
        combined=score(every),
        composed=score(composed),
        seed=score(seed) if seed is not None else None,
        outcomes=tuple(every),
    )
