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
    products: tuple[str, ...]
    max_other_drugs: int


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
}
_OFF = {"description": str, "products": list, "max_other_drugs": int}


def _strings(where: str, items: list) -> tuple[str, ...]:
    if not all(isinstance(x, str) and x.strip() for x in items):
        raise PromotionRulesError(f"{where}: must be a list of non-empty strings")
    return tuple(x.lower() for x in items)


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
        _strings(f"{path}: off_topic.products", off["products"]),
        off["max_other_drugs"],
    )


@lru_cache(maxsize=1)
def default_rules() -> PromotionRules:
    return load_promotion_rules()
