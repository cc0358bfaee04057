"""What an import tells the curator: per label, whether it is used and why, what changed
(added / changed / removed rows), the rows held back as conflicts with curated facts, and the
values that need a term. Plain lines, so the command prints them and tests read them."""

from __future__ import annotations

from collections import Counter

from annotator.knowledge.importer.label_import import ImportResult

SHOWN = 12  # changed / removed / held rows listed per label before "... and N more"


def summary_lines(result: ImportResult, verbose: bool = False) -> list[str]:
    plan = result.plan
    out = [f"error: {e}" for e in plan.errors]
    for s in sorted(plan.sets, key=lambda s: (s.drug, s.kind, s.status != "in_use")):
        lab = s.label
        head = f"{s.drug} ({s.kind}) {lab.set_id} v{lab.version} {lab.effective} {lab.labeler}"
        if s.status != "in_use":
            gone = result.removed.get(lab.set_id, [])
            out.append(
                f"  skip {head}: {s.status}: {s.reason}"
                + (f"; {len(gone)} rows removed" if gone else "")
            )
            continue
        was = f", was v{s.previous}" if s.previous and s.previous != lab.version else ""
        new = "new" if not s.previous else ("re-imported" if not was else "updated")
        out.append(
            f"  use  {head} [{new}{was}]: {len(s.rows)} rows: {len(s.added)} added, "
            f"{len(s.changed)} changed, {len(s.removed)} removed; {len(s.held)} held as "
            f"conflicts; {len(s.needs)} need a term" + (f"; {s.reason}" if s.reason else "")
        )
        limit = None if verbose else SHOWN
        out += _listed("~ changed", [f"{f} ({', '.join(w)})" for f, w in s.changed], limit)
        out += _listed("- removed", s.removed, limit)
        out += _listed(
            "! conflict", [f"{f} vs {', '.join(c)}: {why}" for f, c, why in s.held], limit
        )
        if verbose:
            out += _listed("+ added", s.added, None)
    for r in plan.dropped:
        gone = len(result.removed.get(r["set_id"], []))
        out.append(
            f"  drop {r['drug']} ({r['kind']}) {r['set_id']} v{r['version']}: {r['reason']}"
            f"; {gone} rows removed"
        )
    needs = [n for s in plan.sets if s.status == "in_use" for n in s.needs]
    if needs:
        kinds = Counter(n.attribute for n in needs)
        out.append(
            f"needs term: {len(needs)} label values have no term yet "
            f"({', '.join(f'{a} {c}' for a, c in kinds.most_common())}); listed in needs_terms.csv"
        )
        for n in needs[: (None if verbose else SHOWN)]:
            out.append(f"    {n.drug} {n.attribute} '{n.raw_value[:70]}': {n.reason}")
    skipped = Counter()
    for s in plan.sets:
        skipped.update(s.skipped)
    if skipped:
        out.append(
            "no table attribute yet (not imported): "
            + ", ".join(f"{a} {c}" for a, c in skipped.most_common())
        )
    used = [s for s in plan.sets if s.status == "in_use"]
    out.append(
        f"{len(plan.sets)} label(s) read, {len(used)} used, {sum(len(s.rows) for s in used)} "
        f"rows; {len(result.new_sources)} source(s) and {len(result.new_names)} drug name(s) "
        f"added; {result.seconds:.1f} s"
    )
    return out


def _listed(mark: str, items: list[str], limit: int | None) -> list[str]:
    shown = items if limit is None else items[:limit]
    out = [f"    {mark} {item}" for item in shown]
    if limit is not None and len(items) > limit:
        out.append(f"    {mark} ... and {len(items) - limit} more (--verbose lists all)")
    return out
