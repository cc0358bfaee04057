"""The named label sets of tests/devset/ and one report over all of them (`annotator eval`).

Each set says how it was made and whether it may be tuned on. Blind sets are scored, never
explained: their mistakes are not printed, so nobody tunes on them by reading the output.
Sets whose documents live in ../shared (the seed, the real corpus) are skipped, with a note,
when ../shared is not beside the repository.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.evaluation.evaluate import (
    DEFAULT_SEED,
    DEVSET_DIR,
    SHARED_DIR,
    run_composed,
    run_documents,
    run_seed,
)
from annotator.evaluation.labels import (
    DevsetError,
    LabelledClaim,
    load_article_labels,
    load_claims,
    load_seed_labels,
)
from annotator.evaluation.metrics import Outcome, Scores, score


@dataclass(frozen=True)
class LabelSet:
    name: str
    title: str  # how it was made
    kind: str  # composed | seed | documents
    labels: tuple[Path, ...]
    documents: Path | None = None  # where `documents` sets find their documents
    blind: bool = False

    def available(self) -> bool:
        needed = self.documents if self.kind == "documents" else DEFAULT_SEED
        return self.kind == "composed" or (needed is not None and needed.exists())


SETS = (
    LabelSet(
        "blind-claims",
        "third held-out sentence set, written blind to the engine and the table (never tuned on)",
        "composed",
        (DEVSET_DIR / "blind" / "heldout3.csv",),
        blind=True,
    ),
    LabelSet(
        "blind-articles",
        "10 article-shaped pages written blind (never tuned on)",
        "documents",
        (DEVSET_DIR / "blind" / "articles" / "labels.csv",),
        DEVSET_DIR,
        blind=True,
    ),
    LabelSet(
        "corpus",
        "the 12 real articles of ../shared/corpus, every claim labelled from ../shared/facts",
        "documents",
        tuple(sorted((DEVSET_DIR / "corpus").glob("*.labels.csv"))),
        SHARED_DIR / "corpus",
    ),
    LabelSet(
        "articles",
        "22 article-shaped dev pages, labelled before the engine was changed for them (tuned on)",
        "documents",
        (DEVSET_DIR / "articles" / "labels.csv",),
        DEVSET_DIR,
    ),
    LabelSet(
        "seed",
        "every sentence of the seed article (tuned on)",
        "seed",
        (DEVSET_DIR / "seed_labels.csv",),
    ),
    LabelSet(
        "dev-claims",
        "composed claims: claims.csv + heldout.csv (the first held-out set, folded into the dev "
        "set after it was tuned on)",
        "composed",
        (DEVSET_DIR / "claims.csv", DEVSET_DIR / "heldout.csv"),
    ),
    LabelSet(
        "heldout2",
        "second held-out set (blind when written; its two false flags were fixed after its "
        "first run)",
        "composed",
        (DEVSET_DIR / "heldout2.csv",),
    ),
)
BY_NAME = {s.name: s for s in SETS}


@dataclass(frozen=True)
class SetResult:
    set: LabelSet
    scores: Scores
    outcomes: tuple[Outcome, ...] = field(repr=False, default=())


def run_set(label_set: LabelSet, check=None, check_document=None) -> SetResult:
    """Score one set; `check` / `check_document` default to the real pipeline."""
    if check is None:
        from annotator import check_text as check
    if label_set.kind == "composed":
        items: list[LabelledClaim] = [c for p in label_set.labels for c in load_claims(p)]
        outcomes = run_composed(items, check)
    elif label_set.kind == "seed":
        article = DEFAULT_SEED.read_text(encoding="utf-8")
        items = list(load_seed_labels(label_set.labels[0], article))
        outcomes = run_seed(items, article, DEFAULT_SEED.name, check)
    else:
        items = [c for p in label_set.labels for c in load_article_labels(p)]
        outcomes = run_documents(items, label_set.documents, check_document)
    return SetResult(label_set, score(outcomes), tuple(outcomes))


def evaluate_sets(
    names: Iterable[str] | None = None, on_skip: Callable[[str], None] | None = None
) -> list[SetResult]:
    """Score the named sets (default: all available), in the order of SETS."""
    wanted = list(names) if names else [s.name for s in SETS]
    unknown = [n for n in wanted if n not in BY_NAME]
    if unknown:
        raise DevsetError(
            f"unknown set(s) {', '.join(unknown)}; must be one of: {', '.join(BY_NAME)}"
        )
    results = []
    for label_set in (s for s in SETS if s.name in wanted):
        if not label_set.available():
            if on_skip:
                on_skip(f"{label_set.name}: skipped, its documents are not here (../shared)")
            continue
        results.append(run_set(label_set))
    return results


HEADER = (
    f"{'set':15}{'n':>6}{'P(inc)':>8}{'R(inc)':>8}{'R(clear)':>9}{'false-assur':>12}"
    f"{'false-flag':>11}{'checked':>9}{'support':>9}"
)


def format_table(results: Iterable[SetResult]) -> str:
    rows = [HEADER]
    for r in results:
        s = r.scores
        rows.append(
            f"{r.set.name:15}{s.n:>6}{s.precision:>8.2f}{s.recall:>8.2f}{s.recall_clear:>9.2f}"
            f"{s.false_assurance:>12.2f}{s.false_flag_rate:>11.2f}{s.checked_share:>9.2f}"
            f"{s.support:>9.2f}"
        )
    return "\n".join(rows)


def format_mistakes(result: SetResult, limit: int | None = None) -> str:
    """The mistakes of a tuning set; a blind set's are never shown."""
    if result.set.blind:
        return f"{result.set.name}: a blind set; its mistakes are not shown"
    shown = result.scores.mistakes if limit is None else result.scores.mistakes[:limit]
    out = [f"{result.set.name}: {len(result.scores.mistakes)} mistakes (showing {len(shown)})"]
    for o in shown:
        where = o.item.document or o.item.id
        span = f":{o.item.start}-{o.item.end}" if o.item.start >= 0 else ""
        out.append(
            f"{where}{span} {o.item.expected} -> {o.got} [{o.item.attribute}] {o.reason[:120]}"
        )
        out.append(f"    {(o.claim_text or o.item.text)[:150]}")
    return "\n".join(out)
