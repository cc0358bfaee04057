"""The nouns of label import: a `Label` read from SPL XML or openFDA JSON, and the `LabelFact`
records extracted from it.

Readers and extractors hand these frozen records to each other and to the caller, so a fact can
always be traced back to the label, version, section and table it was read from, and nothing
downstream can change what a reader saw. Everything is plain data (str, tuples): the reference
table wires them in later without importing lxml.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from annotator.errors import AnnotatorError


class LabelError(AnnotatorError, ValueError):
    """A malformed input: one line naming the file (or member of a zip) and the problem."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


@dataclass(frozen=True)
class Ingredient:
    name: str  # substance as labelled ("HYDROCODONE BITARTRATE")
    unii: str = ""
    strength: str = ""  # numerator value ("7.5"); "" for inactive ingredients
    unit: str = ""  # numerator unit ("mg")
    per: str = ""  # denominator, when not "1" ("5 mL")
    moiety: str = ""  # active moiety ("HYDROCODONE")
    active: bool = True


@dataclass(frozen=True)
class Product:
    name: str  # proprietary name as listed ("Advil", "Ibuprofen")
    generic_name: str = ""
    ingredients: tuple[Ingredient, ...] = ()
    dosage_form: str = ""  # "TABLET, FILM COATED"
    routes: tuple[str, ...] = ()
    dea_schedule: str = ""  # "CII" .. "CV", "" when the product lists none
    ndc: str = ""

    @property
    def active_ingredients(self) -> tuple[Ingredient, ...]:
        return tuple(i for i in self.ingredients if i.active)


@dataclass(frozen=True)
class Table:
    table_id: str  # "Table 1" from the caption, else the XML ID, else "table-N"
    caption: str
    rows: tuple[tuple[str, ...], ...]  # header rows first; cells as plain text
    header_rows: int = 0


@dataclass(frozen=True)
class Section:
    code: str  # LOINC code as written in the label (kept even when miscoded)
    kind: str  # what the section is: from the code, or from the title when the code is generic
    number: str  # "6.1"; "" for old-format labels
    title: str
    text: str  # own text (paragraphs and lists), tables excluded
    highlight: str = ""  # the PLR Highlights excerpt for this section
    tables: tuple[Table, ...] = ()
    subsections: tuple[Section, ...] = ()

    def walk(self) -> Iterator[Section]:
        yield self
        for sub in self.subsections:
            yield from sub.walk()

    @property
    def full_text(self) -> str:
        """Own text followed by every subsection's title and text, as a reader sees it."""
        parts = [self.text]
        for sub in self.subsections:
            parts.append(" ".join(p for p in (sub.number, sub.title) if p))
            parts.append(sub.full_text)
        return "\n".join(p for p in parts if p)

    @property
    def all_tables(self) -> tuple[Table, ...]:
        return tuple(t for s in self.walk() for t in s.tables)


@dataclass(frozen=True)
class Label:
    source: str  # file name, or "bulk.zip!inner.zip!label.xml"
    format: str  # "spl" | "openfda"
    set_id: str
    version: str
    effective: str  # YYYYMMDD
    title: str
    doc_code: str  # LOINC document type: 34391-3 Rx, 34390-5 OTC, ...
    doc_kind: str  # "rx" | "otc" | "indexing" | "other"
    labeler: str
    products: tuple[Product, ...] = ()
    sections: tuple[Section, ...] = ()
    document_id: str = ""
    pharm_classes: tuple[str, ...] = ()  # EPC names the file itself carries (openFDA)
    application: str = ""  # marketing application the product is sold under: NDA020357, ANDA..
    operations: tuple[str, ...] = ()  # the labeler's establishment operations: REPACK, RELABEL ..

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def coded(self, section: Section) -> str:
        """The section's LOINC code, or its nearest coded ancestor's when the label gave the
        section none (old-format subsections such as "Renal Effects" under WARNINGS)."""
        if section.code:
            return section.code

        def search(node: Section, code: str) -> str | None:
            code = node.code or code
            if node is section:
                return code
            for sub in node.subsections:
                found = search(sub, code)
                if found is not None:
                    return found
            return None

        return next((c for top in self.sections if (c := search(top, "")) is not None), "")

    def find(self, *kinds: str) -> list[Section]:
        """Every section (at any depth) of one of these kinds, in document order."""
        return [s for s in self.walk() if s.kind in kinds]

    @property
    def drug(self) -> str:
        """The drug the label is about: active moieties, lower case, sorted, joined with ' and '
        (sorted so the SPL and openFDA copies of a combination name it the same way)."""
        names = {
            (ing.moiety or ing.name).lower() for p in self.products for ing in p.active_ingredients
        }
        return " and ".join(sorted(names)) or self.title.lower()

    @property
    def dea_schedules(self) -> tuple[str, ...]:
        return tuple(sorted({p.dea_schedule for p in self.products if p.dea_schedule}))


@dataclass(frozen=True)
class Citation:
    set_id: str
    version: str
    effective: str
    section_code: str
    section_number: str = ""
    table_id: str = ""

    def __str__(self) -> str:
        where = " ".join(
            p
            for p in (
                self.section_code,
                f"§{self.section_number}" if self.section_number else "",
                self.table_id,
            )
            if p
        )
        return f"SPL {self.set_id} v{self.version} ({self.effective}) {where}"


@dataclass(frozen=True)
class LabelFact:
    """One raw typed fact, before curation: what the label says, where, and in which words."""

    drug: str
    attribute: str  # drug_class, indication, adverse_effect, max_daily_dose, ... (attributes.csv)
    value: str  # raw value text ("nausea", "3200 mg/day", "CII")
    citation: Citation
    passage: str  # the verbatim label passage it was read from
    qualifiers: tuple[tuple[str, str], ...] = field(default=())  # sorted (key, value) pairs
    polarity: bool = True
    rule: str = ""  # which extractor rule produced it (provenance)

    def qualifier(self, key: str) -> str:
        return dict(self.qualifiers).get(key, "")

    @property
    def key(self) -> tuple:
        """What makes two facts 'the same fact' regardless of where the reader found it."""
        return (self.drug, self.attribute, self.value.lower(), self.qualifiers, self.polarity)


def qualifiers(**pairs: str) -> tuple[tuple[str, str], ...]:
    """Build the sorted, empty-free qualifier tuple LabelFact expects."""
    return tuple(sorted((k, v) for k, v in pairs.items() if v))
