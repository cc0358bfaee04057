"""Build annotator/knowledge/data/tortured_phrases.json: fixed expressions of drug text, the
synonyms a spinner may swap into them, and the variants drug text itself uses.

    python tools/build_tortured_phrases.py [--shared ../shared] [--wordnet /usr/share/wordnet]

Development time only (the product reads the JSON, never ../shared or WordNet).
- Expressions: word n-grams (2-4 words, within a clause) of FDA label text
  (../shared/datasets/labels/spl/*.xml and the TAC 2017 label sections in ade_gold/) that recur
  (>= MIN_COUNT) and stick together (Dice >= MIN_DICE between the outer words), that neither
  start nor end with a function word; plus every multi-word name of reference_notes/terms.csv
  and drugs.csv; plus the curated consumer expressions of data/tortured_curated.json.
- Synonyms of each expression word: WordNet 3.0 (lemmas of its synsets, similar-to and
  also-see adjectives, direct hypernyms and hyponyms), plus the curated loose synonyms of
  tortured_curated.json (spinner thesauri are looser than WordNet: "fit" for "spasm").
  Morphological relatives ("muscular" for "muscle") are dropped: they are not swaps.
- Attested: every variant that the label text, the reference notes or the curated list itself
  contains ("adverse effect" is a variant of "side effect" that labels use): never flagged.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from wordnet import read_wordnet  # noqa: E402

from annotator.knowledge.datafiles import DATA_DIR  # noqa: E402
from annotator.qa import tortured  # noqa: E402
from annotator.qa.tortured import _BREAK, _TOKEN, norm  # noqa: E402

MIN_COUNT = 4
MIN_DICE = 0.12
MAX_SYNONYMS = 60
RELATIONS = ()  # synset co-members only: similar-to, also-see and hypernyms drift too far
MILD_COUNT = 3  # a WordNet synonym used this often in label text is drug-text variation
COMMON = 150  # a word seen more often in the label text is a drug-text word, not a swap
FUNCTION = set(
    "a an the of to in on at by for with from and or but nor as is are was were be been being "
    "this that these those it its your you we our they their he she his her i my me not no "
    "than then there which who whom whose what when where how if may can could should would "
    "will shall must do does did has have had such other some any all each every more most "
    "also only very into onto about after before over under up down out off per via".split()
)


def label_texts(shared: Path) -> list[str]:
    texts = []
    for path in sorted((shared / "datasets/labels/spl").glob("*.xml")):
        root = ET.parse(path).getroot()
        texts.append("\n".join(t.strip() for t in root.itertext() if t.strip()))
    for path in sorted((shared / "datasets/labels/ade_gold").glob("*.json")):
        texts += [r["section_text"] for r in json.loads(path.read_text(encoding="utf-8"))]
    return texts


def notes_phrases() -> tuple[list[str], list[str]]:
    """(multi-word names of terms.csv, every name and fact statement of reference_notes/)."""
    out = []
    notes = ROOT / "reference_notes"
    with (notes / "terms.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            out += [n.strip() for n in (row.get("names") or "").split("|")]
    names = [p for p in out if 2 <= len(p.split()) <= 5]
    for path in sorted((notes / "facts").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            out += [row["statement"] for row in csv.DictReader(fh)]
    return names, [p for p in out if p]


def clauses(text: str) -> list[list[str]]:
    out, cur, last = [], [], 0
    for m in _TOKEN.finditer(text):
        if cur and _BREAK.search(text, last, m.start()):
            out.append(cur)
            cur = []
        cur.append(norm(m.group()))
        last = m.end()
    return out + [cur] if cur else out


def collocations(texts: list[str]) -> tuple[list[str], set[tuple[str, ...]]]:
    grams: Counter[tuple[str, ...]] = Counter()
    words: Counter[str] = Counter()
    for text in texts:
        for cl in clauses(text):
            words.update(cl)
            for n in (2, 3, 4):
                grams.update(tuple(cl[i : i + n]) for i in range(len(cl) - n + 1))
    out = []
    for g, c in grams.items():
        if c < MIN_COUNT or any(w in FUNCTION or len(w) < 2 for w in g):
            continue
        dice = 2 * c / (words[g[0]] + words[g[-1]])
        if dice >= MIN_DICE:
            out.append(" ".join(g))
    return sorted(out), words


def wordnet_synonyms(word: str, wn) -> set[str]:
    lemmas, index, pointers = wn
    out: set[str] = set()
    for form in {word, norm(word)}:
        for sid in index.get(form, ()):
            out.update(lemmas[sid])
            for sym, target in pointers[sid]:
                if sym in RELATIONS:
                    out.update(lemmas.get(target, ()))
    return out


def mild(syn: str, label_words: Counter) -> bool:
    """A WordNet synonym that drug text itself uses is variation, not a swap ('anticonvulsant'
    for 'antiepileptic', 'nursing' for 'breast-feeding'): a spinner's word is foreign to drug
    text. (The curated synonyms were chosen as spinner words and are kept.)"""
    return all(label_words[norm(w)] >= MILD_COUNT for w in syn.split())


def related(a: str, b: str) -> bool:
    return tortured._related(norm(a), norm(b))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument("--out", type=Path, default=DATA_DIR / "tortured_phrases.json")
    args = ap.parse_args(argv)
    curated = json.loads((DATA_DIR / "tortured_curated.json").read_text(encoding="utf-8"))
    texts = label_texts(args.shared)
    found, label_words = collocations(texts)
    note_terms, notes = notes_phrases()
    note_terms = [t for t in note_terms if not FUNCTION & set(t.lower().split())]
    expressions = sorted(
        set(found) | {p.lower() for p in note_terms} | set(curated["expressions"]),
        key=lambda e: (len(e.split()), e),
    )
    expressions = [e for e in expressions if len(tortured._words(e)) >= 2]
    wn = read_wordnet(args.wordnet)
    vocab = {w for e in expressions for w in tortured._words(e)}
    synonyms: dict[str, list[str]] = {}
    for word in sorted(vocab):
        if word in FUNCTION:
            continue
        cur = set(curated["synonyms"].get(word, []))
        syns = {s for s in wordnet_synonyms(word, wn) if not mild(s, label_words)} | cur
        syns = {s for s in syns if s != word and not any(related(x, word) for x in s.split())}
        keep = sorted(syns, key=lambda s: (s not in curated["synonyms"].get(word, []), s))
        if keep:
            synonyms[word] = keep[:MAX_SYNONYMS] + [
                s for s in keep[MAX_SYNONYMS:] if s in curated["synonyms"].get(word, [])
            ]
    for key, syns in curated["synonyms"].items():
        if " " in key:  # several expression words replaced at once ("short term" -> "momentary")
            synonyms[key] = sorted(set(syns))
    data = {
        "description": "Fixed expressions of drug text, the synonyms of their words, and the "
        "variants drug text itself uses (never flagged). Read by annotator/qa/tortured.py; "
        "built by tools/build_tortured_phrases.py.",
        "source": "expressions: collocations of 29 FDA SPL labels and the TAC 2017 ADR label "
        "sections (public domain), multi-word names in reference_notes/, and the curated list "
        "in tortured_curated.json; synonyms: WordNet 3.0 (Princeton University, WordNet "
        "licence: free use, copy and distribution with this notice) plus tortured_curated.json; "
        "attested: variants found in the same label text and reference notes.",
        "min_confidence": 0.5,
        "all_swapped_min_words": 2,
        "max_variant_words": 7,
        "expressions": expressions,
        "synonyms": synonyms,
        "attested": [],
        "common_in_drug_text": sorted(
            {norm(w) for syns in synonyms.values() for s in syns for w in s.split()}
            & {w for w, c in label_words.items() if c > COMMON}
        ),
    }
    args.out.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    # attested variants: run the detector's matcher over drug text with the new data
    table = tortured.load_tortured(args.out)
    attested: set[str] = set()
    for text in texts + notes + curated["expressions"]:
        for s, e, _, _ in tortured.candidates(text, table, keep_attested=True):
            attested.add(" ".join(tortured._words(text[s:e])))
    data["attested"] = sorted(attested)
    args.out.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    vocab_out = DATA_DIR / "drug_text_words.txt"
    note_words = Counter(norm(w) for p in notes for w in _TOKEN.findall(p))
    kept = sorted(
        w
        for w in set(label_words) | set(note_words)
        if w.isalpha() and len(w) >= 5 and label_words[w] + note_words[w] >= 2
    )
    vocab_out.write_text(
        "# Words (5+ letters, lower case, simple singular) used at least twice in FDA label text\n"
        "# (29 SPL labels + TAC 2017 ADR label sections, public domain) and reference_notes/;\n"
        "# built by tools/build_tortured_phrases.py. Read by annotator/qa/translation.py.\n"
        + "\n".join(kept)
        + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(kept)} drug-text words -> {vocab_out}; "
        f"{len(expressions)} expressions ({len(found)} from labels), "
        f"{len(synonyms)} words with synonyms, {len(attested)} attested variants -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
