"""Import FDA drug labels (SPL XML, DailyMed zips, openFDA JSON) as cited, typed raw facts.

    result = read_labels(["dailymed.zip", "drug-label-0001-of-0001.json.zip"])
    for label in result.labels:
        facts = extract_facts(label, result.class_index)
    for error in result.errors:
        print(error)            # "bulk.zip!x.zip!y.xml: not well-formed XML (...)"

Phase 1 is a library: the records are plain data for the reference table to take in.
"""

from .adr_lexicon import AdrLexicon
from .extract import extract_facts
from .indexing import ClassIndexEntry, read_indexing
from .openfda import read_openfda
from .records import Citation, Ingredient, Label, LabelError, LabelFact, Product, Section, Table
from .sources import ReadResult, read_bytes, read_labels
from .spl import read_spl

__all__ = [
    "AdrLexicon",
    "Citation",
    "ClassIndexEntry",
    "Ingredient",
    "Label",
    "LabelError",
    "LabelFact",
    "Product",
    "ReadResult",
    "Section",
    "Table",
    "extract_facts",
    "read_bytes",
    "read_indexing",
    "read_labels",
    "read_openfda",
    "read_spl",
]
