"""check_text() / check_file(): the only code that runs the stages in order.

document -> claims -> mentions (+ context) -> assertions -> verdicts (+ findings)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from annotator import settings
from annotator.checking.verdicts import Judge
from annotator.extraction import discourse
from annotator.extraction.assertions import AssertionReader
from annotator.extraction.claims import default_claim_kinds, split_claims
from annotator.extraction.context import ContextReader
from annotator.extraction.documents import document_from_text, read_document
from annotator.extraction.entities import annotate
from annotator.extraction.nlp import get_pipeline
from annotator.knowledge.loader import load_reference
from annotator.knowledge.reference import Reference
from annotator.models import Document, DocumentResult
from annotator.qa.findings import find_all
from annotator.qa.spelling import link_misspelling


@dataclass
class Checker:
    """Everything built once per process for one reference table: pipeline, matchers, indexes."""

    reference: Reference

    @cached_property
    def _parts(self):
        nlp, matcher = get_pipeline(self.reference)
        return (
            nlp,
            matcher,
            ContextReader(nlp),
            AssertionReader(self.reference),
            Judge(self.reference),
        )

    @cached_property
    def personal(self):
        """Is a piece of text first-person? (the claim-kind data's experience patterns)"""
        patterns = default_claim_kinds().experience
        return lambda text: any(p.search(text) for p in patterns)

    @cached_property
    def linker(self):
        """Links misspelled drug names ("Bacclofen") to their drug, memoised per process."""
        names, known = self.reference.spelled_names, self.reference.misspellings

        @lru_cache(maxsize=65536)
        def link(token: str):
            return link_misspelling(token, names, misspellings=known)

        return link

    def check(self, document: Document, focus_drug: str | None = None) -> DocumentResult:
        nlp, matcher, context, read, judge = self._parts
        claims, frames = discourse.frames(split_claims(document))
        annotated, focus = annotate(
            document,
            claims,
            self.reference,
            nlp,
            matcher,
            context,
            focus=focus_drug,
            linker=self.linker,
        )
        checks = []
        for i, ann in enumerate(annotated):
            frame = frames.get(i)
            if ann.claim.kind == "experience":  # only its general, impersonal clauses count
                general = discourse.impersonal(ann.claim, read(ann, focus), self.personal)
                if general:
                    ann = replace(ann, claim=replace(ann.claim, checkable=True))
                checks.append(judge(ann, general, focus))
                continue
            if frame is None or not ann.claim.checkable:
                assertions = read(ann, focus)
            else:  # a list item, an answer: read with its lead-in, heading or question
                head = annotated[frame.index]
                framed = discourse.in_context(ann, head, frame.kind, document.text)
                asked = read(discourse.as_asked(head), focus) if frame.kind == "question" else ()
                assertions = discourse.own_assertions(
                    read(framed, focus), ann.claim, frame.kind, asked
                )
            checks.append(judge(ann, assertions, focus))
        checks = tuple(checks)
        findings = tuple(find_all(document, checks, self.reference, focus))
        return DocumentResult(document, checks, findings, focus, self.reference.version)


_CHECKERS: dict[tuple[str, str], Checker] = {}


def get_checker(reference: Reference | None = None) -> Checker:
    """A cached Checker for the given (or default) reference table."""
    reference = reference or default_reference()
    key = (str(reference.root), reference.version)
    if key not in _CHECKERS:
        _CHECKERS[key] = Checker(reference)
    return _CHECKERS[key]


_DEFAULT: dict[str, Reference] = {}


def default_reference() -> Reference:
    """The table at annotator.settings.notes_dir(), loaded once per process."""
    root = str(settings.notes_dir())
    if root not in _DEFAULT:
        _DEFAULT[root] = load_reference(root)
    return _DEFAULT[root]


def check_document(
    document: Document,
    *,
    reference: Reference | None = None,
    focus_drug: str | None = None,
    curated_only: bool = False,
) -> DocumentResult:
    """`curated_only`: check against curated facts alone (imported, unreviewed label rows are
    left out); the result's reference_version says so."""
    reference = reference or default_reference()
    if curated_only:
        reference = reference.curated_only()
    return get_checker(reference).check(document, focus_drug)


def check_text(
    text: str,
    *,
    name: str = "<text>",
    focus_drug: str | None = None,
    reference: Reference | None = None,
    format: str = "txt",
    curated_only: bool = False,
) -> DocumentResult:
    """Check one document given as text. `focus_drug` names the drug the article is about
    (a drug id such as "baclofen"); by default it is the most mentioned drug with notes.
    `curated_only` leaves imported label rows that no curator has accepted out."""
    return check_document(
        document_from_text(text, name=name, format=format),
        reference=reference,
        focus_drug=focus_drug,
        curated_only=curated_only,
    )


def check_file(
    path: str | os.PathLike,
    *,
    reference: Reference | None = None,
    focus_drug: str | None = None,
    curated_only: bool = False,
) -> DocumentResult:
    """Read (txt, md, html) and check one file; raises DocumentError for unreadable input."""
    return check_document(
        read_document(path), reference=reference, focus_drug=focus_drug, curated_only=curated_only
    )


def rule_data_problems() -> list[str]:
    """Every problem of the rule data shipped in annotator/knowledge/data/ (claim kinds, context
    rules, cues with the ids the code relies on, spin, garble and spelling rules), one line each;
    `annotator notes validate` prints them with the table's."""
    from annotator.extraction.claims import load_claim_kinds
    from annotator.extraction.context import load_rules
    from annotator.knowledge.datafiles import RuleDataError, load_cues
    from annotator.qa.garble import load_garble_rules
    from annotator.qa.spelling import load_spelling_rules
    from annotator.qa.spin import load_spin_rules

    problems = []
    for loader in (
        load_claim_kinds,
        load_rules,
        load_cues,
        load_spin_rules,
        load_garble_rules,
        load_spelling_rules,
    ):
        try:
            loader()
        except RuleDataError as exc:
            problems += str(exc).splitlines()
    return problems
