"""The importer's own data (importer/data/): how each label attribute becomes a table row,
label-only wordings of terms, and labelers known to repackage. Strict: a typo fails at load
time with `file:line: problem`, never as a KeyError in the middle of an import.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.knowledge.schema import ATTRIBUTES, SEVERITIES, TERM_ID, TERM_KINDS

DATA = Path(__file__).with_name("data")
LOOKUPS = ("exact", "find", "first", "amount")


class LabelImportError(AnnotatorError):
    """A label import cannot go on (bad notes directory, bad importer data, no labels)."""


@dataclass(frozen=True)
class AttributeSpec:
    label_attribute: str
    table_attribute: str
    kinds: tuple[str, ...]
    lookup: str
    severity: str
    phrase: str


def _rows(name: str, columns: tuple[str, ...]):
    path = DATA / name
    lines = [
        (n, line)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() and not line.startswith("#")
    ]
    header = tuple(next(csv.reader([lines[0][1]]))) if lines else ()
    if header != columns:
        raise LabelImportError(f"{path}:{lines[0][0] if lines else 1}: header must be {columns}")
    for n, line in lines[1:]:
        cells = next(csv.reader([line]))
        if len(cells) != len(columns) or not all(c.strip() for c in cells):
            raise LabelImportError(
                f"{path}:{n}: expected {len(columns)} values: {', '.join(columns)}"
            )
        yield path, n, dict(zip(columns, (c.strip() for c in cells), strict=True))


@cache
def attribute_specs() -> dict[str, AttributeSpec]:
    out = {}
    columns = ("label_attribute", "table_attribute", "kinds", "lookup", "severity", "phrase")
    for path, n, row in _rows("attributes.csv", columns):
        spec = AttributeSpec(**{**row, "kinds": tuple(row["kinds"].split("|"))})
        allowed = set(TERM_KINDS) | {"drug", "amount"}
        if (
            spec.table_attribute not in ATTRIBUTES
            or spec.lookup not in LOOKUPS
            or spec.severity not in SEVERITIES
            or not set(spec.kinds) <= allowed
        ):
            raise LabelImportError(
                f"{path}:{n}: table_attribute must be one of the table's attributes, lookup one "
                f"of {', '.join(LOOKUPS)}, severity one of {', '.join(SEVERITIES)}, kinds of "
                f"{', '.join(sorted(allowed))}"
            )
        out[spec.label_attribute] = spec
    return out


@cache
def aliases() -> dict[str, str]:
    out = {}
    for path, n, row in _rows("aliases.csv", ("label_wording", "term_id")):
        if not TERM_ID.match(row["term_id"]):
            raise LabelImportError(f"{path}:{n}: '{row['term_id']}' is not a term id (kind:slug)")
        out[row["label_wording"]] = row["term_id"]
    return out


@cache
def repackagers() -> tuple[str, ...]:
    return tuple(
        row["labeler"].lower() for _, _, row in _rows("repackagers.csv", ("labeler", "note"))
    )
