"""`annotator batch --engine dask`: the same batch on a Dask cluster.

Why Dask: it is the existing, pip-installable engine that runs Python functions on a cluster
(a LocalCluster on one machine, `dask scheduler` + `dask worker` on many), with futures that
fit the batch's ordered, bounded-window writer unchanged. Each task is one input path; the
worker reads and checks it with a pipeline it builds once (`annotator.outputs.worker.check_path`
caches it per process) and returns rendered rows, so the client writes the same bytes as a
plain run.

Workers must see the input files and the reference_notes directory at the same paths as the
client (a shared filesystem), and need annotator installed. Install with
`pip install "annotator[dask]"` (dask[distributed]).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from annotator.errors import AnnotatorError


class EngineError(AnnotatorError, RuntimeError):
    """The Dask engine cannot start; the message is one line saying why and what to do."""


@contextmanager
def dask_engine(jobs: int, scheduler: str | None, notes: str, with_findings: bool):
    """Yield (submit(path) -> future, window) on a LocalCluster of `jobs` single-threaded
    worker processes, or on the cluster whose scheduler is at `scheduler` (tcp://host:8786)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise EngineError(
            "--engine dask needs Dask: pip install 'annotator[dask]' (dask[distributed])"
        ) from None
    from annotator.outputs.worker import check_path, warm

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            # processes, one thread each: the spaCy pipeline is CPU-bound Python (GIL)
            cluster = LocalCluster(
                n_workers=max(1, jobs),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        client.run(warm, notes)  # build the pipeline once per worker, before the first task
        threads = (
            sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()) or 1
        )

        def submit(path: str):
            return client.submit(check_path, path, notes, with_findings, pure=False)

        yield submit, 4 * threads
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
