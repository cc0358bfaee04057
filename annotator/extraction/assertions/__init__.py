"""Mentions -> assertions: what a claim says, typed (drug, attribute, value, polarity, certainty).

Rules, not a parser (no trained pipeline can be installed offline). `reader` picks the subject
(the drug the claim names, not one it is compared with: "like dantrolene, baclofen ..."; the
focus drug for a pronoun: "It belongs to ...") and runs one reader per attribute family:
`identity` (class, site of action, mechanism), `uses` (indications, adverse effects,
conditions called contraindicated or safe), `safety` (stopping and withdrawal, combinations),
`quantities` (doses), `status` (elimination, control status, half-life, boxed warning, duration
of use). An attribute is read when a value of its kind appears with the cue that makes it a
claim about that attribute ("used to treat" + a condition). Negation and hedging come from the
context modifiers of annotator.extraction.context.
"""

from annotator.extraction.assertions.reader import AssertionReader

__all__ = ["AssertionReader"]
