"""The qualifiers of a claim: who it is about (population), which product (route, form,
release, OTC or prescription) and the conditions it names (the indication a dose is for).

A fact holds only under its qualifiers (the checker compares a claim about children with the
facts about children), so every assertion carries them. They are read once per claim, from the
POPULATION and PRODUCT mentions that the vocabulary (reference_notes/terms.csv) finds, and from
the words of a brand name ("Glucophage XR" is an extended-release product). Then, per
assertion:
- a product named right next to another drug is that drug's ("... take the place of insulin
  shots": the shots are insulin, not metformin; "intravenous methylene blue");
- when a claim names two products that exclude each other ("intrathecal baclofen is used for
  ..., oral baclofen is not recommended for ..."), an assertion takes the one named last before
  it (else the first after it): the clause it sits in;
- in a claim about uses or cautions, a disease that is also a population ("cirrhosis", "kidney
  failure") is the condition itself, not who: it does not qualify the claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.extraction.ages import read_ages
from annotator.knowledge.reference import Reference
from annotator.models import Claim, Label, Mention

# Claims about a condition: a disease named in them that is also a population word is the
# condition itself ("contraindicated in kidney failure", "used for itching in cirrhosis").
CONDITION_ATTRIBUTES = (
    "indication",
    "not_indicated",
    "off_label",
    "contraindication",
    "warning",
)
# A product word owned by the drug named just before or after it, at most this many characters
# away (a space or a hyphen: "insulin shots", "intravenous methylene blue"); further away it is
# the claim's.
ADJACENT = 2


@dataclass(frozen=True)
class Qualifiers:
    """The qualifier mentions of one claim (document offsets)."""

    population: tuple[Mention, ...] = ()
    product: tuple[Mention, ...] = ()
    conditions: tuple[Mention, ...] = ()
    owners: tuple[tuple[Mention, str], ...] = ()  # (product mention, the drug it belongs to)

    def at(
        self, start: int, ref: Reference, drug: str = "", attribute: str = ""
    ) -> tuple[tuple[str, ...], ...]:
        """(population, product, conditions) term ids for `drug`'s assertion read at `start`."""
        foreign = {m for m, owner in self.owners if owner != drug}
        products = tuple(m for m in self.product if m not in foreign)
        population = self.population
        if attribute in CONDITION_ATTRIBUTES:
            diseases = {(m.start, m.end) for m in self.conditions}
            population = tuple(m for m in population if (m.start, m.end) not in diseases)
        return (
            _nearest(population, start, ref),
            _nearest(products, start, ref),
            tuple(dict.fromkeys(m.concept for m in self.conditions if m.concept)),
        )


def read_qualifiers(mentions: tuple[Mention, ...], ref: Reference, claim: Claim) -> Qualifiers:
    """The population, product and condition mentions of a claim; an age under 18 ("aged 8
    and older", "under 16") names children as a population word does."""
    population, product, drugs, conditions = [], [], [], []
    for m in mentions:  # one pass: this runs for every claim
        if not m.concept:
            continue
        if m.label == Label.POPULATION:
            population.append(m)
        elif m.label == Label.PRODUCT:
            product.append(m)
        elif m.label in (Label.DRUG, Label.DRUG_CLASS):
            drugs.append(m)
        elif m.label == Label.CONDITION:
            conditions.append(m)
    for lo, _hi, offset in read_ages(claim.text):
        if lo < 18:
            at = claim.start + offset
            population.append(Mention(at, at + 1, "", Label.POPULATION, "pop:pediatric", "pattern"))
    owners = []
    for d in (d for d in drugs if d.label == Label.DRUG and " " in d.text):  # "Glucophage XR"
        brand = _brand_products(d, ref)
        product += brand
        owners += [(b, d.concept) for b in brand]
    for m in product:
        before = [d for d in drugs if d.end <= m.start]
        after = [d for d in drugs if d.start >= m.end]
        if before and m.start - before[-1].end <= ADJACENT:
            owners.append((m, before[-1].concept))
        elif after and after[0].start - m.end <= ADJACENT:  # "intravenous methylene blue"
            owners.append((m, after[0].concept))
    return Qualifiers(tuple(population), tuple(product), tuple(conditions), tuple(owners))


def _brand_products(m: Mention, ref: Reference) -> list[Mention]:
    words = m.text.split()
    if len(words) < 2:
        return []
    names = _product_words(ref)
    return [
        Mention(m.start, m.end, word, Label.PRODUCT, names[word.lower()], "alias")
        for word in words[1:]
        if word.lower() in names
    ]


_WORDS: dict[int, dict[str, str]] = {}


def _product_words(ref: Reference) -> dict[str, str]:
    """One-word product names ("XR", "ER") by lower-cased word, once per table."""
    key = id(ref)
    if key not in _WORDS:
        _WORDS[key] = {
            name.lower(): term.term_id
            for term in ref.terms.values()
            if term.kind == "prod"
            for name in term.names
            if " " not in name and "-" not in name and name.isupper()
        }
    return _WORDS[key]


def _nearest(mentions: tuple[Mention, ...], start: int, ref: Reference) -> tuple[str, ...]:
    """The terms of `mentions`, dropping any that excludes one named nearer to `start`
    (nearest before first, then nearest after)."""
    if len(mentions) < 2:
        return tuple(m.concept for m in mentions)
    order = sorted(
        mentions,
        key=lambda m: (0, start - m.end) if m.end <= start else (1, m.start - start),
    )
    kept: list[str] = []
    for m in order:
        if m.concept in kept or any(ref.excludes(m.concept, k) for k in kept):
            continue
        kept.append(m.concept)
    return tuple(sorted(kept))
