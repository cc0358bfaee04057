"""Raw label words -> term ids of terms.csv (or drug ids of drugs.csv), by names and synonyms.

Why a lookup and never a guess: an imported fact is only as good as its value. A label word
maps to a term only when it *is* one of the term's names (after case, spelling variants,
plurals and word order are evened out) or, for the prose attributes (indications,
contraindications, warnings), when a term's name occurs in it as whole words. Anything else
goes to the "needs term" list for a curator; the importer never invents a term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.knowledge.reference import Reference

WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # hyphens split: "non-steroidal" = "non steroidal"
BRITISH = (
    ("aemia", "emia"),
    ("oedema", "edema"),
    ("oea", "ea"),
    ("isation", "ization"),
    ("haem", "hem"),
    ("our", "or"),
)


def _kind(concept: str) -> str:
    return concept.split(":", 1)[0] if ":" in concept else "drug"


def normalise(text: str) -> str:
    """Lower case, single spaces, American spelling, trailing plural 's' dropped."""
    words = WORD.findall(text.lower().replace("’", "'"))
    out = []
    for w in words:
        for gb, us in BRITISH:
            w = w.replace(gb, us)
        if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "is", "us", "ous")):
            w = w[:-1]
        out.append(w)
    return " ".join(out)


@dataclass
class TermIndex:
    """Normalised name -> concepts, per kind ("ae", "cond", ..., and "drug")."""

    names: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    longest: int = 1  # words in the longest name, bounds the phrase search
    reference: Reference | None = None  # for the hierarchy: "CABG surgery" is not also "surgery"

    @classmethod
    def build(cls, reference: Reference, aliases: dict[str, str] | None = None) -> TermIndex:
        index = cls(reference=reference)
        for term in reference.terms.values():
            for name in term.names:
                index.add(term.kind, name, term.term_id)
        for name, drug in reference.drug_names.items():
            if name not in reference.misspellings:
                index.add("drug", name, drug)
        for raw, term_id in (aliases or {}).items():  # data/aliases.csv: label wordings
            kind = "drug" if ":" not in term_id else term_id.split(":", 1)[0]
            index.add(kind, raw, term_id)
        return index

    def add(self, kind: str, name: str, concept: str) -> None:
        key = normalise(name)
        if key:
            self.names.setdefault(kind, {}).setdefault(key, set()).add(concept)
            self.longest = max(self.longest, key.count(" ") + 1)

    def exact(self, text: str, kinds: Iterable[str]) -> list[str]:
        """Concepts one of whose names is `text` (word order free for two-word names, as
        MedDRA writes "rash macular" for "macular rash")."""
        key = normalise(text)
        out: list[str] = []
        for kind in kinds:
            table = self.names.get(kind, {})
            hits = table.get(key) or (
                table.get(" ".join(reversed(key.split()))) if key.count(" ") == 1 else None
            )
            if hits and len(hits) == 1:  # a name shared by two terms decides nothing
                out += sorted(hits)
        return out

    def find(self, text: str, kinds: Iterable[str]) -> list[str]:
        """Concepts named in `text` as whole words, longest names first, not overlapping."""
        words = normalise(text).split()
        kinds = tuple(kinds)
        taken = [False] * len(words)
        found: list[str] = []
        for n in range(min(self.longest, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                if any(taken[i : i + n]):
                    continue
                for concept in self.exact(" ".join(words[i : i + n]), kinds):
                    if concept not in found:
                        found.append(concept)
                    taken[i : i + n] = [True] * n
        if self.reference is not None:  # keep the narrowest: drop terms broader than another
            ref = self.reference  # of the same kind ("CABG surgery" is not also "surgery")
            found = [
                c
                for c in found
                if not any(c != o and _kind(c) == _kind(o) and c in ref.ancestors(o) for o in found)
            ]
        return found
