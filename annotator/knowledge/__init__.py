"""Layer 1, knowledge: the reference table and the rule data every later stage reads.

Owns: loading and validating `reference_notes/` into a typed, indexed `Reference` (facts,
sources, drug names, vocabularies with hierarchy and exclusive groups, curated phrasings), the
rule data files in `data/` (claim kinds, context rules, cue phrases, spin, spelling, garble,
suggestion templates) with their strict readers, and label import (`labels/`).
May import: `annotator.models`, `annotator.errors`, `annotator.settings`.
"""
