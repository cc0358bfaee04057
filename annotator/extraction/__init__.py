"""Layer 2, extraction: reading what a document says.

document (`documents`) -> claims (`claims`) -> mentions (`nlp`, `entities`) -> context: negation,
hedging, hypotheticals (`context`) -> typed assertions (`syntax`, `assertions`).
May import: the knowledge layer and the base modules (models, errors, settings).
"""
