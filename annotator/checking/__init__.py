"""Layer 3, checking: comparing what a claim says with the reference facts.

`comparisons` holds one comparison per fact attribute, registered by attribute in one table
(`registry`); `verdicts` turns the comparisons of a claim's assertions into one verdict with its
fact ids, reference statement, suggestion and sources.
May import: extraction, knowledge and the base modules.
"""
