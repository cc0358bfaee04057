"""Which label speaks for a drug when several set ids cover it.

DailyMed holds one label per marketed product: the application holder's, and copies by
repackagers and relabelers that often lag it by years (the saved carisoprodol copy from 2010
predates the drug's Schedule IV listing). Importing all of them would put stale and current
wordings side by side, so for each drug and label kind (prescription, OTC: different products
with different doses) one label wins, and the import says which and why:

1. the application holder's own label over a repackager's or distributor's copy (the SPL
   file's establishment operations REPACK / RELABEL without MANUFACTURE, or a labeler in
   importer/data/repackagers.csv);
2. then the most recent effective date;
3. then the more complete label (more facts extracted: a label covering the immediate- and
   extended-release tablets beats one covering only one of them).
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.knowledge.importer.spec import repackagers


@dataclass(frozen=True)
class Candidate:
    """What the choice looks at, for a label read now or one recorded in labels.csv."""

    set_id: str
    version: str
    effective: str
    labeler: str
    application: str
    repackager: bool
    facts: int

    def describe(self) -> str:
        who = "repackager copy" if self.repackager else "application holder"
        app = f", {self.application}" if self.application else ""
        return (
            f"{self.set_id} v{self.version} ({self.labeler}, {who}{app}, "
            f"effective {self.effective}, {self.facts} facts)"
        )


def is_repackager(labeler: str, operations: tuple[str, ...]) -> bool:
    ops = set(operations)
    if ops & {"REPACK", "RELABEL"} and "MANUFACTURE" not in ops:
        return True
    name = labeler.lower()
    return any(name.startswith(known) for known in repackagers())


def rank(c: Candidate) -> tuple:
    return (not c.repackager, c.effective, c.facts, c.set_id)


def choose(candidates: list[Candidate]) -> tuple[Candidate, list[tuple[Candidate, str]]]:
    """The winner, and every other candidate with the reason it lost."""
    ordered = sorted(candidates, key=rank, reverse=True)
    winner, losers = ordered[0], []
    for other in ordered[1:]:
        losers.append((other, reason(winner, other)))
    return winner, losers


def reason(winner: Candidate, other: Candidate) -> str:
    if winner.set_id == other.set_id:
        return "same set id"
    if winner.repackager != other.repackager:
        return "the application holder's label is preferred over a repackager copy"
    if winner.effective != other.effective:
        return f"more recent ({winner.effective} vs {other.effective})"
    if winner.facts != other.facts:
        return f"more complete ({winner.facts} vs {other.facts} facts), same date and holder status"
    return "same date, holder status and completeness; the first set id in order wins"
