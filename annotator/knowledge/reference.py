"""The reference table, indexed: typed facts, sources, drug names and the vocabulary of terms
(hierarchy through `parent`, exclusive groups), with the lookups the checker makes per claim.

Lookups are dict indexes built once when the table is loaded (annotator.knowledge.loader), so
the cost of a claim does not grow with the size of the table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.errors import AnnotatorError
from annotator.knowledge.schema import TERM_KINDS
from annotator.models import Fact, Label, Source

if TYPE_CHECKING:
    from annotator.knowledge.curation import ImportedRow
    from annotator.knowledge.releases import Release


class ReferenceError(AnnotatorError, ValueError):
    """The table has problems; `problems` holds every one as 'file:line: message'."""

    SHOWN = 20  # problems listed in a message; `annotator notes validate` lists them all

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in reference notes:\n" + "\n".join(problems))

    def message(self) -> str:
        more = len(self.problems) - self.SHOWN
        return (
            "reference notes are invalid (run 'annotator notes validate'):\n"
            + "\n".join(self.problems[: self.SHOWN])
            + (f"\n... and {more} more" if more > 0 else "")
        )


@dataclass(frozen=True)
class Term:
    term_id: str
    names: tuple[str, ...]
    parents: tuple[str, ...] = ()
    implies: tuple[tuple[str, str], ...] = ()
    exclusive: str = ""
    note: str = ""

    @property
    def kind(self) -> str:
        return self.term_id.split(":", 1)[0]

    @property
    def label(self) -> Label:
        return TERM_KINDS[self.kind]

    @property
    def name(self) -> str:
        return self.names[0] if self.names else self.term_id


class KnownNames(Mapping[str, str]):
    """Correctly spelled drug names: every name is known (`in`, lookup), but iterating gives
    only the curated ones (drugs.csv). Why: misspellings are matched by iterating the names, and
    an imported vocabulary of tens of thousands of rare names would make every unusual word
    "close to" some drug; a name from the vocabulary is still a known, correct spelling."""

    def __init__(self, curated: dict[str, str], imported: dict[str, str]):
        self._curated, self._imported = curated, imported

    def __getitem__(self, key: str) -> str:
        return self._curated[key] if key in self._curated else self._imported[key]

    def __contains__(self, key: object) -> bool:
        return key in self._curated or key in self._imported

    def __iter__(self) -> Iterator[str]:
        return iter(self._curated)

    def __len__(self) -> int:
        return len(self._curated)


@dataclass(frozen=True)
class Phrasing:
    phrasing_id: str
    drug: str
    fact_id: str
    kind: str
    phrase: str
    note: str = ""


@dataclass
class Reference:
    """The whole table, indexed. Built once; treat as read-only."""

    root: Path
    sources: dict[str, Source]
    terms: dict[str, Term]
    facts: tuple[Fact, ...]
    phrasings: tuple[Phrasing, ...]
    drug_names: dict[str, str]  # lower-cased surface name -> drug id
    drug_generic: dict[str, str]  # drug id -> display name
    version: str
    by_drug_attr: dict[tuple[str, str], tuple[Fact, ...]] = field(default_factory=dict)
    by_id: dict[str, Fact] = field(default_factory=dict)
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict)

    drug_classes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # drug -> class terms
    spelled_names: Mapping[str, str] = field(default_factory=dict)  # drug_names minus misspellings
    misspellings: dict[str, str] = field(default_factory=dict)  # curated misspelling -> drug
    # names from an imported vocabulary (vocabulary/*.csv), also in drug_names: name -> drug
    vocabulary_names: dict[str, str] = field(default_factory=dict)
    # imported rows (reference_notes/imported/) with their review state, for curation
    imported_rows: tuple[ImportedRow, ...] = ()
    releases: tuple[Release, ...] = ()  # signed releases, oldest first (releases.csv)
    content_hash: str = ""  # of the table's files; `version` adds the release that has it
    scope: str = ""  # "" (every active fact) or "curated-only"

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for fact in self.facts:
            index[(fact.drug, fact.attribute)].append(fact)
        self.by_drug_attr = {k: tuple(v) for k, v in index.items()}
        self.by_id = {f.fact_id: f for f in self.facts}
        self.drugs_with_notes = frozenset(f.drug for f in self.facts)

    @property
    def release(self) -> Release | None:
        """The latest release whose content hash is this table's (None: unreleased edits)."""
        return next(
            (r for r in reversed(self.releases) if r.content_hash == self.content_hash), None
        )

    def curated_only(self) -> Reference:
        """The same table with only curated facts (accepted imports count as curated), for
        `--curated-only`; its version says so, so its verdicts are never confused."""
        if self.scope == "curated-only":
            return self
        return replace(
            self,
            facts=tuple(f for f in self.facts if f.status == "curated"),
            version=f"{self.version}+curated-only",
            scope="curated-only",
        )

    def facts_for(self, drug: str, attribute: str) -> tuple[Fact, ...]:
        return self.by_drug_attr.get((drug, attribute), ())

    def ancestors(self, term_id: str) -> frozenset[str]:
        """The term and every broader term (transitively through `parent`)."""
        cached = self._ancestors.get(term_id)
        if cached is not None:
            return cached
        seen, stack = {term_id}, [term_id]
        while stack:
            term = self.terms.get(stack.pop())
            for parent in term.parents if term else ():
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        result = frozenset(seen)
        self._ancestors[term_id] = result
        return result

    def related(self, a: str, b: str) -> bool:
        """True when one term is the other or an ancestor of it."""
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def excludes(self, a: str, b: str, groups: tuple[str, ...] | None = None) -> bool:
        """True when the vocabulary says a and b cannot both hold: some broader-or-equal term
        of a and a *different*, unrelated one of b sit in the same exclusive group
        (agonist vs antagonist; two CYP enzymes under "hepatic" do not exclude each other)."""
        if self.related(a, b):
            return False
        side_a = [
            (t, self.terms[t].exclusive)
            for t in self.ancestors(a)
            if t in self.terms and self.terms[t].exclusive
        ]
        side_b = [
            (t, self.terms[t].exclusive)
            for t in self.ancestors(b)
            if t in self.terms and self.terms[t].exclusive
        ]
        return any(
            ga == gb and ta != tb and not self.related(ta, tb) and (groups is None or ga in groups)
            for ta, ga in side_a
            for tb, gb in side_b
        )

    def display(self, concept: str) -> str:
        if concept in self.terms:
            return self.terms[concept].name
        return self.drug_generic.get(concept, concept)

    def secondary_only(self) -> list[Fact]:
        """Facts whose only support is a secondary summary: their source is of that tier and
        no other fact saying the same (drug, attribute, value, polarity) cites a better one."""
        better = {
            (f.drug, f.attribute, f.value, f.polarity)
            for f in self.facts
            if self.tier(f) not in ("secondary_summary", "")
        }
        return [
            f
            for f in self.facts
            if self.tier(f) == "secondary_summary"
            and (f.drug, f.attribute, f.value, f.polarity) not in better
        ]

    def tier(self, fact: Fact) -> str:
        source = self.sources.get(fact.source_id)
        return source.tier if source else ""

    def cite(self, fact: Fact) -> str:
        source = self.sources.get(fact.source_id)
        return source.cite(fact.locator) if source else fact.source_id
