"""Batch: files and folders in, report.csv (+ findings.csv) out.

Documents stream through one at a time (bounded memory); rows are written as each document
finishes; the output appears atomically (temporary file, then rename) so an interrupted run
never leaves a half-written report behind. A bad input is named in a one-line error and the
rest of the batch is still reported.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.documents import DocumentError, iter_input_files, read_document
from annotator.pipeline import check_document
from annotator.reference import Reference
from annotator.reports import FINDING_COLUMNS, REPORT_COLUMNS, finding_rows, report_rows, write_csv


@dataclass
class BatchSummary:
    documents: int = 0
    claims: int = 0
    findings: int = 0
    verdicts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.verdicts.items()))
        return (f"{self.documents} documents, {self.claims} claims ({counts or 'none'}), "
                f"{self.findings} findings, {len(self.failures)} failed, {self.seconds:.1f} s")


class AtomicWriter:
    """A text file that appears under its final name only when closed without error."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                        dir=self.path.parent)
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def __enter__(self):
        return self.fh

    def __exit__(self, exc_type, exc, tb):
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)
        return False


def iter_results(paths: Iterable[str | os.PathLike], reference: Reference | None = None):
    """Yield (path, DocumentResult) or (path, DocumentError) in input order."""
    for item in iter_input_files(paths):
        if isinstance(item, DocumentError):
            yield None, item
            continue
        try:
            yield item, check_document(read_document(item), reference=reference)
        except DocumentError as exc:
            yield item, exc


def run_batch(paths, out: str | os.PathLike, findings: str | os.PathLike | None = None, *,
              reference: Reference | None = None,
              on_error: Callable[[str], None] = lambda msg: None,
              on_document: Callable[[], None] = lambda: None) -> BatchSummary:
    """Check every input and write the reports; failures are collected, not raised."""
    summary, started = BatchSummary(), time.perf_counter()
    with AtomicWriter(out) as report:
        write_csv(report, REPORT_COLUMNS, ())
        finding_out = AtomicWriter(findings) if findings else None
        try:
            if finding_out:
                write_csv(finding_out.fh, FINDING_COLUMNS, ())
            for _path, result in iter_results(paths, reference):
                if isinstance(result, DocumentError):
                    summary.failures.append(str(result))
                    on_error(str(result))
                    continue
                rows = report_rows(result)
                write_csv(report, REPORT_COLUMNS, rows, header=False)
                if finding_out:
                    write_csv(finding_out.fh, FINDING_COLUMNS, finding_rows(result), header=False)
                summary.documents += 1
                summary.claims += len(rows)
                summary.findings += len(result.findings)
                summary.verdicts.update(c.verdict.value for c in result.checks)
                on_document()
        except BaseException as exc:
            if finding_out:
                finding_out.__exit__(type(exc), exc, None)
            raise
        if finding_out:
            finding_out.__exit__(None, None, None)
    summary.seconds = time.perf_counter() - started
    return summary
