"""Layer 4, content QA: defects of the text that are not verdicts on one claim.

Unrendered spin (`spin`), misspelled drug names (`spelling`), doubled words and broken grammar
(`garble`), and document-level findings: internal contradictions, omitted safety information,
certainty stronger than the evidence (`findings`).
May import: checking, extraction, knowledge and the base modules.
"""
