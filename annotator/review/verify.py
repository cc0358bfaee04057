"""Checking the hash chains, their MACs and the anchor: what was changed, removed or forged.

Why these kinds, each a line naming the table and the rows:
- changed: a row's content no longer gives its row_hash (edited in place);
- relinked: a row's prev_hash is not the row before it (rows removed between, inserted or
  reordered); with a gap in the ids it says which ids are missing (removed);
- forged: row_hash and content agree but the MAC does not: the row, or the chain from it on,
  was recomputed by someone without the server key (rewritten, back-dated, another's name);
- unkeyed: a row with no MAC written after the store had its key (a row added behind the
  store's back); rows with no MAC from before revision 0005 are *legacy*, listed apart and
  not a problem: the first anchor recorded how many there were;
- removed: the anchor recorded a row (id, hash) that is no longer there: the newest rows were
  deleted or the table emptied (a chain cannot show its own truncation; the anchor can);
- rewritten: the anchored row is there with another hash.
ChainProblem is a str (the line) carrying table, kind and first/last row id, so callers that
print problems keep working and callers that group them can.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from annotator.review.audit_keys import mac_ok
from annotator.review.chain import GENESIS, row_hash


class ChainProblem(str):
    """One line: '<table> id N[-M]: <what>', with .table .kind .first .last."""

    table: str
    kind: str  # changed | relinked | removed | forged | unkeyed | rewritten | anchor
    first: int | None
    last: int | None

    def __new__(cls, table: str, kind: str, first, last, text: str):
        where = f"id {first}" if first == last else f"ids {first}-{last}"
        line = f"{table} {where}: {text}" if first is not None else f"{table}: {text}"
        self = super().__new__(cls, line)
        self.table, self.kind, self.first, self.last = table, kind, first, last
        return self


class Head(NamedTuple):
    rows: int
    last_id: int
    last_hash: str
    unkeyed: int  # rows without a MAC (legacy rows from before revision 0005)


class AuditReport(NamedTuple):
    """verify's answer: problems (empty = intact), legacy unkeyed row ranges per table, the
    heads now, and how many anchor entries were compared."""

    problems: list[ChainProblem]
    legacy: dict[str, tuple[int, int]]  # table -> (first id, last id) of unkeyed legacy rows
    heads: dict[str, Head]
    anchored: int

    @property
    def ok(self) -> bool:
        return not self.problems


def check_table(
    table: str, rows: Iterable[Mapping], key: bytes, legacy_limit: int | None
) -> tuple[list[ChainProblem], list[int], dict[int, str]]:
    """Problems in one chain, ids of legacy unkeyed rows, and {id: row_hash}."""
    problems, legacy, by_id = [], [], {}
    expected, prev_id, keyed_seen = GENESIS, 0, False
    for position, values in enumerate(rows):
        rid, stored = values["id"], values["row_hash"]
        by_id[rid] = stored
        if values["prev_hash"] != expected:
            if isinstance(rid, int) and rid > prev_id + 1:
                text = (
                    f"prev_hash does not match the previous row (ids {prev_id + 1}-{rid - 1} "
                    "removed)"
                    if rid > prev_id + 2
                    else f"prev_hash does not match the previous row (id {prev_id + 1} removed)"
                )
            else:
                text = "prev_hash does not match the previous row (a row was inserted or reordered)"
            problems.append(ChainProblem(table, "relinked", rid, rid, text))
        try:
            computed = row_hash(table, str(values["prev_hash"]), values)
        except (TypeError, ValueError):  # bytes or other garbage that has no JSON form
            computed = None
        if computed != stored:
            problems.append(
                ChainProblem(
                    table,
                    "changed",
                    rid,
                    rid,
                    "content does not match row_hash (the row was edited)",
                )
            )
        mac = values.get("mac")
        if mac is None:
            is_legacy = not keyed_seen if legacy_limit is None else position < legacy_limit
            if is_legacy:
                legacy.append(rid)
            else:
                problems.append(
                    ChainProblem(
                        table, "unkeyed", rid, rid, "no MAC: added without the server key (forged)"
                    )
                )
        else:
            keyed_seen = True
            if not mac_ok(key, table, str(stored), mac):
                problems.append(
                    ChainProblem(
                        table,
                        "forged",
                        rid,
                        rid,
                        "MAC does not match: rewritten or forged without the server key",
                    )
                )
        expected, prev_id = stored, rid if isinstance(rid, int) else prev_id
    return _merge(problems), legacy, by_id


def check_anchor(table: str, by_id: Mapping[int, str], entries: list[dict]) -> list[ChainProblem]:
    """Compare the table with every anchored head: the anchored last row must still be there,
    with the anchored hash. One line per table: the furthest anchored head that fails."""
    removed = rewritten = None
    have = max(by_id, default=0)
    for entry in entries:
        head = entry["heads"].get(table)
        if not head or not head[0]:
            continue
        rows, last_id, last_hash = head[0], head[1], head[2]
        if last_id not in by_id:  # one in the middle breaks the next row's link instead
            if last_id > have and (removed is None or last_id > removed[1]):
                removed = (rows, last_id, entry["at"])
            continue
        if by_id[last_id] != last_hash and (rewritten is None or last_id > rewritten[0]):
            rewritten = (last_id, entry["at"])
    problems = []
    if removed:
        rows, last_id, at = removed
        first = have + 1
        now = f"the table now ends at id {have}" if by_id else "the table is now empty"
        problems.append(
            ChainProblem(
                table,
                "removed",
                first,
                last_id,
                f"removed: the anchor of {at} recorded {rows} rows ending at id {last_id}; {now}",
            )
        )
    if rewritten:
        last_id, at = rewritten
        problems.append(
            ChainProblem(
                table,
                "rewritten",
                last_id,
                last_id,
                f"rewritten: its hash differs from the one anchored at {at}",
            )
        )
    return problems


def legacy_limits(entries: list[dict]) -> dict[str, int]:
    """Per table, the fewest unkeyed rows any anchor entry recorded (the legacy rows)."""
    limits: dict[str, int] = {}
    for entry in entries:
        for table, head in entry["heads"].items():
            if len(head) > 3:
                limits[table] = min(limits.get(table, head[3]), head[3])
    return limits


def _merge(problems: list[ChainProblem]) -> list[ChainProblem]:
    """Consecutive rows of one table with the same problem become one line (a range)."""
    out: list[ChainProblem] = []
    for p in problems:
        last = out[-1] if out else None
        same = last is not None and (last.table, last.kind) == (p.table, p.kind)
        if same and p.kind != "relinked" and p.first == last.last + 1:
            text = str(last).split(": ", 1)[1]
            out[-1] = ChainProblem(p.table, p.kind, last.first, p.last, text)
        else:
            out.append(p)
    return out


def heads_json(heads: Mapping[str, Head]) -> str:
    return json.dumps({t: list(h) for t, h in heads.items()}, sort_keys=True)
