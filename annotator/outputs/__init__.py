"""Layer 6, outputs: reports and batch runs over `annotator.pipeline`.

Fixed report columns and deterministic CSV/JSON/table rendering (`reports`), spreadsheet
formula safety (`csvsafe`), the per-document work every runner shares (`worker`), the batch
writer with its resume journal (`batch`) and the Dask engine (`distributed`).
May import: the pipeline and every layer below it; never review, app or cli.
"""
