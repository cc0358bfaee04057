"""Batch: files and folders in, report.csv (+ findings.csv) out, at catalogue scale.

Why this shape:
- Streaming, bounded memory: inputs are checked one at a time per worker, at most a small window
  of documents is in flight, and each document's rows are written as soon as every earlier
  document's are (so the file is in input order whatever finishes first: `--jobs 2` and
  `--engine dask` write the same bytes as one process).
- Workers return *rendered* rows (CSV text), so the parent only appends bytes; the pipeline is
  built once per worker process (`get_checker` caches it; forked workers inherit the parent's).
- Atomic and resumable: rows go to `<out>.partial`; `<out>.progress` is a journal of one JSON
  line per finished input (path, sha256 of its bytes, byte offsets its rows end at, counts),
  appended only after the partial files are fsynced (group commit, about once a second). After
  a kill -9, `--resume` keeps the journalled inputs whose path and content hash still match, in
  order, truncates the partial files there and carries on: the final file has the same bytes as
  an uninterrupted run. The partial is renamed over `<out>` only when the batch is complete.
- A bad input is named in a one-line error and the rest of the batch is still reported.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.extraction.documents import DocumentError, iter_input_files
from annotator.knowledge.reference import Reference
from annotator.outputs.reports import FINDING_COLUMNS, REPORT_COLUMNS, to_csv
from annotator.outputs.worker import (
    Outcome,
    check_path,
    file_digest,
    remember,
    warm,
    worker_start,
)

COMMIT_SECONDS = 1.0  # journal group commit: at most this much work is redone after a kill


@dataclass
class BatchSummary:
    documents: int = 0
    claims: int = 0
    findings: int = 0
    verdicts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    resumed: int = 0  # inputs taken over from an interrupted run (--resume)

    def line(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.verdicts.items()))
        resumed = f" ({self.resumed} resumed)" if self.resumed else ""
        return (
            f"{self.documents} documents{resumed}, {self.claims} claims ({counts or 'none'}), "
            f"{self.findings} findings, {len(self.failures)} failed, {self.seconds:.1f} s"
        )

    def add(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.failures.append(outcome.error)
            return
        self.documents += 1
        self.claims += outcome.claims
        self.findings += outcome.finding_count
        self.verdicts.update(dict(outcome.verdicts))


def ordered(tasks: Iterable[str | Outcome], submit: Callable, window: int) -> Iterator[Outcome]:
    """Outcomes in task order; at most `window` submitted tasks in flight (bounded memory).
    `submit(path)` returns an Outcome or a future (concurrent.futures or Dask: .done/.result)."""
    pending: deque = deque()
    for task in tasks:
        pending.append(task if isinstance(task, Outcome) else submit(task))
        while pending and (
            len(pending) > window or isinstance(pending[0], Outcome) or pending[0].done()
        ):
            head = pending.popleft()
            yield head if isinstance(head, Outcome) else head.result()
    while pending:
        head = pending.popleft()
        yield head if isinstance(head, Outcome) else head.result()


class Journal:
    """`<out>.partial` (+ `<findings>.partial`) and the `<out>.progress` journal beside them."""

    def __init__(self, out: Path, findings: Path | None, header: dict, resume: bool):
        self.out, self.findings = out, findings
        self.header = json.loads(json.dumps(header))  # as it reads back (tuples become lists)
        self.paths = [Path(f"{out}.partial")] + ([Path(f"{findings}.partial")] if findings else [])
        self.journal_path = Path(f"{out}.progress")
        self.done: list[dict] = self._load() if resume else []
        self.pending: list[str] = []
        self.last_commit = time.monotonic()

    def _load(self) -> list[dict]:
        """Journalled entries whose rows are really in the partial files (a torn tail is cut)."""
        try:
            lines = self.journal_path.read_text(encoding="utf-8").split("\n")
            sizes = [p.stat().st_size for p in self.paths]
        except (OSError, UnicodeDecodeError):
            return []
        try:
            if json.loads(lines[0]) != self.header:
                return []  # another table, columns or outputs: nothing can be reused
        except ValueError:
            return []
        entries = []
        for line in lines[1:]:
            try:
                entry = json.loads(line)
            except ValueError:
                break
            if any(end > size for end, size in zip(entry["ends"], sizes, strict=True)):
                break
            entries.append(entry)
        return entries

    def open(self, inputs: list) -> list[Outcome]:
        """Start (or resume) the partial files; returns the outcomes taken over, in order."""
        kept = []
        for entry, item in zip(self.done, inputs, strict=False):
            if entry["path"] != _name(item) or entry["digest"] != (
                file_digest(item) if isinstance(item, Path) else None
            ):
                break
            kept.append(entry)
        self.done = kept
        starts = [len(to_csv(REPORT_COLUMNS, ()).encode())]
        if self.findings:
            starts.append(len(to_csv(FINDING_COLUMNS, ()).encode()))
        ends = kept[-1]["ends"] if kept else None
        self.files = []
        for i, path in enumerate(self.paths):
            path.parent.mkdir(parents=True, exist_ok=True)
            if ends:
                fh = open(path, "r+b")  # noqa: SIM115  (kept open until finish/close)
                fh.truncate(ends[i])
                fh.seek(ends[i])
            else:
                fh = open(path, "wb")  # noqa: SIM115
                fh.write(to_csv((REPORT_COLUMNS, FINDING_COLUMNS)[i], ()).encode())
            self.files.append(fh)
        self.offsets = list(ends or starts)
        self._rewrite_journal()
        return [
            Outcome(
                e["path"],
                e["digest"],
                claims=e["claims"],
                finding_count=e["findings"],
                verdicts=tuple(map(tuple, e["verdicts"])),
                error=e["error"],
            )
            for e in kept
        ]

    def _rewrite_journal(self) -> None:
        tmp = Path(f"{self.journal_path}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write("\n".join(json.dumps(x) for x in [self.header, *self.done]) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.journal_path)
        self.journal = open(self.journal_path, "a", encoding="utf-8")  # noqa: SIM115

    def append(self, outcome: Outcome) -> None:
        for i, text in enumerate((outcome.report, outcome.findings)[: len(self.files)]):
            data = text.encode("utf-8")
            self.files[i].write(data)
            self.offsets[i] += len(data)
        entry = {
            "path": outcome.path,
            "digest": outcome.digest,
            "ends": list(self.offsets),
            "claims": outcome.claims,
            "findings": outcome.finding_count,
            "verdicts": [list(v) for v in outcome.verdicts],
            "error": outcome.error,
        }
        self.pending.append(json.dumps(entry))
        if time.monotonic() - self.last_commit >= COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Rows first (fsynced), then the journal lines that vouch for them."""
        for fh in self.files:
            fh.flush()
            os.fsync(fh.fileno())
        if self.pending:
            self.journal.write("".join(line + "\n" for line in self.pending))
            self.journal.flush()
            os.fsync(self.journal.fileno())
            self.pending.clear()
        self.last_commit = time.monotonic()

    def finish(self) -> None:
        """Publish: the partial files replace the reports, then the journal goes."""
        self.commit()
        for fh in self.files:
            fh.close()
        self.journal.close()
        finals = [self.out, self.findings][: len(self.paths)]
        for partial, final in zip(self.paths, finals, strict=True):
            os.replace(partial, final)
        self.journal_path.unlink()

    def close(self) -> None:
        """Interrupted: save what is done for --resume."""
        self.commit()
        for fh in [*self.files, self.journal]:
            fh.close()


def _name(item: Path | DocumentError) -> str:
    return str(item) if isinstance(item, Path) else item.name


def run_batch(
    paths,
    out: str | os.PathLike,
    findings: str | os.PathLike | None = None,
    *,
    reference: Reference | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    on_error: Callable[[str], None] = lambda msg: None,
    on_document: Callable[[], None] = lambda: None,
    on_start: Callable[[int], None] = lambda total: None,
) -> BatchSummary:
    """Check every input and write the reports; failures are collected, not raised.

    `jobs` worker processes (engine "local") or a Dask cluster (engine "dask": a LocalCluster of
    `jobs` workers, or the one at `scheduler`); `resume` continues an interrupted run."""
    from annotator.pipeline import get_checker

    started = time.perf_counter()
    reference = get_checker(reference).reference
    notes = remember(reference)
    header = {
        "journal": 1,
        "reference": reference.version,
        "findings": findings is not None,
        "columns": [REPORT_COLUMNS, FINDING_COLUMNS],
    }
    inputs = list(iter_input_files(paths))  # paths only: the documents themselves stream
    journal = Journal(Path(out), Path(findings) if findings else None, header, resume)
    summary = BatchSummary()
    taken = journal.open(inputs)
    try:
        # workers start before any progress display: no thread is running when they fork
        with _engine(engine, jobs, scheduler, notes, findings is not None) as (submit, window):
            on_start(len(inputs))
            for outcome in taken:
                summary.add(outcome)
                if outcome.error:
                    on_error(outcome.error)
                on_document()
            summary.resumed = len(taken)
            tasks = (
                str(i) if isinstance(i, Path) else Outcome(i.name, None, error=str(i))
                for i in inputs[len(taken) :]
            )
            for outcome in ordered(tasks, submit, window):
                journal.append(outcome)
                summary.add(outcome)
                if outcome.error:
                    on_error(outcome.error)
                on_document()
    except BaseException:
        journal.close()
        raise
    journal.finish()
    summary.seconds = time.perf_counter() - started
    return summary


def _stop(pool) -> None:
    """Interrupted: end the workers now rather than let them finish the queued documents
    (shutdown(wait=True) would, and a killed parent would leave them running)."""
    workers = list((pool._processes or {}).values())  # the executor has no public handle
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()


def _engine(engine: str, jobs: int, scheduler: str | None, notes: str, with_findings: bool):
    """A context manager yielding (submit(path) -> Outcome | future, window)."""
    from contextlib import contextmanager

    if engine == "dask":
        from annotator.outputs.distributed import dask_engine

        return dask_engine(jobs, scheduler, notes, with_findings)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; must be one of: local, dask")

    @contextmanager
    def local():
        if jobs <= 1:
            yield (lambda path: check_path(path, notes, with_findings)), 1
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        warm(notes)  # forked workers inherit the built pipeline: start-up is paid once
        pool = ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=worker_start,
            initargs=(os.getpid(),),
        )
        try:
            pool.submit(int).result()  # forks every worker now (3.11 forks them all at once)
            yield (lambda path: pool.submit(check_path, path, notes, with_findings)), 4 * jobs
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown(wait=True)

    return local()
