"""The nouns of annotator: frozen records handed from one stage to the next.

document -> claims -> mentions -> assertions -> verdicts (+ findings) -> reports.
Every record is immutable so a stage can never change what an earlier stage produced,
and every result keeps its provenance (offsets, fact ids, sources, the rule that fired).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum


class Verdict(StrEnum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNVERIFIED = "unverified"
    NOT_CHECKABLE = "not_checkable"


class Label(StrEnum):
    """Entity labels of mentions."""

    DRUG = "DRUG"
    DRUG_CLASS = "DRUG_CLASS"
    CONDITION = "CONDITION"
    ADVERSE_EFFECT = "ADVERSE_EFFECT"
    TARGET = "TARGET"  # receptor, transporter, enzyme, neurotransmitter system
    ACTION = "ACTION"  # agonist, antagonist, inhibitor, release modulator ...
    SITE = "SITE"  # site of action: central / peripheral
    SUBSTANCE = "SUBSTANCE"  # alcohol, grapefruit: interaction partners that are not drugs
    DOSE = "DOSE"
    DURATION = "DURATION"  # "about 26 hours", "2-4 h"
    CUE = "CUE"  # attribute cue phrases ("side effects", "used to treat", "stop abruptly")
    POPULATION = "POPULATION"  # who a claim or fact is about: children, pregnancy, renal impairment
    PRODUCT = "PRODUCT"  # which product: tablets, extended-release, intrathecal, OTC


class Certainty(StrEnum):
    ASSERTED = "asserted"
    HEDGED = "hedged"  # "may help", "some studies suggest"
    HYPOTHETICAL = "hypothetical"  # "if you notice ..."


SEVERITIES = ("minor", "major", "critical")


@dataclass(frozen=True)
class Document:
    """Text as read, with a stable content id. Offsets everywhere point into `text`."""

    name: str  # how the user named it: a path, an upload name, "<text>"
    text: str
    format: str = "txt"  # txt | md | html
    source_text: str | None = None  # original markup for html/md, when it differs
    # what reading changed (invisible characters removed, look-alike letters read as Latin):
    # (start, end, original) with text[start:end] in place of original; see extraction/textclean
    edits: tuple[tuple[int, int, str], ...] = ()

    @property
    def id(self) -> str:
        """The content hash of the text as written: the text read, plus what reading removed
        or replaced, so a copy with a hidden character planted in it is another text (another
        version in the review store, never one already signed off)."""
        from hashlib import sha256

        content = self.text
        if self.edits:
            content += "\x00" + repr(self.edits)
        return sha256(content.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Claim:
    """A sentence (or clause) of a document with exact offsets: document.text[start:end] == text."""

    id: str  # "c001": ordinal within the document, stable for review
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    checkable: bool = True
    # checked: statement | list_item; not: heading | question | lead_in | advice | reported |
    # experience
    kind: str = "statement"

    @property
    def text_hash(self) -> str:
        from hashlib import sha256

        return sha256(self.text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Mention:
    """An entity span, in document offsets, linked to a concept id where one exists."""

    start: int
    end: int
    text: str
    label: Label
    concept: str | None = None  # drug id ("baclofen") or term id ("class:benzodiazepine")
    match: str = "exact"  # exact | alias | abbreviation | fuzzy | pronoun | pattern
    score: float = 1.0


@dataclass(frozen=True)
class Assertion:
    """What a claim says, typed: (drug, attribute, value, polarity, certainty)."""

    drug: str
    attribute: str
    value: str  # a term id ("site:peripheral"), a dose ("120 mg/day"), or a qualifier
    polarity: bool = True  # False when negated ("is not a peripheral muscle relaxant")
    certainty: Certainty = Certainty.ASSERTED
    evidence: str = ""  # the words it was read from
    start: int = 0
    end: int = 0
    rule: str = ""  # which extraction rule fired (provenance)
    implicit_subject: bool = False  # the drug came from a pronoun / the document focus
    qualifier: str = ""  # e.g. frequency band claimed for an adverse effect, "safe"
    context: str = ""  # the claim's text, for rules that read the rest of the sentence
    context_start: int = 0  # document offset of `context`
    # qualifiers of the claim (annotator.extraction.qualifiers): pop:/prod: term ids, and the
    # conditions it names (the indication context of a dose: "for shingles pain, start at ...")
    population: tuple[str, ...] = ()
    product: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    source_id: str
    title: str
    publisher: str = ""
    url: str = ""
    version: str = ""
    accessed: str = ""
    # fda_label | government_or_peer_reviewed | tertiary_rehost | secondary_summary
    tier: str = ""

    def cite(self, locator: str = "") -> str:
        where = f", {locator}" if locator else ""
        return (
            f"{self.title} ({self.publisher}{where})" if self.publisher else f"{self.title}{where}"
        )


@dataclass(frozen=True)
class Fact:
    """One typed, cited row of the reference table."""

    fact_id: str
    drug: str
    attribute: str
    value: str
    polarity: bool
    statement: str
    severity: str
    source_id: str
    locator: str
    qualifier: str = ""  # frequency band, evidence level, indication context, ...
    must_mention: bool = False
    file: str = ""
    line: int = 0
    # Where the row came from: "curated" (written or accepted by a curator) or "imported"
    # (read from an FDA label, not yet reviewed). Imported rows also keep the label they cite
    # and its verbatim words, so a reviewer reads the label, not only our paraphrase.
    status: str = "curated"
    set_id: str = ""
    label_version: str = ""
    effective: str = ""  # YYYYMMDD
    section: str = ""  # LOINC code and number, e.g. "34084-4 §6.1"
    table_id: str = ""
    passage: str = ""
    # who and which product the fact applies to (pop:/prod: term ids); empty = the general,
    # unqualified fact (adults, the usual oral prescription product)
    population: tuple[str, ...] = ()
    product: tuple[str, ...] = ()

    def content(self) -> dict[str, object]:
        """What the fact says, as staleness fingerprints and re-import diffs compare it.

        Left out: where the row sits (file, line), its review status (accepting a row does
        not change what it says), label fields a curated row leaves empty (so adding them did
        not change any curated fingerprint) and, for a row read from a label, the edition it
        was read from (source, version, date, section number): a newer label version that
        says the same thing leaves decisions current; one that says something else does not.
        """
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _NOT_CONTENT or (f.name in _OPTIONAL_FIELDS and value == f.default):
                continue
            if self.set_id and f.name in _EDITION:
                continue
            out[f.name] = value
        return out


_NOT_CONTENT = ("file", "line", "status")
_LABEL_FIELDS = ("set_id", "label_version", "effective", "section", "table_id", "passage")
# Fields a row may leave empty without changing what it says (so adding the columns changed no
# fingerprint): the label fields, and the qualifiers (empty: the general fact)
_OPTIONAL_FIELDS = (*_LABEL_FIELDS, "population", "product")
_EDITION = ("source_id", "locator", "label_version", "effective", "section", "table_id")


@dataclass(frozen=True)
class Check:
    """The verdict on one claim, with everything a reviewer needs to ask "why?"."""

    claim: Claim
    verdict: Verdict
    mentions: tuple[Mention, ...] = ()
    assertions: tuple[Assertion, ...] = ()
    drug: str = ""
    attribute: str = ""
    fact_ids: tuple[str, ...] = ()
    reference: str = ""  # what the reference says (fact statements)
    suggestion: str = ""
    sources: tuple[str, ...] = ()  # citations "Title (Publisher, Section)"
    severity: str = ""
    negated: bool = False
    hedged: bool = False
    reason: str = ""  # one line: why this verdict
    fact_status: tuple[str, ...] = ()  # status of each fact in fact_ids (curated | imported)
    source_tiers: tuple[str, ...] = ()  # tier of each source in sources, in the same order


@dataclass(frozen=True)
class Finding:
    """A defect that is not a verdict: spin artifact, misspelling, contradiction, omission."""

    start: int
    end: int
    kind: str
    text: str
    detail: str
    suggestion: str = ""
    confidence: float = 1.0
    fact_ids: tuple[str, ...] = ()
    related: tuple[tuple[int, int], ...] = ()  # other spans the finding links (contradictions)


@dataclass(frozen=True)
class DocumentResult:
    document: Document
    checks: tuple[Check, ...]
    findings: tuple[Finding, ...] = ()
    focus_drug: str = ""
    reference_version: str = ""
    errors: tuple[str, ...] = field(default=())

    def counts(self) -> dict[str, int]:
        out = {v.value: 0 for v in Verdict}
        for c in self.checks:
            out[c.verdict.value] += 1
        return out
