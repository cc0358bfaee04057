"""Stage 2: document -> paragraphs -> sentences -> Claim records with exact offsets.

Why this shape:
- Paragraphs first. Each line is a block (the HTML reader puts every block element in its own
  paragraph; the seed and corpus articles use one line per paragraph); a line that continues a
  hard-wrapped sentence (previous line unfinished, next one starting in lower case) joins its
  block. Working per block keeps sentence splitting linear, and blocks longer than
  `MAX_BLOCK_CHARS` are cut into windows at a sentence end or a space, so a 5 MB single
  "sentence" costs the same per character as a short article.
- Sentences come from sentencex (Wikimedia's rule segmenter, compiled). `benchmarks/sentences.py`
  measured it against pysbd (what scispaCy's `pysbd_sentencizer` runs), spaCy's rule
  `sentencizer`, syntok and blingfire on the shared corpus: it agrees with the other splitters'
  majority as well as pysbd does (both ~0.98 boundary F1) and runs at millions of words/s, where
  pysbd manages 9-19k words/s per paragraph (4-5x the tokenizer pass on its own). Splitting is
  then negligible next to the spaCy tokenizer pass; the whole stage costs 0.2-0.4 of it. Words
  on sentencex's abbreviation list that end sentences here ("it may. Ibuprofen") are split again
  from data. pysbd stays as a fallback when sentencex is missing.
- Kinds decide what can be checked: headings, questions and advice are kept (a reviewer sees
  them) but marked not checkable. The cues are data (`data/claim_kinds.json`, strict loader);
  list and heading *markers* are Markdown syntax, so they live here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from annotator.extraction.documents import MAX_CLAIMS_ENV, DocumentError, max_claims_limit
from annotator.knowledge.datafiles import DATA_DIR, RuleDataError
from annotator.models import Claim, Document

CLAIM_KINDS_PATH = DATA_DIR / "claim_kinds.json"
MAX_BLOCK_CHARS = 20_000  # segmenter input bound: keeps work linear on pathological input
MAX_CLAIM_CHARS = 3_000  # a longer "sentence" is cut at spaces: later stages expect sentences

# Markdown syntax, not knowledge: "# " headings, "- ", "* ", "+ ", "• ", "1. ", "2) " items
# (repeated markers such as "- - " occur in scraped wiki lists), "> " quotes.
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_LIST = re.compile(r"(?:[ \t]*(?:[-*+•‣◦▪–]|\d{1,3}[.)])[ \t]+)+")
_QUOTE = re.compile(r"(?:[ \t]*>[ \t]?)+")
# a table row: "| cell | cell |" (Markdown, and HTML tables as the reader renders them); the
# separator row under a Markdown header ("|---|:--:|") is layout, not a claim
_TABLE = re.compile(r"[ \t]*\|[ \t]*")
_TABLE_RULE = re.compile(r"^[\s|:\-]+$")
_TABLE_END = re.compile(r"[ \t]*\|[ \t]*$")
_TRAILING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")
_CLOSERS = "\"'”’)]*_ \t"
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ABBREVIATION_END = re.compile(r"\b([A-Za-z]+)\.\s+(?=[A-Z][a-z])")
_TOKENS = re.compile(r"[\w'’]+")
PATTERN_KINDS = ("advice", "reported", "experience")
CHECKABLE_KINDS = ("statement", "list_item")
_WORD = re.compile(r"[^\W_][\w'’.-]*|&")


class ClaimKindsError(RuleDataError):
    """claim_kinds.json is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class ClaimKinds:
    """Cue data for claim kinds (see data/claim_kinds.json for what each field means)."""

    max_words: int
    short_max_words: int
    min_title_ratio: float
    final_punctuation: str
    minor_words: frozenset[str]
    advice: tuple[re.Pattern[str], ...]
    split_after: frozenset[str] = frozenset()
    reported: tuple[re.Pattern[str], ...] = ()
    experience: tuple[re.Pattern[str], ...] = ()
    # per kind, the words one of which a claim must contain before its patterns run
    words: dict = field(default_factory=dict)


_SCHEMA = {
    "description": str,
    "sentences": {"split_after": list},
    "heading": {
        "max_words": int,
        "short_max_words": int,
        "min_title_ratio": float,
        "final_punctuation": str,
        "minor_words": list,
    },
    "advice": {"patterns": list, "words": list},
    "reported": {"patterns": list, "words": list},
    "experience": {"patterns": list, "words": list},
}


def _check_keys(name: str, where: str, data: object, schema: dict) -> None:
    if not isinstance(data, dict):
        raise ClaimKindsError(f"{name}: {where or 'top level'} must be an object")
    unknown = sorted(set(data) - set(schema))
    if unknown:
        raise ClaimKindsError(
            f"{name}: unknown key {unknown[0]!r} in {where or 'top level'}; "
            f"must be one of: {', '.join(sorted(schema))}"
        )
    for key, kind in schema.items():
        if key == "description":
            continue
        if key not in data:
            raise ClaimKindsError(f"{name}: missing key {key!r} in {where or 'top level'}")
        if isinstance(kind, dict):
            _check_keys(name, f"{where}.{key}".lstrip("."), data[key], kind)
        elif not isinstance(data[key], kind) and not (kind is float and type(data[key]) is int):
            raise ClaimKindsError(
                f"{name}: {where}.{key} must be {kind.__name__}".replace(": .", ": ")
            )


def load_claim_kinds(path: str | Path = CLAIM_KINDS_PATH) -> ClaimKinds:
    """Load and validate the cue file; every problem is a one-line `ClaimKindsError`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ClaimKindsError(f"{path.name}: cannot read: {exc}".splitlines()[0]) from None
    _check_keys(path.name, "", data, _SCHEMA)
    heading = data["heading"]
    patterns = {k: _patterns(path.name, k, data[k]["patterns"]) for k in PATTERN_KINDS}
    return ClaimKinds(
        max_words=heading["max_words"],
        short_max_words=heading["short_max_words"],
        min_title_ratio=float(heading["min_title_ratio"]),
        final_punctuation=heading["final_punctuation"],
        minor_words=frozenset(str(w).lower() for w in heading["minor_words"]),
        advice=patterns["advice"],
        split_after=frozenset(str(w).lower() for w in data["sentences"]["split_after"]),
        reported=patterns["reported"],
        experience=patterns["experience"],
        words={
            k: frozenset(str(w).lower() for w in data[k].get("words", [])) for k in PATTERN_KINDS
        },
    )


def _patterns(name: str, kind: str, raw: list) -> tuple[re.Pattern[str], ...]:
    """Each pattern is checked on its own (an error names it), then all are joined into one
    regular expression: one scan per claim instead of one per pattern."""
    for i, pattern in enumerate(raw):
        try:
            re.compile(pattern, re.IGNORECASE)
        except (re.error, TypeError) as exc:
            raise ClaimKindsError(f"{name}: {kind}.patterns[{i}]: {exc}") from None
    if not raw:
        return ()
    return (re.compile("|".join(f"(?:{p})" for p in raw), re.IGNORECASE),)


@lru_cache(maxsize=1)
def default_claim_kinds() -> ClaimKinds:
    return load_claim_kinds()


def _segment(text: str, split_after: frozenset[str]) -> list[tuple[int, int]]:
    """Sentence spans of one block (offsets into `text`); the segmenter sees a same-length
    shadow without newlines or lone surrogates, so its offsets stay ours."""
    shadow = _SURROGATE.sub("\ufffd", text.replace("\n", " ").replace("\r", " "))
    try:
        from sentencex import get_sentence_boundaries
    except ImportError:  # pragma: no cover - fallback when the compiled segmenter is absent
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
        return [(s.start, s.end) for s in seg.segment(shadow)]
    spans = []
    for b in get_sentence_boundaries("en", shadow):
        start, end = b["start_index"], b["end_index"]
        # sentencex's abbreviation list holds words that end sentences here ("it may. Ibuprofen")
        for m in _ABBREVIATION_END.finditer(shadow, start, end):
            if m.group(1).lower() in split_after:
                spans.append((start, m.end()))
                start = m.end()
        spans.append((start, end))
    return spans


def _windows(text: str, start: int, end: int, limit: int):
    """Cut [start, end) into pieces of at most `limit` chars, preferring a sentence end, then a
    space, so no single segmenter call (or claim) grows with the input."""
    while end - start > limit:
        window = text[start : start + limit]
        cut = max((m.end() for m in _SENTENCE_END.finditer(window, limit // 2)), default=0)
        if not cut:
            cut = max(window.rfind(" ", limit // 2), window.rfind("\n", limit // 2)) + 1
        cut = cut or limit
        yield start, start + cut
        start += cut
    yield start, end


def _blocks(text: str):
    """Yield (start, end, marker) per paragraph: marker is 'heading', 'list' or ''; the span
    excludes the marker. Lines continuing an unfinished lower-case sentence are joined."""
    pos, current = 0, None
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            if current:
                yield current
            current = None
            continue
        marker, skip = "", 0
        if _TABLE_RULE.match(line) and "|" in line and "-" in line:
            continue  # a Markdown table's header rule
        if m := _TABLE.match(line):
            marker, skip = "table", m.end()
        elif m := _HEADING.match(line):
            marker, skip = "heading", m.end()
        elif m := _LIST.match(line):
            marker, skip = "list", m.end()
        elif m := _QUOTE.match(line):
            skip = m.end()
        body = line[skip:]
        if marker == "heading" and (t := _TRAILING_HASHES.search(body)):
            body = body[: t.start()]
        if marker == "table" and (t := _TABLE_END.search(body)):
            body = body[: t.start()]
        stripped = body.strip()
        if not stripped:
            continue
        start = line_start + skip + (len(body) - len(body.lstrip()))
        end = start + len(stripped)
        if (
            current
            and not marker
            and not current[2]
            and stripped[0].islower()
            and text[current[1] - 1] not in ".!?:;"
        ):
            current = (current[0], end, "")
            continue
        if current:
            yield current
        current = (start, end, marker)
    if current:
        yield current


def _spans(text: str, start: int, end: int, kinds: ClaimKinds) -> list[tuple[int, int]]:
    """Stripped, non-empty sentence spans of one block; punctuation-only pieces join the
    previous sentence instead of becoming claims of their own."""
    spans: list[tuple[int, int]] = []
    for w_start, w_end in _windows(text, start, end, MAX_BLOCK_CHARS):
        for s, e in _segment(text[w_start:w_end], kinds.split_after):
            for c_start, c_end in _windows(text, w_start + s, w_start + e, MAX_CLAIM_CHARS):
                piece = text[c_start:c_end]
                stripped = piece.strip()
                if not stripped:
                    continue
                c_start += len(piece) - len(piece.lstrip())
                c_end = c_start + len(stripped)
                if (
                    spans
                    and not any(ch.isalnum() for ch in stripped)
                    and c_end - spans[-1][0] <= MAX_CLAIM_CHARS
                ):
                    spans[-1] = (spans[-1][0], c_end)
                else:
                    spans.append((c_start, c_end))
    return spans


def _looks_like_title(sentence: str, kinds: ClaimKinds) -> bool:
    """A short line without final punctuation whose content words are Capitalised."""
    body = sentence.rstrip(_CLOSERS)
    if not body or body[-1] in kinds.final_punctuation:
        return False
    if body[-1] == ":":
        body = body[:-1]
    words = _WORD.findall(body)
    if not words or len(words) > kinds.max_words or not words[0][0].isupper():
        return False
    if len(words) <= kinds.short_max_words:
        return True
    content = [w for w in words if w.lower() not in kinds.minor_words]
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return bool(content) and capitalised / len(content) >= kinds.min_title_ratio


def classify(
    text: str, marker: str = "", whole_block: bool = False, kinds: ClaimKinds | None = None
) -> str:
    """Kind of one claim: heading > lead-in > title-like heading > question > advice > reported >
    experience > list_item > statement. Only statements and list items are checked: a lead-in
    ("Do not take it if you:") gives its meaning to the items after it; reported speech and
    first-person experience are not the article's own claims."""
    kinds = kinds or default_claim_kinds()
    body = text.rstrip(_CLOSERS)
    if marker == "heading":
        return "heading"
    if body.endswith(":") and marker != "list":
        return "lead_in"
    if whole_block and marker != "list" and _looks_like_title(text, kinds):
        return "heading"
    if body.endswith("?"):
        return "question"
    tokens = set(_TOKENS.findall(text.lower()))
    for kind in ("advice", "reported", "experience"):
        needed = kinds.words.get(kind)
        if needed and not tokens & needed:
            continue
        if any(p.search(text) for p in getattr(kinds, kind)):
            return kind
    return "list_item" if marker == "list" else "statement"


def split_claims(document: Document, kinds: ClaimKinds | None = None) -> tuple[Claim, ...]:
    """All claims of a document in order, ids c001, c002 ...; `paragraph` is the 0-based block."""
    kinds = kinds or default_claim_kinds()
    text, claims = document.text, []
    limit = max_claims_limit()
    previous = ""
    for paragraph, (start, end, marker) in enumerate(_blocks(text)):
        whole = marker in ("heading", "table") and end - start <= MAX_CLAIM_CHARS
        spans = [(start, end)] if whole else _spans(text, start, end, kinds)
        for s, e in spans:
            sentence = text[s:e]
            if marker == "table":  # the first row heads the table; the rest are its items
                kind = "list_item" if previous == "table" else "lead_in"
            else:
                kind = classify(sentence, marker, whole_block=len(spans) == 1, kinds=kinds)
            index = len(claims)
            if index == limit:  # before the expensive stages: refuse, do not truncate
                raise DocumentError(
                    document.name,
                    f"too many claims: more than {limit:,} sentences (limit {MAX_CLAIMS_ENV}); "
                    "split the document or raise the limit",
                )
            claims.append(
                Claim(
                    id=f"c{index + 1:03d}",
                    index=index,
                    start=s,
                    end=e,
                    text=sentence,
                    paragraph=paragraph,
                    checkable=kind in CHECKABLE_KINDS,
                    kind=kind,
                )
            )
        previous = marker
    return tuple(claims)
