"""annotator: check drug articles against a typed, cited reference table."""

from annotator.models import (  # noqa: F401
    Assertion,
    Check,
    Claim,
    Document,
    DocumentResult,
    Finding,
    Mention,
    Verdict,
)

__all__ = ["Check", "DocumentResult", "Finding", "Verdict", "check_file", "check_text"]


def check_text(text, **kwargs):
    """Check one document's text; see annotator.pipeline.check_text."""
    from annotator.pipeline import check_text as _check_text

    return _check_text(text, **kwargs)


def check_file(path, **kwargs):
    """Read and check one file; see annotator.pipeline.check_file."""
    from annotator.pipeline import check_file as _check_file

    return _check_file(path, **kwargs)
