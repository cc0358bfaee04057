"""Strict loader of data/promotion_rules.json, shared by the stuffing, call-to-action and
insertion detectors (one rule file: the three describe the same genre, commercial spam)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from annotator.knowledge.datafiles import DATA_DIR, RuleDataError, check_keys, read_json

PROMOTION_PATH = DATA_DIR / "promotion_rules.json"


class PromotionRulesError(RuleDataError):
    """promotion_rules.json is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class PromotionRules:
    min_words: int
    max_words: int
    min_repeats: int
    words_per_natural_repeat: int
    stuffing_cues: frozenset[str]
    edge_words: frozenset[str]
    action: tuple[str, ...]
    commercial: tuple[str, ...]
    min_commercial_without_action: int
    request_words: frozenset[str]
    strong: tuple[str, ...]  # commercial cues that make a sentence a pitch with one more cue
    negations: frozenset[str]  # 'do not buy' warns, it does not sell
    min_pitch_words: int  # a pitch without an imperative is a sentence, not a shop label
    families: tuple[ProductFamily, ...]
    min_indication_mentions: int
    max_other_drugs: int

    @property
    def products(self) -> tuple[str, ...]:
        return tuple(p for f in self.families for p in f.products)


@dataclass(frozen=True)
class ProductFamily:
    name: str
    indications: tuple[str, ...]
    products: tuple[str, ...]


_TOP = {"description": str, "source": str, "stuffing": dict, "cta": dict, "off_topic": dict}
_STUFF = {
    "min_words": int,
    "max_words": int,
    "min_repeats": int,
    "words_per_natural_repeat": int,
    "cue_words": list,
    "edge_words": list,
}
_CTA = {
    "action": list,
    "commercial": list,
    "min_commercial_without_action": int,
    "request_words": list,
    "strong": list,
    "negations": list,
    "min_pitch_words": int,
    "description": str,
}
_OFF = {
    "description": str,
    "families": list,
    "min_indication_mentions": int,
    "max_other_drugs": int,
}
_FAMILY = {"name": str, "indications": list, "products": list}


def _strings(where: str, items: list) -> tuple[str, ...]:
    if not all(isinstance(x, str) and x.strip() for x in items):
        raise PromotionRulesError(f"{where}: must be a list of non-empty strings")
    return tuple(x.lower() for x in items)


def _family(where: str, raw: object) -> ProductFamily:
    fam = check_keys(where, raw, _FAMILY, PromotionRulesError)
    return ProductFamily(
        fam["name"],
        _strings(f"{where}.indications", fam["indications"]),
        _strings(f"{where}.products", fam["products"]),
    )


def load_promotion_rules(path: Path | str = PROMOTION_PATH) -> PromotionRules:
    """Read and validate promotion_rules.json; problems are one-line PromotionRulesError."""
    path = Path(path)
    data = check_keys(str(path), read_json(path, PromotionRulesError), _TOP, PromotionRulesError)
    st = check_keys(f"{path}: stuffing", data["stuffing"], _STUFF, PromotionRulesError)
    cta = check_keys(f"{path}: cta", data["cta"], _CTA, PromotionRulesError)
    off = check_keys(f"{path}: off_topic", data["off_topic"], _OFF, PromotionRulesError)
    if not 2 <= st["min_words"] <= st["max_words"]:
        raise PromotionRulesError(f"{path}: stuffing needs 2 <= min_words <= max_words")
    return PromotionRules(
        st["min_words"],
        st["max_words"],
        st["min_repeats"],
        st["words_per_natural_repeat"],
        frozenset(_strings(f"{path}: stuffing.cue_words", st["cue_words"])),
        frozenset(_strings(f"{path}: stuffing.edge_words", st["edge_words"])),
        _strings(f"{path}: cta.action", cta["action"]),
        _strings(f"{path}: cta.commercial", cta["commercial"]),
        cta["min_commercial_without_action"],
        frozenset(_strings(f"{path}: cta.request_words", cta["request_words"])),
        _strings(f"{path}: cta.strong", cta["strong"]),
        frozenset(_strings(f"{path}: cta.negations", cta["negations"])),
        cta["min_pitch_words"],
        tuple(
            _family(f"{path}: off_topic.families[{i}]", f) for i, f in enumerate(off["families"])
        ),
        off["min_indication_mentions"],
        off["max_other_drugs"],
    )


@lru_cache(maxsize=1)
def default_rules() -> PromotionRules:
    return load_promotion_rules()
