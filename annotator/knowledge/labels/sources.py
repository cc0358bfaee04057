"""Find label files in what a team downloads: SPL XML files, folders of them, DailyMed zips
(a bulk zip holds one zip per label, which holds the XML and its images) and openFDA
`drug-label-*.json(.zip)` files; read every one, and keep going past the bad ones.

A batch of hundreds of labels must not stop at the first malformed file: every problem
becomes one `LabelError` line naming the file (zip members as `outer.zip!inner.zip!x.xml`),
collected next to the labels that were read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .indexing import ClassIndexEntry, is_indexing, read_indexing
from .openfda import read_openfda
from .records import Label, LabelError
from .spl import read_spl

MAX_MEMBER_BYTES = 200 * 1024 * 1024  # an SPL is < 5 MB; openFDA parts are ~150 MB unpacked
MAX_ZIP_DEPTH = 3
SKIPPED_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".pdf", ".txt", ".md", ".csv", ".html"}


@dataclass(frozen=True)
class ReadResult:
    labels: tuple[Label, ...]
    errors: tuple[LabelError, ...]
    class_index: tuple[ClassIndexEntry, ...] = ()  # from pharmacologic-class indexing files


def read_labels(paths: Iterable[str | Path]) -> ReadResult:
    """Every label under `paths` (files, folders, zips); bad inputs go to `errors`."""
    labels: list[Label] = []
    errors: list[LabelError] = []
    index: list[ClassIndexEntry] = []
    for path in paths:
        for name, data, err in iter_inputs(Path(path)):
            if err:
                errors.append(err)
                continue
            try:
                if is_indexing(data):
                    index.extend(read_indexing(data, name))
                else:
                    labels.extend(read_bytes(data, name))
            except LabelError as e:
                errors.append(e)
    return ReadResult(tuple(labels), tuple(errors), tuple(index))


def read_bytes(data: bytes, name: str) -> list[Label]:
    """One file's labels, by what it looks like inside rather than trusting its suffix."""
    head = data.lstrip()[:1]
    if name.lower().endswith(".json") or head in (b"{", b"["):
        return read_openfda(data, name)
    return [read_spl(data, name)]


def iter_inputs(path: Path) -> Iterator[tuple[str, bytes, LabelError | None]]:
    """(name, bytes, error) for each candidate file under `path`."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and wanted(child.name):
                yield from iter_inputs(child)
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield str(path), b"", LabelError(str(path), f"cannot read ({err.strerror or err})")
        return
    yield from iter_blob(str(path), data, 0)


def wanted(name: str) -> bool:
    lower = name.lower()
    return not lower.startswith(".") and (lower.endswith((".xml", ".json", ".zip")))


def iter_blob(name: str, data: bytes, depth: int) -> Iterator[tuple[str, bytes, LabelError | None]]:
    if not data.startswith(b"PK\x03\x04") and not name.lower().endswith(".zip"):
        yield name, data, None
        return
    if depth >= MAX_ZIP_DEPTH:
        yield name, b"", LabelError(name, f"zip nested deeper than {MAX_ZIP_DEPTH} levels")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile as err:
        yield name, b"", LabelError(name, f"not a readable zip ({err})")
        return
    found = False
    for member in members:
        inner = f"{name}!{member.filename}"
        base = member.filename.rsplit("/", 1)[-1]
        if Path(base.lower()).suffix in SKIPPED_SUFFIXES or not wanted(base):
            continue
        found = True
        if member.file_size > MAX_MEMBER_BYTES:
            yield inner, b"", LabelError(inner, f"member too large ({member.file_size} bytes)")
            continue
        try:
            blob = archive.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError) as err:
            yield inner, b"", LabelError(inner, f"cannot unpack ({err})")
            continue
        yield from iter_blob(inner, blob, depth + 1)
    if not found:
        yield name, b"", LabelError(name, "zip holds no .xml, .json or .zip label file")
