"""What every family reader gets: one claim read for one subject drug (`Reading`), and the one
way assertions are made from it (`Reading.make`), which reads negation and certainty."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.extraction.context import modified
from annotator.extraction.entities import Annotated
from annotator.extraction.qualifiers import Qualifiers
from annotator.knowledge.reference import Reference
from annotator.models import Assertion, Certainty, Mention

# A term whose own words deny something: "not controlled", "no abuse potential", "non-scheduled".
NEGATIVE_TERM = re.compile(r"(?:not|no|non|never|without)\b", re.I)


@dataclass(frozen=True)
class Reading:
    """One annotated claim, read for one subject drug."""

    ann: Annotated
    drug: str
    ref: Reference
    cues: dict[str, list[Mention]]  # cue id ("treats", "side_effect", ...) -> its mentions
    ents: list[Mention]  # entity mentions (everything but cue phrases)
    terms: list[
        Mention
    ]  # vocabulary terms found by cue matching (withdrawal:, elim:, ctrl:, warn:)
    subjects: list[Mention]  # mentions of the subject drug
    own: list[Mention]  # entities not inside a compared drug's own clause
    partners: list[Mention]  # drugs the claim compares with or combines with
    # population, product and conditions, read once a claim (annotator.extraction.qualifiers)
    qualifiers: Qualifiers = field(default_factory=Qualifiers)

    @property
    def text(self) -> str:
        return self.ann.claim.text

    @property
    def base(self) -> int:
        """Document offset of the claim: mention offsets minus `base` index `text`."""
        return self.ann.claim.start

    def negated(self, m: Mention) -> bool:
        """Is the mention under a negation? A term that is itself negative ("not scheduled",
        "no abuse potential") is not: in "it is not addictive and has no abuse potential" the
        first negation coordinates with the second, it does not cancel it."""
        if NEGATIVE_TERM.match(m.text):
            return False
        return modified(self.ann.modifiers, m.start, m.end, "NEGATED")

    def make(
        self,
        attribute: str,
        value: str,
        m: Mention,
        rule: str,
        qualifier: str = "",
        polarity: bool | None = None,
    ) -> Assertion:
        """An assertion read from mention `m`; polarity defaults to "not negated", certainty
        comes from the hypothetical / hedged modifiers over `m`, and the claim's qualifiers
        (population, product, conditions) are stamped on it."""
        mods = self.ann.modifiers
        certainty = (
            Certainty.HYPOTHETICAL
            if modified(mods, m.start, m.end, "HYPOTHETICAL")
            else Certainty.HEDGED
            if modified(mods, m.start, m.end, "HEDGED")
            else Certainty.ASSERTED
        )
        return Assertion(
            self.drug,
            attribute,
            value,
            (not self.negated(m)) if polarity is None else polarity,
            certainty,
            m.text,
            m.start,
            m.end,
            rule,
            False,
            qualifier,
            self.ann.claim.text,
            self.ann.claim.start,
            *self.qualifiers.at(m.start, self.ref, self.drug, attribute),
        )
