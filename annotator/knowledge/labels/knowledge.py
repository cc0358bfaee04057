"""Strict loaders for the importer's knowledge files in data/ (section codes, title rules,
document types, DEA schedule codes, frequency bands, cue phrases).

Knowledge lives in data so a curator can read and extend it; a typo there must fail at load
time with one line naming the file, the line and what is allowed, never as a KeyError deep in
an extractor. Every loader is cached: the files are read once per process.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


class KnowledgeError(ValueError):
    """A knowledge file is malformed (file:line: problem)."""


def read_rows(name: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of data/<name> as (line number, row); '#' lines are comments. The header must be
    exactly `columns`, and every row must have a value for each column but the last."""
    path = DATA / name
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [
        (n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")
    ]
    if not body:
        raise KnowledgeError(f"{path}: empty")
    (hn, header), rows = body[0], body[1:]
    found = tuple(next(csv.reader([header])))
    if found != columns:
        raise KnowledgeError(f"{path}:{hn}: header {found} must be {columns}")
    out = []
    for n, line in rows:
        cells = next(csv.reader([line]))
        if len(cells) != len(columns) or not all(c.strip() for c in cells[:-1]):
            raise KnowledgeError(
                f"{path}:{n}: expected {len(columns)} values ({', '.join(columns)})"
            )
        out.append((n, dict(zip(columns, (c.strip() for c in cells), strict=True))))
    return out


@dataclass(frozen=True)
class SectionCode:
    code: str
    kind: str
    openfda_field: str
    name: str


@cache
def section_codes() -> dict[str, SectionCode]:
    out: dict[str, SectionCode] = {}
    for n, row in read_rows("sections.csv", ("code", "kind", "openfda_field", "name")):
        if not re.fullmatch(r"\d{4,5}-\d", row["code"]):
            raise KnowledgeError(
                f"{DATA / 'sections.csv'}:{n}: '{row['code']}' is not a LOINC code"
            )
        if row["code"] in out:
            raise KnowledgeError(f"{DATA / 'sections.csv'}:{n}: duplicate code {row['code']}")
        out[row["code"]] = SectionCode(**row)
    return out


def section_kinds() -> set[str]:
    return {s.kind for s in section_codes().values()}


@cache
def title_rules() -> tuple[tuple[re.Pattern, str, str], ...]:
    path = DATA / "section_titles.csv"
    kinds = section_kinds() | {"limitations_of_use"}
    rules = []
    for n, row in read_rows("section_titles.csv", ("pattern", "kind", "applies_to")):
        if row["kind"] not in kinds:
            raise KnowledgeError(f"{path}:{n}: unknown kind '{row['kind']}' (see sections.csv)")
        if row["applies_to"] not in ("generic", "always"):
            raise KnowledgeError(f"{path}:{n}: applies_to must be generic or always")
        try:
            rx = re.compile(row["pattern"], re.I)
        except re.error as err:
            raise KnowledgeError(f"{path}:{n}: bad pattern: {err}") from None
        rules.append((rx, row["kind"], row["applies_to"]))
    return tuple(rules)


@cache
def document_types() -> dict[str, str]:
    rows = read_rows("document_types.csv", ("code", "kind", "name"))
    for n, row in rows:
        if row["kind"] not in ("rx", "otc", "indexing", "other"):
            raise KnowledgeError(
                f"{DATA / 'document_types.csv'}:{n}: kind must be rx|otc|indexing|other"
            )
    return {row["code"]: row["kind"] for _, row in rows}


@cache
def schedule_codes() -> dict[str, str]:
    rows = read_rows("schedules.csv", ("code", "schedule"))
    for n, row in rows:
        if row["schedule"] not in ("CI", "CII", "CIII", "CIV", "CV"):
            raise KnowledgeError(f"{DATA / 'schedules.csv'}:{n}: schedule must be CI..CV")
    return {row["code"]: row["schedule"] for _, row in rows}


@cache
def frequency_bands() -> tuple[tuple[str, float, float], ...]:
    out = []
    for n, row in read_rows("frequency_bands.csv", ("band", "min_pct", "max_pct")):
        try:
            lo, hi = float(row["min_pct"]), float(row["max_pct"])
        except ValueError:
            raise KnowledgeError(
                f"{DATA / 'frequency_bands.csv'}:{n}: bounds must be numbers"
            ) from None
        out.append((row["band"], lo, hi))
    return tuple(out)


def band_for(percent: float) -> str:
    for band, lo, hi in frequency_bands():
        if lo <= percent < hi:
            return band
    return ""


# --- cue phrases (data/cues.json): named regular expressions per extractor ------------------

CUE_KEYS = {"description": str, "patterns": dict}


class Alternatives:
    """A cue given as a list: alternatives tried separately (they may reuse group names)."""

    def __init__(self, patterns: list[re.Pattern]):
        self.patterns = tuple(patterns)

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        hits = [m for p in self.patterns if (m := p.search(text, pos))]
        return min(hits, key=lambda m: m.start()) if hits else None

    def finditer(self, text: str):
        return iter(
            sorted((m for p in self.patterns for m in p.finditer(text)), key=lambda m: m.start())
        )

    def match(self, text: str) -> re.Match | None:
        return next((m for p in self.patterns if (m := p.match(text))), None)

    def fullmatch(self, text: str) -> re.Match | None:
        return next((m for p in self.patterns if (m := p.fullmatch(text))), None)

    def sub(self, repl: str, text: str) -> str:
        for p in self.patterns:
            text = p.sub(repl, text)
        return text


@cache
def cues() -> dict[str, re.Pattern | Alternatives]:
    """Named cue patterns; each value in cues.json is a regex string or a list of alternatives,
    compiled case-insensitively."""
    path = DATA / "cues.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise KnowledgeError(f"{path}: cannot read cues: {err}") from None
    if not isinstance(data, dict) or set(data) - set(CUE_KEYS) or "patterns" not in data:
        raise KnowledgeError(f"{path}: top-level keys must be {sorted(CUE_KEYS)}")
    out = {}
    for name, value in data["patterns"].items():
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) for v in values):
            raise KnowledgeError(f"{path}: pattern '{name}' must be a string or list of strings")
        try:
            compiled = [re.compile(v, re.I) for v in values]
        except re.error as err:
            raise KnowledgeError(f"{path}: pattern '{name}': {err}") from None
        out[name] = compiled[0] if isinstance(value, str) else Alternatives(compiled)
    return out


def cue(name: str) -> re.Pattern | Alternatives:
    patterns = cues()
    if name not in patterns:
        raise KnowledgeError(
            f"{DATA / 'cues.json'}: no pattern '{name}' (have: {', '.join(sorted(patterns))})"
        )
    return patterns[name]


ADR_SETTINGS = {"description": str, "min_reliability": float, "min_occurrences": int}


@cache
def adr_settings() -> dict:
    """Thresholds of the adverse-reaction finder (data/adr_settings.json)."""
    path = DATA / "adr_settings.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise KnowledgeError(f"{path}: cannot read settings: {err}") from None
    if not isinstance(data, dict) or set(data) != set(ADR_SETTINGS):
        raise KnowledgeError(f"{path}: keys must be exactly {sorted(ADR_SETTINGS)}")
    for key, typ in ADR_SETTINGS.items():
        if not isinstance(data[key], typ) or isinstance(data[key], bool):
            raise KnowledgeError(f"{path}: '{key}' must be {typ.__name__}")
    return data
