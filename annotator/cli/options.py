"""Options and helpers the command modules share."""

from __future__ import annotations

import click

NOTES = click.option(
    "--notes",
    type=click.Path(file_okay=False),
    default=None,
    help="reference_notes directory (default: ./reference_notes or ANNOTATOR_NOTES)",
)


def load_notes(notes: str | None):
    """The reference table at --notes, or None for the default one (loaded by the pipeline).
    An invalid table raises ReferenceError, which the CLI shows as its problem list."""
    from annotator.knowledge.loader import load_reference

    return load_reference(notes) if notes else None


CURATED_ONLY = click.option(
    "--curated-only",
    is_flag=True,
    help="check against curated facts alone (imported label rows not yet accepted are left out)",
)
