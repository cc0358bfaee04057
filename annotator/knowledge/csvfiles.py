"""Reading the CSV files of reference_notes/: rows with their line numbers, every header and
row problem collected as `file:line: message` (never raised), paths shown as a curator knows
them. Shared by the loader and the parts of the table it reads from other files (imported
rows, vocabulary), so every file is read and reported the same way.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path


def read_csv(
    path: Path, columns: tuple[str, ...], problems: list[str], optional: tuple[str, ...] = ()
):
    """Yield (line, row) for data rows; header problems are recorded, not raised. Columns in
    `optional` may be present; a row always has them (empty when the file lacks the column)."""
    name = shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{name}:1: cannot read ({exc.__class__.__name__}: {exc})")
        return
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        problems.append(f"{name}:1: empty file (expected columns: {', '.join(columns)})")
        return
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns and c not in optional]
    if missing:
        problems.append(f"{name}:1: missing column(s) {', '.join(missing)}")
    if unknown:
        problems.append(
            f"{name}:1: unknown column(s) {', '.join(unknown)}; "
            f"must be one of: {', '.join(columns + optional)}"
        )
    if missing:
        return
    for line, cells in enumerate(reader, start=2):
        if not cells or not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) != len(header):
            problems.append(f"{name}:{line}: expected {len(header)} cells, found {len(cells)}")
            continue
        row = dict.fromkeys(optional, "")
        row.update({k: v.strip() for k, v in zip(header, cells, strict=True)})
        yield line, row


def shown(path: Path) -> str:
    """A path as the curator knows it: relative to the working directory when inside it."""
    return shown_from(path, Path.cwd())


@lru_cache(maxsize=1024)  # called for every row; resolve() is a syscall per call
def shown_from(path: Path, cwd: Path) -> str:
    try:
        return path.resolve().relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())
