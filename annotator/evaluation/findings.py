"""Score content-QA findings against span labels (tests/devset/findings/, LABELLING.md).

Why this shape: a finding is right when it lands on a labelled artefact of the same kind, so
matching is by kind and overlapping span, one label per finding and one finding per label.
Precision is matched findings / findings of a kind, recall matched labels / labels of a kind.
Two label styles exist: pages we wrote name their span by an exact substring and its 1-based
occurrence (`contains`, `occurrence`), the shared corpus by offsets (`start`, `end`, so no
corpus text sits in the repository). A `contains` label is resolved in the document text the
pipeline reads (for HTML that is our own text extraction, not BeautifulSoup's `get_text()`),
so whitespace differences do not shift it. Kinds without labels here (omissions,
contradictions, certainty, spin drift) are left out of the score; they are judged by eye.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.models import Finding

LABELLED_KINDS = (
    "tortured_phrase",
    "keyword_stuffing",
    "call_to_action",
    "off_topic_insertion",
    "mt_garble",
    "garbled_grammar",
    "spin_artifact",
    "misspelled_drug",
    "doubled_word",
)


class FindingLabelError(AnnotatorError, ValueError):
    """A findings label file is malformed; the message names the file, line and problem."""


@dataclass(frozen=True)
class FindingLabel:
    document: str  # as written in the label file
    kind: str
    contains: str = ""
    occurrence: int = 1
    start: int = -1
    end: int = -1
    suggestion: str = ""
    line: int = 0


@dataclass
class KindScore:
    kind: str
    tp: int = 0  # findings that landed on a label
    fp: int = 0
    fn: int = 0  # labels no finding landed on
    misses: list = field(default_factory=list)
    false: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def load_labels(path: Path | str) -> list[FindingLabel]:
    """Labels of one CSV: `contains`/`occurrence` or `start`/`end` columns (LABELLING.md)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as err:
        raise FindingLabelError(f"{path}: cannot read labels: {err}") from None
    out = []
    for line, row in enumerate(rows, 2):
        kind = (row.get("kind") or "").strip()
        if kind not in LABELLED_KINDS:
            raise FindingLabelError(f"{path}:{line}: unknown kind {kind!r}")
        try:
            if row.get("contains"):
                label = FindingLabel(
                    row["document"], kind, row["contains"], int(row.get("occurrence") or 1)
                )
            else:
                label = FindingLabel(
                    row["document"], kind, start=int(row["start"]), end=int(row["end"])
                )
        except (KeyError, ValueError):
            raise FindingLabelError(f"{path}:{line}: needs contains or start/end") from None
        out.append(
            FindingLabel(
                **{**label.__dict__, "suggestion": row.get("suggestion", ""), "line": line}
            )
        )
    return out


def resolve(label: FindingLabel, text: str) -> tuple[int, int] | None:
    """The label's span in `text`: offsets as given, or the n-th non-overlapping match."""
    if not label.contains:
        return (label.start, label.end) if 0 <= label.start < label.end <= len(text) else None
    pos = -1
    at = 0
    for _ in range(label.occurrence):
        pos = text.find(label.contains, at)
        if pos == -1:
            return None
        at = pos + len(label.contains)
    return pos, pos + len(label.contains)


def score(
    findings: Mapping[str, Sequence[Finding]],
    labels: Iterable[FindingLabel],
    texts: Mapping[str, str],
    kinds: Sequence[str] = LABELLED_KINDS,
) -> dict[str, KindScore]:
    """Per-kind scores over documents; `findings` and `texts` are keyed like label.document."""
    scores = {k: KindScore(k) for k in kinds}
    by_doc: dict[str, list[tuple[int, int, FindingLabel]]] = {}
    for label in labels:
        span = resolve(label, texts.get(label.document, ""))
        if span is None:
            if label.kind in scores:
                scores[label.kind].fn += 1
                scores[label.kind].misses.append(
                    (label.document, label.contains or "?", "unresolved")
                )
            continue
        by_doc.setdefault(label.document, []).append((*span, label))
    for doc in set(by_doc) | set(findings):
        used: set[int] = set()
        spans = by_doc.get(doc, [])
        for f in sorted(findings.get(doc, ()), key=lambda f: (f.start, f.end)):
            if f.kind not in scores:
                continue
            hit = next(
                (
                    i
                    for i, (s, e, lab) in enumerate(spans)
                    if i not in used and lab.kind == f.kind and f.start < e and s < f.end
                ),
                None,
            )
            if hit is None:
                scores[f.kind].fp += 1
                scores[f.kind].false.append((doc, f.text, f.detail))
            else:
                used.add(hit)
                scores[f.kind].tp += 1
        for i, (s, e, lab) in enumerate(spans):
            if i not in used and lab.kind in scores:
                scores[lab.kind].fn += 1
                scores[lab.kind].misses.append((doc, texts[doc][s:e], lab.suggestion))
    return scores


def counts(findings: Iterable[Finding]) -> Counter[str]:
    return Counter(f.kind for f in findings)
