"""Measure a checker against the labelled development set in tests/devset/.

Two label files, kept apart because they answer different questions:
- claims.csv: composed one-sentence claims about ten drugs, written from the shared facts
  independently of reference_notes/. They test whether errors that no curated phrase list
  covers are still caught through typed facts.
- seed_labels.csv: a verdict for every sentence of the seed article, identified by a
  distinctive substring (the article itself stays outside the repository). It tests the real
  input: spun SEO prose, headings, advice, list items.

The checker is injected (`check=`) so the evaluator can be tested before the pipeline exists
and can compare pipeline variants. Scores centre on `inconsistent`, the verdict a reviewer
acts on: precision, recall, F1 and the false-flag rate (share of claims that should NOT be
flagged but were). Undefined ratios (nothing predicted, nothing expected) are reported as 0.0,
the usual zero-division convention, so the report stays numeric.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.models import Check, DocumentResult, Verdict

REPO_ROOT = Path(__file__).resolve().parents[2]
DEVSET_DIR = REPO_ROOT / "tests" / "devset"
DEFAULT_CLAIMS = DEVSET_DIR / "claims.csv"
DEFAULT_SEED_LABELS = DEVSET_DIR / "seed_labels.csv"
DEFAULT_SEED = REPO_ROOT.parent / "shared" / "seed" / "baclofen_article.txt"

VERDICTS = tuple(v.value for v in Verdict)
INCONSISTENT = Verdict.INCONSISTENT.value
# A claim text may split into several sentences; the claim is judged by its most severe part.
SEVERITY = (Verdict.INCONSISTENT, Verdict.UNVERIFIED, Verdict.CONSISTENT, Verdict.NOT_CHECKABLE)
MISSING = "missing"  # the checker returned no claim covering the labelled text
ERROR = "error"  # the checker raised on this claim (the run goes on; the error is reported)

# The schema of the dev-set files (not domain knowledge): the attributes a claim can test.
# fmt: off
ATTRIBUTES = frozenset((
    "drug_class", "site_of_action", "mechanism", "indication", "not_indicated", "off_label",
    "adverse_effect", "boxed_warning", "warning", "withdrawal", "contraindication",
    "interaction", "max_daily_dose", "starting_dose", "duration_limit", "metabolism",
    "controlled_status", "other",
))
# fmt: on
CLAIM_COLUMNS = ("id", "drug", "text", "expected", "attribute", "note")
SEED_COLUMNS = ("contains", "expected", "note")
MIN_CONTAINS = 25
SEED_ATTRIBUTE = "(seed)"

CheckFn = Callable[..., DocumentResult]


class DevsetError(AnnotatorError, ValueError):
    """A dev-set file is malformed; the message lists every problem as `file:line: message`."""


@dataclass(frozen=True)
class LabelledClaim:
    id: str
    source: str  # "composed" | "seed"
    drug: str
    text: str  # the claim (composed) or the distinctive substring (seed)
    expected: str
    attribute: str
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Outcome:
    item: LabelledClaim
    got: str  # a Verdict value, MISSING or ERROR
    reason: str = ""
    fact_ids: tuple[str, ...] = ()

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

    @property
    def per_attribute_recall(self) -> dict[str, float | None]:
        return {a: s.recall for a, s in self.per_attribute.items()}


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def score(outcomes: Sequence[Outcome]) -> Scores:
    """Confusion matrix and `inconsistent` metrics of a list of outcomes."""
    confusion = {e: {g: 0 for g in VERDICTS} for e in VERDICTS}
    for o in outcomes:
        confusion[o.item.expected][o.got] = confusion[o.item.expected].get(o.got, 0) + 1
    tp = sum(o.item.expected == INCONSISTENT and o.got == INCONSISTENT for o in outcomes)
    fp = sum(o.item.expected != INCONSISTENT and o.got == INCONSISTENT for o in outcomes)
    fn = sum(o.item.expected == INCONSISTENT and o.got != INCONSISTENT for o in outcomes)
    negatives = sum(o.item.expected != INCONSISTENT for o in outcomes)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
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
        false_flag_rate=_ratio(fp, negatives),
        accuracy=_ratio(sum(o.correct for o in outcomes), len(outcomes)),
        per_attribute=per_attribute,
        mistakes=tuple(o for o in outcomes if not o.correct),
    )


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


# --- loading -------------------------------------------------------------------------------


def _read_rows(path: Path, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise DevsetError(f"{path}: cannot read: {e.strerror or e}") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise DevsetError(f"{path}:1: missing column(s) {', '.join(missing)}")
    return [(reader.line_num, row) for row in reader]


def _check_expected(path: Path, line: int, value: str, problems: list[str]) -> None:
    if value not in VERDICTS:
        problems.append(f"{path}:{line}: expected {value!r} is not one of {', '.join(VERDICTS)}")


def load_claims(path: Path | str = DEFAULT_CLAIMS) -> tuple[LabelledClaim, ...]:
    """Read claims.csv strictly: every problem in the file is reported at once."""
    path = Path(path)
    problems: list[str] = []
    items: list[LabelledClaim] = []
    seen: dict[str, int] = {}
    for line, row in _read_rows(path, CLAIM_COLUMNS):
        cid, text = (row["id"] or "").strip(), (row["text"] or "").strip()
        if not cid or not text or not (row["drug"] or "").strip():
            problems.append(f"{path}:{line}: id, drug and text must not be empty")
        if cid in seen:
            problems.append(f"{path}:{line}: duplicate id {cid!r} (first on line {seen[cid]})")
        seen.setdefault(cid, line)
        _check_expected(path, line, row["expected"], problems)
        if row["attribute"] not in ATTRIBUTES:
            problems.append(
                f"{path}:{line}: attribute {row['attribute']!r} is not one of "
                f"{', '.join(sorted(ATTRIBUTES))}"
            )
        items.append(
            LabelledClaim(
                cid,
                "composed",
                row["drug"].strip(),
                text,
                row["expected"],
                row["attribute"],
                row["note"] or "",
                line,
            )
        )
    if problems:
        raise DevsetError("\n".join(problems))
    return tuple(items)


def load_seed_labels(path: Path | str, article: str | None = None) -> tuple[LabelledClaim, ...]:
    """Read seed_labels.csv; with the article, each `contains` must occur in it exactly once."""
    path = Path(path)
    problems: list[str] = []
    items: list[LabelledClaim] = []
    for i, (line, row) in enumerate(_read_rows(path, SEED_COLUMNS), start=1):
        contains = row["contains"] or ""
        if len(contains) < MIN_CONTAINS:
            problems.append(f"{path}:{line}: contains must be at least {MIN_CONTAINS} characters")
        elif article is not None and (count := article.count(contains)) != 1:
            problems.append(f"{path}:{line}: {contains!r} occurs {count} times in the article")
        _check_expected(path, line, row["expected"], problems)
        items.append(
            LabelledClaim(
                f"seed-{i:02d}",
                "seed",
                "",
                contains,
                row["expected"],
                SEED_ATTRIBUTE,
                row["note"] or "",
                line,
            )
        )
    if problems:
        raise DevsetError("\n".join(problems))
    return tuple(items)


# --- running the checker ------------------------------------------------------------------


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
    return Outcome(item, got, (note + worst.reason).strip(), tuple(worst.fact_ids))


def _run_composed(items: Sequence[LabelledClaim], check: CheckFn) -> list[Outcome]:
    outcomes = []
    for item in items:
        try:
            result = check(item.text, name=item.id, focus_drug=item.drug)
        except Exception as e:
            outcomes.append(Outcome(item, ERROR, f"{type(e).__name__}: {e}"))
            continue
        outcomes.append(_outcome(item, result.checks))
    return outcomes


def _run_seed(
    items: Sequence[LabelledClaim], article: str, name: str, check: CheckFn
) -> list[Outcome]:
    """Check the article once; find each labelled sentence among the returned claims.

    A label is matched to the claim whose text contains it; when the checker split the
    sentence differently, to the claims overlapping its character span.
    """
    try:
        checks = check(article, name=name, focus_drug=None).checks
    except Exception as e:
        return [Outcome(item, ERROR, f"{type(e).__name__}: {e}") for item in items]
    outcomes = []
    for item in items:
        containing = [c for c in checks if item.text in c.claim.text]
        if containing:
            outcomes.append(_outcome(item, containing))
            continue
        start = article.find(item.text)
        end = start + len(item.text)
        overlapping = [c for c in checks if c.claim.start < end and c.claim.end > start]
        note = f"(spread over {len(overlapping)} claims) " if len(overlapping) > 1 else ""
        outcomes.append(_outcome(item, overlapping, note))
    return outcomes


def evaluate(
    claims_csv: Path | str | None = DEFAULT_CLAIMS,
    seed_labels: Path | str | None = DEFAULT_SEED_LABELS,
    seed_path: Path | str | None = None,
    *,
    check: CheckFn | None = None,
) -> EvalReport:
    """Run `check` over the dev set and score it.

    `check` defaults to annotator.check_text. `seed_path` defaults to the shared seed
    article; the seed part is skipped when the article or `seed_labels` is absent (None).
    """
    if check is None:
        from annotator import check_text as check
    composed_items = load_claims(claims_csv) if claims_csv is not None else ()
    composed = _run_composed(composed_items, check)
    seed: list[Outcome] | None = None
    article_path = Path(seed_path) if seed_path is not None else DEFAULT_SEED
    if seed_labels is not None and article_path.is_file():
        article = article_path.read_text(encoding="utf-8")
        seed_items = load_seed_labels(seed_labels, article)
        seed = _run_seed(seed_items, article, article_path.name, check)
    elif seed_path is not None and seed_labels is not None:
        raise DevsetError(f"{article_path}: seed article not found")
    every = composed + (seed or [])
    return EvalReport(
        combined=score(every),
        composed=score(composed),
        seed=score(seed) if seed is not None else None,
        outcomes=tuple(every),
    )
