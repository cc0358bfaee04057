"""The comparison table: one comparison per fact attribute, registered by attribute.

Why a registry (like spaCy's registered factories) instead of methods found by name: a typo in
an attribute or a method name used to fall back silently to a generic comparison. Here each
comparison says which attributes it judges (`@compares("max_daily_dose")`), two registrations
of one attribute are an error, and `require_coverage` fails when an attribute the reference
schema knows has no comparison, when the comparison modules are loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.checking.base import Judgement, Lookup
from annotator.errors import AnnotatorError
from annotator.models import Assertion

Comparison = Callable[[Lookup, Assertion], Judgement]
COMPARISONS: dict[str, Comparison] = {}


class ComparisonError(AnnotatorError):
    """The comparison table does not fit the reference schema (a bug or a bad extension)."""


def compares(*attributes: str) -> Callable[[Comparison], Comparison]:
    """Register the decorated function as the comparison for `attributes`."""

    def register(fn: Comparison) -> Comparison:
        for attribute in attributes:
            if attribute in COMPARISONS:
                raise ComparisonError(
                    f"two comparisons for attribute '{attribute}': "
                    f"{COMPARISONS[attribute].__name__} and {fn.__name__}"
                )
            COMPARISONS[attribute] = fn
        return fn

    return register


def comparison(attribute: str) -> Comparison:
    try:
        return COMPARISONS[attribute]
    except KeyError:
        raise ComparisonError(
            f"no comparison for attribute '{attribute}'; "
            f"registered: {', '.join(sorted(COMPARISONS))}"
        ) from None


def require_coverage(attributes: Iterable[str]) -> None:
    """Every attribute of the reference schema must have a comparison."""
    missing = sorted(set(attributes) - set(COMPARISONS))
    if missing:
        raise ComparisonError(f"no comparison registered for attribute(s): {', '.join(missing)}")
