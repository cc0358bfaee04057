"""--engine dask on a LocalCluster (2 workers, a few documents) writes the plain run's bytes."""

from __future__ import annotations

import shutil

import pytest

from annotator.outputs.batch import run_batch
from tests.conftest import ROOT, corpus_files

pytest.importorskip("dask.distributed")


def test_dask_engine_writes_the_same_bytes_as_the_plain_run(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in sorted((ROOT / "claims").iterdir()) + corpus_files()[:2]:
        shutil.copy(path, docs / path.name)
    (docs / "empty.txt").write_text("", encoding="utf-8")  # a failure travels back too
    plain = run_batch([docs], tmp_path / "plain.csv", tmp_path / "plain_f.csv")
    failures = []
    dask = run_batch(
        [docs],
        tmp_path / "dask.csv",
        tmp_path / "dask_f.csv",
        engine="dask",
        jobs=2,
        on_error=failures.append,
    )
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "plain.csv").read_bytes()
    assert (tmp_path / "dask_f.csv").read_bytes() == (tmp_path / "plain_f.csv").read_bytes()
    assert failures == plain.failures and len(failures) == 1 and "empty.txt" in failures[0]
    assert dask.line().split(", ")[:-1] == plain.line().split(", ")[:-1]  # all but the time
