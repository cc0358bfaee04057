"""`annotator notes import-label` and `import-vocabulary`: bring downloaded files into the
table. Thin: the work is in annotator.knowledge.importer; this parses and prints."""

from __future__ import annotations

import getpass
import os
import sys

import click

from annotator import settings


def who(by: str | None) -> str:
    """The curator a change is recorded for: --by, else $ANNOTATOR_USER, else the OS user."""
    return by or os.environ.get("ANNOTATOR_USER") or getpass.getuser()


def notes_root(notes: str | None) -> str:
    return str(notes or settings.notes_dir())


@click.command("import-label")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--notes",
    type=click.Path(file_okay=False),
    default=None,
    help="reference_notes directory (default: ./reference_notes or ANNOTATOR_NOTES)",
)
@click.option("--by", default=None, help="who imports (default: $ANNOTATOR_USER or the OS user)")
@click.option("--verbose", "-v", is_flag=True, help="list every added, changed and removed row")
@click.option(
    "--term-list",
    default="shipped",
    show_default=True,
    metavar="shipped|none|CSV",
    help="adverse-reaction terms to find in prose: the list shipped (from the CC0 TAC "
    "2017 train split), none, or a term,preferred_term CSV of your own",
)
def import_label(paths, notes, by, verbose, term_list):
    """Import FDA labels: SPL XML files, folders, DailyMed zips (nested too), openFDA JSON.

    Rows go to imported/<drug>.csv with status 'imported', citing set id, version, date,
    section and the label's words; sources.csv and drugs.csv get the label and its names;
    values without a term go to needs_terms.csv. Re-importing a newer version updates its
    rows and prints what changed; rows contradicting curated facts are held back and listed.

    Example: annotator notes import-label ~/Downloads/metformin.zip --by alice
    """
    from annotator.knowledge.importer.label_import import import_labels
    from annotator.knowledge.importer.summary import summary_lines
    from annotator.knowledge.labels import AdrLexicon

    lexicon = (
        AdrLexicon.shipped()
        if term_list == "shipped"
        else None
        if term_list == "none"
        else AdrLexicon.from_csv(term_list)
    )
    result = import_labels(paths, notes_root(notes), who(by), lexicon)
    for line in summary_lines(result, verbose):
        click.echo(line)
    sys.exit(1 if result.plan.errors else 0)


@click.command("import-vocabulary")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--notes",
    type=click.Path(file_okay=False),
    default=None,
    help="reference_notes directory (default: ./reference_notes or ANNOTATOR_NOTES)",
)
@click.option("--by", default=None, help="who imports (default: $ANNOTATOR_USER or the OS user)")
def import_vocabulary(path, notes, by):
    """Import the DrugBank open vocabulary (CC0) as drug names without notes.

    Writes vocabulary/drugbank.csv: every name that is safe to match (not an everyday English
    word, an abbreviation, a lab code, a chemical name or a term of terms.csv); drugs.csv keeps
    precedence. A claim about one of these drugs is unverified with "no reference notes for X".

    Example: annotator notes import-vocabulary ~/Downloads/drugbank_vocabulary.csv
    """
    from annotator.knowledge.importer.vocabulary import FILE, import_vocabulary

    result = import_vocabulary(path, notes_root(notes), who(by))
    click.echo(
        f"{len(result.kept)} names of {result.entries} drugs kept ({result.names_read} read, "
        f"{result.linked} drugs linked to drugs.csv) -> {FILE.as_posix()}"
    )
    for why, count in result.dropped.most_common():
        click.echo(f"  left out {count:>6}  {why}: {', '.join(result.examples[why][:6])} ...")
