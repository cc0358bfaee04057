"""An adverse-reaction term list (surface form → preferred term) and a longest-match finder.

The importer ships no MedDRA content (it is licensed): a lexicon is built at run time from a
team's own term file (`term,preferred_term` CSV) or from an annotated gold set in OnSIDES
format (the TAC 2017 train split, for the benchmark). Matching is on normalised tokens
(lower case, British→American stems from data/spelling_variants.csv, a crude plural strip) so
"Anaemia" in a term list finds "anemias" in a label; lab-value terms also get their prose
wordings ("ALT increased" → "elevations of ALT") from data/term_variants.csv.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .knowledge import read_rows
from .records import LabelError

TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[a-z]+)?")


@cache
def spelling() -> tuple[tuple[str, str], ...]:
    return tuple(
        (r["british"], r["american"])
        for _, r in read_rows("spelling_variants.csv", ("british", "american"))
    )


@cache
def variant_templates() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (r["suffix"], tuple(r["templates"].split("|")))
        for _, r in read_rows("term_variants.csv", ("suffix", "templates"))
    )


@cache
def norm_token(token: str) -> str:
    t = token.lower()
    for brit, us in spelling():
        if t.startswith(brit):
            t = us + t[len(brit) :]
            break
    if len(t) > 4 and t.endswith("ies"):
        t = t[:-3] + "y"
    elif len(t) > 4 and t.endswith(("ches", "shes", "xes", "sses", "zes")):
        t = t[:-2]
    elif len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "is", "us")):
        t = t[:-1]
    return t


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(norm_token(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)]


def norm(text: str) -> str:
    """The key two wordings share when they are the same term."""
    return " ".join(t for t, _, _ in tokens(text))


def term_key(text: str) -> str:
    """Identity of a term regardless of word order: MedDRA inverts it ("Rash macular" is a
    macular rash, "ALT increased" an increased ALT), so two wordings with the same words are
    the same term."""
    return " ".join(sorted(t for t, _, _ in tokens(text)))


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str  # verbatim span
    preferred: str  # preferred term ("Nausea"), or the span itself for unlisted terms


class AdrLexicon:
    """Immutable after construction: a trie of normalised token tuples."""

    def __init__(
        self, pairs: Iterable[tuple[str, str]], expand: bool = True, stats: Iterable[dict] = ()
    ):
        entries: dict[tuple[str, ...], str] = {}
        for surface, preferred in pairs:
            for form in variants(surface) if expand else [surface]:
                key = tuple(norm(form).split())
                if key and key not in entries:
                    entries[key] = preferred
        self._entries = entries
        self._bags = {}
        for key, preferred in entries.items():
            self._bags.setdefault(" ".join(sorted(key)), preferred)
        self._seen: dict[tuple[tuple[str, ...], str], list[int]] = {}
        self._first: dict[str, int] = {}
        for key in entries:
            self._first[key[0]] = max(self._first.get(key[0], 0), len(key))
        for record in stats:
            self._count(record)

    def _count(self, record: dict) -> None:
        """How often a term found in an annotated section was annotated there: the share is its
        reliability for that section type (many terms also name risk factors or conditions)."""
        gold = {
            tuple(norm(ev[1] if isinstance(ev[1], str) else ev[0]).split())
            for ev in record["adverse_events"]
        }
        gold |= {tuple(norm(ev[0]).split()) for ev in record["adverse_events"]}
        for m in {
            (tuple(norm(x.text).split()), x.preferred) for x in self.find(record["section_text"])
        }:
            key, preferred = m
            c = self._seen.setdefault((key, record.get("section_name", "")), [0, 0])
            c[0] += 1
            c[1] += key in gold or tuple(norm(preferred).split()) in gold

    def reliability(self, text: str, section: str) -> tuple[float, int]:
        """(share annotated, times seen) of a surface form in a section type; (1.0, 0) unseen."""
        seen, hit = self._seen.get((tuple(norm(text).split()), section), (0, 0))
        return (hit / seen if seen else 1.0), seen

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, term: str) -> bool:
        return tuple(norm(term).split()) in self._entries

    def preferred(self, term: str) -> str:
        return self._entries.get(tuple(norm(term).split()), "") or self._bags.get(
            term_key(term), ""
        )

    def find(self, text: str) -> list[Match]:
        """Longest, leftmost, non-overlapping matches."""
        toks = tokens(text)
        out, i = [], 0
        while i < len(toks):
            longest = self._first.get(toks[i][0], 0)
            hit = 0
            for n in range(min(longest, len(toks) - i), 0, -1):
                key = tuple(t for t, _, _ in toks[i : i + n])
                if key in self._entries:
                    hit = n
                    break
            if hit:
                start, end = toks[i][1], toks[i + hit - 1][2]
                out.append(Match(start, end, text[start:end], self._entries[key]))
                i += hit
            else:
                i += 1
        return out

    @classmethod
    def from_csv(cls, path: str | Path) -> AdrLexicon:
        path = Path(path)
        try:
            rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
        except OSError as err:
            raise LabelError(str(path), f"cannot read term list ({err.strerror})") from None
        if not rows or set(rows[0]) != {"term", "preferred_term"}:
            raise LabelError(str(path), "term list must have columns term,preferred_term")
        return cls((r["term"], r["preferred_term"] or r["term"]) for r in rows if r["term"])

    @classmethod
    def from_gold(
        cls,
        paths: Iterable[str | Path] = (),
        records: list[dict] | None = None,
        min_substitutions: int = 3,
    ) -> AdrLexicon:
        """Mentions, preferred and lowest-level terms of OnSIDES-format gold records, plus the
        synonyms their annotations teach: where a mention and its preferred term differ by one
        word ("kidney failure" / "Renal failure"), that word swap is applied to every other
        term too ("renal impairment" → "kidney impairment"). Reliability is counted on the
        same records."""
        records = gold_records(paths) if records is None else records
        pairs = []
        for record in records:
            for ev in record["adverse_events"]:
                mention, pt, llt = ev[0], ev[1], ev[3]
                pt = pt if isinstance(pt, str) else mention
                pairs += [(mention, pt), (pt, pt)] + ([(llt, pt)] if isinstance(llt, str) else [])
        swaps = substitutions(pairs, min_substitutions)
        pairs += [(v, pt) for term, pt in list(pairs) for v in swapped(term, swaps)]
        return cls(pairs, stats=records)


def substitutions(pairs: list[tuple[str, str]], minimum: int) -> dict[str, set[str]]:
    """Word swaps between mentions and their preferred terms seen at least `minimum` times."""
    counts: dict[tuple[str, str], int] = {}
    for mention, pt in set(pairs):
        a, b = norm(mention).split(), norm(pt).split()
        extra_a, extra_b = set(a) - set(b), set(b) - set(a)
        if len(a) == len(b) and len(extra_a) == 1 and len(extra_b) == 1:
            pair = (next(iter(extra_b)), next(iter(extra_a)))
            counts[pair] = counts.get(pair, 0) + 1
    swaps: dict[str, set[str]] = {}
    for (old, new), n in counts.items():
        if n >= minimum:
            swaps.setdefault(old, set()).add(new)
            swaps.setdefault(new, set()).add(old)
    return swaps


def swapped(term: str, swaps: dict[str, set[str]]) -> list[str]:
    words = norm(term).split()
    return [
        " ".join(words[:i] + [alt] + words[i + 1 :])
        for i, w in enumerate(words)
        for alt in swaps.get(w, ())
    ]


def variants(term: str) -> list[str]:
    out = [term]
    low = term.lower().strip()
    words = low.split()
    if 2 <= len(words) <= 3:  # "rash macular" is written "macular rash"
        out.append(" ".join([words[-1], *words[:-1]]))
    for suffix, templates in variant_templates():
        if low.endswith(" " + suffix):
            x = low[: -len(suffix) - 1].strip()
            bases = [x] + ([x[6:]] if x.startswith("blood ") else [])
            out += [t.replace("{x}", b) for b in bases for t in templates]
    return out


def gold_records(paths: Iterable[str | Path]) -> list[dict]:
    """Section records of OnSIDES-format gold JSON (label_id, section_name, section_text,
    adverse_events); bare NaN is accepted, as the files use it for missing terms."""
    out = []
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise LabelError(str(path), f"cannot read gold set ({err})") from None
        if not isinstance(data, list) or not all(
            isinstance(r, dict) and {"section_text", "adverse_events"} <= set(r) for r in data
        ):
            raise LabelError(
                str(path), "gold set must be a list of {section_text, adverse_events} records"
            )
        out += data
    return out
