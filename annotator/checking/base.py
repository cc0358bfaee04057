"""The record of one comparison, and the constants the comparison mixins share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.models import Assertion, Fact, Verdict

WEAK_EVIDENCE = {"limited", "inconclusive"}
AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*(\w+)")
ROUTES = ("oral", "intrathecal", "intravenous", "topical", "transdermal", "rectal")


@dataclass(frozen=True)
class Judgement:
    """How one assertion compares with the table."""

    status: Verdict
    assertion: Assertion
    facts: tuple[Fact, ...] = ()
    reason: str = ""
    claimed: str = ""
