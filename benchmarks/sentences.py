"""Sentence splitters on the shared corpus: speed (words/s) and boundary agreement.

    python benchmarks/sentences.py [--corpus ../shared/corpus] [--show sentencex]

Why this exists: sentence splitting runs on every document, and the project's budget for a batch
is 4x a bare spaCy `blank("en")` tokenizer pass. scispaCy's `pysbd_sentencizer` is the obvious
start but runs at ~17k words/s per paragraph here (the tokenizer: ~200k) and slows down sharply
on long inputs (whole-document pysbd on the 165 kB concatenation), so it alone would blow the
budget. There is no gold segmentation of these articles, so agreement is measured against the
leave-one-out majority: a boundary counts as right when more than half of the *other*
per-paragraph splitters put it there. `--show NAME` prints where NAME disagrees with that majority, to read by eye.

Figures on this machine (2 cores shared with other work, so rates vary by 2x between runs; the
ratios to the tokenizer pass in the same run are steadier). Corpus, 12 articles, 26k words:

    splitter                  words/s   time/tok   F1 vs majority
    spacy blank tokenizer      35-97k      1.00
    pysbd/para                  9-19k     4.0-5.2   0.977
    pysbd/whole (165 kB)       12-22k     3.0-7.5   0.80  (splits inside list lines, P 0.69)
    spacy-sentencizer/para    160-205k    0.2-0.5   0.962 (splits after every "." token)
    sentencex/para            1.5-3.2M    0.02-0.03 0.976
    blingfire/para            150-395k    0.2-0.65  0.974 (misses more: R 0.958)
    syntok/para                58-100k    0.6-1.7   0.973
    annotator.split_claims    150-370k    0.2-0.4   0.978 (the whole stage: blocks, kinds, records)

Choice (annotator/claims.py): sentencex per paragraph. Its agreement matches pysbd's, it is about
100x faster, and its time is linear in the input, so the whole claims stage costs well under one
tokenizer pass instead of pysbd's four to five. Where sentencex is "extra" against the majority it
is mostly right (patient reviews whose sentences start in lower case: "... in this. i have only
been ..."); its real misses were words on its abbreviation list that end sentences in drug text
("at higher doses it may. Ibuprofen", "every 8 h. Take"), which claims.py repairs from
`claim_kinds.json` (`sentences.split_after`). blingfire is fast too but a 2021 wheel with a bundled
native library and lower recall; syntok is pure Python and slower than the tokenizer.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.extraction.claims import _blocks, split_claims
from annotator.models import Document

CONCAT_BYTES = 165_000


def load_corpus(folder: Path) -> list[tuple[str, str]]:
    texts = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("# source:"):
            text = text.split("\n", 1)[1]
        texts.append((path.name, text))
    return texts


def concatenation(texts: list[tuple[str, str]], size: int = CONCAT_BYTES) -> str:
    whole = "\n\n".join(t for _, t in texts)
    cut = whole.encode("utf-8")[:size].decode("utf-8", "ignore")
    return cut[: cut.rfind("\n")]


def per_block(split):
    """Run a block-level splitter over the same paragraphs claims.py uses (markers removed)."""

    def run(text: str) -> list[int]:
        starts = []
        for start, end, _marker in _blocks(text):
            starts.extend(start + s for s in split(text[start:end]))
        return starts

    return run


def _starts(block: str, spans) -> list[int]:
    """Start offsets of the pieces that hold a word: a stray "*" or "." left over after a
    sentence is not a sentence of its own (claims.py merges such pieces the same way)."""
    out = []
    for s, e in spans:
        piece = block[s:e]
        if any(ch.isalnum() for ch in piece):
            out.append(s + len(piece) - len(piece.lstrip()))
    return out


def make_splitters() -> dict:
    import pysbd
    import spacy

    splitters = {}
    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    splitters["pysbd/para"] = per_block(
        lambda b: _starts(b, [(s.start, s.end) for s in seg.segment(b)])
    )
    splitters["pysbd/whole"] = lambda t: _starts(t, [(s.start, s.end) for s in seg.segment(t)])
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    splitters["spacy-sentencizer/para"] = per_block(
        lambda b: _starts(b, [(s.start_char, s.end_char) for s in nlp(b).sents])
    )
    try:
        import sentencex

        splitters["sentencex/para"] = per_block(
            lambda b: _starts(
                b,
                [
                    (x["start_index"], x["end_index"])
                    for x in sentencex.get_sentence_boundaries("en", b)
                ],
            )
        )
    except ImportError:
        print("sentencex not installed: skipped")
    try:
        import blingfire

        splitters["blingfire/para"] = per_block(
            lambda b: _starts(b, blingfire.text_to_sentences_and_offsets(b)[1]) if b.strip() else []
        )
    except ImportError:
        print("blingfire not installed: skipped")
    try:
        from syntok import segmenter

        def syntok_split(b: str) -> list[int]:
            return [sent[0].offset for para in segmenter.analyze(b) for sent in para if sent]

        splitters["syntok/para"] = per_block(syntok_split)
    except ImportError:
        print("syntok not installed: skipped")
    splitters["annotator.split_claims"] = lambda t: [
        c.start for c in split_claims(Document("b", t))
    ]
    return splitters


def timed(fn, docs: list[str], repeats: int = 3) -> tuple[float, list]:
    """Best wall time of running `fn` over every document (one run when a run takes > 2 s)."""
    best, result = float("inf"), []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = [fn(t) for t in docs]
        best = min(best, time.perf_counter() - t0)
        if best > 2.0:
            break
    return best, result


def boundaries(text: str, starts) -> set[int]:
    """Sentence starts that are not paragraph starts (those are given, not decided)."""
    block_starts = {s for s, _e, _m in _blocks(text)}
    return {s for s in starts if s not in block_starts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--show", help="print the disagreements of this splitter")
    args = parser.parse_args()
    texts = load_corpus(args.corpus)
    if not texts:
        sys.exit(f"{args.corpus}: no corpus files")
    import spacy

    nlp = spacy.blank("en")
    inputs = {
        "corpus (12 articles)": [t for _, t in texts],
        "165 kB concatenation": [concatenation(texts)],
    }
    splitters = make_splitters()
    for label, docs in inputs.items():
        words = sum(len(t.split()) for t in docs)
        tok_time, _ = timed(nlp.make_doc, docs)
        tok_rate = words / tok_time
        print(f"\n== {label}: {sum(len(t) for t in docs):,} chars, {words:,} words")
        print(
            f"{'splitter':26s} {'words/s':>10s} {'time/tok':>11s} {'sents':>6s} {'P':>6s} {'R':>6s} {'F1':>6s}"
        )
        print(f"{'spacy blank tokenizer':26s} {tok_rate:10,.0f} {1.0:11.2f}")
        found: dict[str, list[set[int]]] = {}
        for name, fn in splitters.items():
            elapsed, result = timed(fn, docs)
            found[name] = [boundaries(t, r) for t, r in zip(docs, result)]
            found[name + ":time"] = elapsed  # type: ignore[assignment]
        names = [n for n in splitters]
        for name in names:
            # split_claims is built on sentencex: leave that one out of its jury too
            left_out = {name, "sentencex/para" if name == "annotator.split_claims" else name}
            others = [o for o in names if o not in left_out and o.endswith("/para")]
            tp = fp = fn_ = 0
            for i, text in enumerate(docs):
                votes: dict[int, int] = {}
                for o in others:
                    for b in found[o][i]:
                        votes[b] = votes.get(b, 0) + 1
                majority = {b for b, v in votes.items() if v * 2 > len(others)}
                mine = found[name][i]
                tp += len(mine & majority)
                fp += len(mine - majority)
                fn_ += len(majority - mine)
                if args.show == name and label.startswith("corpus"):
                    for b in sorted(mine ^ majority)[:15]:
                        tag = "extra" if b in mine else "missed"
                        print(f"  {tag:6s} ...{text[max(0, b - 60) : b]!r} | {text[b : b + 40]!r}")
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn_) if tp + fn_ else 1.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            rate = words / found[name + ":time"]  # type: ignore[operator]
            count = sum(len(s) for s in found[name]) + sum(len(list(_blocks(t))) for t in docs)
            print(
                f"{name:26s} {rate:10,.0f} {tok_rate / rate:11.2f} {count:6d} {p:6.3f} {r:6.3f} {f1:6.3f}"
            )


if __name__ == "__main__":
    main()
