"""Layer 7, evaluation: scoring the checker against the labelled sets in tests/devset/.

May import: outputs, the pipeline and every layer below it.
"""
