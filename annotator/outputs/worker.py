"""The work of one input, shared by every batch runner (in-process, a process pool, Dask).

Why a module of its own: the local runner (annotator.outputs.batch) and the Dask engine
(annotator.outputs.distributed) both send "check this path" to a worker; the worker reads the
file, checks it with a pipeline it builds once per process, and returns the rendered CSV rows,
so whichever runner is used the client appends the same bytes. Neither runner imports the other.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import os
import signal
import sys
import threading
from collections import Counter
from dataclasses import dataclass

from annotator.extraction.documents import DocumentError, open_regular, read_document
from annotator.knowledge.loader import load_reference
from annotator.knowledge.reference import Reference
from annotator.outputs.reports import (
    FINDING_COLUMNS,
    REPORT_COLUMNS,
    finding_rows,
    report_rows,
    write_csv,
)


@dataclass(frozen=True)
class Outcome:
    """One input, done: the CSV text its rows add to each report, and its counts."""

    path: str
    digest: str | None  # sha256 of the file's bytes; None when it could not be read
    report: str = ""
    findings: str = ""
    claims: int = 0
    finding_count: int = 0
    verdicts: tuple[tuple[str, int], ...] = ()
    error: str | None = None


def file_digest(path: str | os.PathLike) -> str | None:
    """sha256 of a regular file's bytes; None for anything else (a FIFO would block the read,
    /dev/zero never ends)."""
    try:
        fd = open_regular(path)
    except (OSError, ValueError):
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            return hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError:
            return None


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def worker_start(parent: int) -> None:
    """Run first in every worker process. Ctrl-C reaches the whole process group, but only the
    parent decides what to do (save the journal, stop the workers), so workers ignore SIGINT;
    and a worker must not outlive its parent however the parent dies (kill -9 included): on
    Linux the kernel sends it SIGKILL when the parent goes (prctl PR_SET_PDEATHSIG), and if the
    parent was already gone before that was set, it leaves now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the parent's own clean-up still runs
            pass
    if os.getppid() != parent:
        os._exit(0)


_LOCK = threading.Lock()
_REFERENCES: dict[str, Reference] = {}  # notes root -> table, loaded once per process


CURATED_ONLY = "#curated-only"  # a task's key for the table's curated facts alone


def _reference(notes: str) -> Reference:
    if notes not in _REFERENCES:
        root, curated_only = notes.removesuffix(CURATED_ONLY), notes.endswith(CURATED_ONLY)
        table = load_reference(root)
        _REFERENCES[notes] = table.curated_only() if curated_only else table
    return _REFERENCES[notes]


def remember(reference: Reference) -> str:
    """Make `reference` the table this process (and workers forked from it) use for its root;
    returns the key tasks name it by: the root, marked when only curated facts count."""
    notes = str(reference.root) + (CURATED_ONLY if reference.scope == "curated-only" else "")
    _REFERENCES.setdefault(notes, reference)
    return notes


def warm(notes: str) -> None:
    """Build this process's pipeline for the table at `notes` (worker start-up)."""
    from annotator.pipeline import get_checker

    checker = get_checker(_reference(notes))
    checker._parts, checker.linker  # noqa: B018  (cached properties: build them now)


def check_path(path: str, notes: str, with_findings: bool = True) -> Outcome:
    """Read and check one file with the table at `notes`; never raises for a bad input."""
    from annotator.pipeline import check_document

    try:
        with _LOCK:  # a Dask worker may run tasks in threads; one spaCy pipeline per process
            result = check_document(read_document(path), reference=_reference(notes))
    except DocumentError as exc:
        return Outcome(path, file_digest(path), error=str(exc))
    except Exception as exc:  # one broken document must not end a 50k batch
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        return Outcome(path, file_digest(path), error=f"{path}: internal error: {message}")
    rows, report = report_rows(result), io.StringIO()
    write_csv(report, REPORT_COLUMNS, rows, header=False)
    found = io.StringIO()
    if with_findings:
        # finding_rows orders by (start, end, kind, text); ties (omissions all sit at 0-0) come
        # out in set order, which changes with each process's hash seed: order by every column
        ordered_rows = sorted(
            finding_rows(result),
            key=lambda r: tuple(
                (0, r[c], "") if isinstance(r[c], int) else (1, 0, str(r[c]))
                for c in FINDING_COLUMNS
            ),
        )
        write_csv(found, FINDING_COLUMNS, ordered_rows, header=False)
    verdicts = Counter(c.verdict.value for c in result.checks)
    return Outcome(
        path,
        file_digest(path),
        report.getvalue(),
        found.getvalue(),
        len(rows),
        len(result.findings),
        tuple(sorted(verdicts.items())),
    )
