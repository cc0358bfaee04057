"""Import FDA labels into the reference table: choose the label that speaks for each drug,
map its facts to typed rows (terms.csv ids, the table's qualifiers), list what the vocabulary
lacks, diff against the previous import, and hold back rows that contradict curated facts.

    result = import_labels(["dailymed.zip"], "reference_notes", by="alice")
    print("\n".join(summary_lines(result)))
"""
