"""The rule data files (annotator/knowledge/data/) and strict readers for the JSON ones.

Knowledge lives in data files, so a typo in one must fail loudly, in one line that names the
file, the place and what is allowed, never as a KeyError deep in a detector.
"""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

from annotator.errors import AnnotatorError

# Rule data shipped with the package: claim kinds, context (negation/hedging) rules, cue phrases,
# spin, spelling, garble and suggestion templates. Every stage reads its rules from here.
DATA_DIR = Path(__file__).with_name("data")


class RuleDataError(AnnotatorError, ValueError):
    """A rule data file is malformed; the message names the file, the place and what is allowed."""


def read_json(path: str | Path, error: type[ValueError], what: str = "rules") -> object:
    path = Path(path)
    try:
        if path.suffix == ".gz":  # a large built table is shipped compressed
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                return json.load(fh)
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, EOFError, json.JSONDecodeError) as err:
        raise error(f"{path}: cannot read {what}: {err}") from None


def check_keys(
    where: str, data: object, spec: dict, error: type[ValueError], required: set[str] | None = None
) -> dict:
    """`data` must be an object with only `spec`'s keys (of their types) and every required
    key (default: all but "description")."""
    if not isinstance(data, dict):
        raise error(f"{where}: expected an object")
    required = set(spec) - {"description"} if required is None else required
    unknown, missing = sorted(set(data) - set(spec)), sorted(required - set(data))
    if unknown or missing:
        raise error(
            f"{where}: unknown keys {unknown}, missing keys {missing} (must be: {', '.join(spec)})"
        )
    for key, typ in spec.items():
        if key in data and not isinstance(data[key], typ):
            raise error(f"{where}: '{key}' has the wrong type")
    return data


def load_cues(path: Path = DATA_DIR / "cues.csv") -> dict[str, tuple[str, ...]]:
    """Cue phrases ("side effects", "used to treat", "stop abruptly") by cue id; every cue id
    the code relies on (annotator.knowledge.contract) must be there."""
    from annotator.knowledge.contract import CUES, missing

    cues: dict[str, tuple[str, ...]] = {}
    try:
        with path.open(encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                if set(row) != {"cue_id", "names"}:
                    raise RuleDataError(f"{path}:{line}: columns must be cue_id, names")
                if row["cue_id"].startswith("#"):
                    continue
                names = (row["names"] or "").split("|")
                cues[row["cue_id"]] = tuple(n.strip() for n in names if n.strip())
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleDataError(f"{path}: cannot read cues: {exc}") from None
    problems = missing(cues, CUES, "cue")
    if problems:
        raise RuleDataError("\n".join(f"{path}:1: {p}" for p in problems))
    return cues
