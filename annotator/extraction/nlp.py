"""The one place that builds the spaCy pipeline.

No trained pipeline can be installed offline (see DESIGN.md), so annotator builds on
``spacy.blank("en")`` with scispaCy's biomedical tokenizer and abbreviation detector, and a
vocabulary matcher whose patterns come from reference_notes/ (drug names and terms) and
annotator/knowledge/data/cues.csv. Nothing is downloaded; a custom pipeline can be passed in
instead.
"""

from __future__ import annotations

import re
import warnings

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from annotator.knowledge.datafiles import load_cues
from annotator.knowledge.reference import Reference
from annotator.models import Label

_WORD = re.compile(r"[^\W_]+")
_PIECE = re.compile(r"[^\W_]+|[^\w\s]")
# pysbd is not in this pipeline: sentences are split by annotator.extraction.claims per paragraph.
warnings.filterwarnings("ignore", message="Possible set union", category=FutureWarning)
# scispaCy's abbreviation detector keeps an empty global matcher; spaCy warns on every call.
warnings.filterwarnings("ignore", message=r".*\[W036\].*")


def _variants(name: str) -> set[str]:
    """The name plus simple plural/singular forms of its last word (no lemmatizer offline).
    A name ending in a short capitalised word ("category D", "Schedule IV", "Glucophage XR")
    also matches at a sentence end, where the tokenizer keeps the full stop on that word."""
    out = {name}
    last = name.split()[-1] if name.split() else name
    if last.isupper() and len(last) <= 3:
        out.add(name + ".")
    if last.isupper() and last.isalpha() and 3 <= len(last) <= 6:
        out.add(name + "s")  # acronyms take a lower-case plural: "MAOIs", "NSAIDs", "SSRIs"
    if len(last) > 3 and last[-1].isalpha() and last.islower():
        if name.endswith("y") and not name.endswith(("ay", "ey", "oy", "uy")):
            out.add(name[:-1] + "ies")
        elif name.endswith("ies"):
            out.add(name[:-3] + "y")
        elif name.endswith("s") and not name.endswith("ss"):
            out.add(name[:-1])
        else:
            out.add(name + "s")
    return out


class VocabularyMatcher:
    """Matches drug names, terms and cues; the match id is 'LABEL|concept'.

    Names of an imported drug vocabulary (reference.vocabulary_names, tens of thousands) are
    matched by lookup of the token spans that start with one of their first words instead of
    by the PhraseMatcher: building PhraseMatcher patterns costs ~0.3 ms a name (new lexemes,
    one key per drug), which would add seconds to every batch start-up for the same matches.
    """

    def __init__(self, nlp: Language, reference: Reference, cues: dict[str, tuple[str, ...]]):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns: dict[str, set[str]] = {}
        imported = getattr(reference, "vocabulary_names", {})
        for name, drug in reference.drug_names.items():
            if name not in imported:
                patterns.setdefault(f"{Label.DRUG}|{drug}", set()).add(name)
        self.imported = {" ".join(n.split()): d for n, d in imported.items()}
        self.first_words = {w for n in self.imported for w in (n.split()[0], *_WORD.findall(n)[:1])}
        self.window = min(8, max((len(_PIECE.findall(n)) for n in self.imported), default=0))
        for term in reference.terms.values():
            key = f"{term.label}|{term.term_id}"
            for name in term.names:
                patterns.setdefault(key, set()).update(_variants(name))
        for cue_id, names in cues.items():
            key = f"{Label.CUE}|cue:{cue_id}"
            for name in names:
                patterns.setdefault(key, set()).update(_variants(name))
        make = nlp.make_doc
        for key, names in patterns.items():
            self.matcher.add(key, [make(n) for n in sorted(names)])
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """(start_char, end_char, label, concept) for every match, overlapping ones included."""
        out = []
        for match_id, start, end in self.matcher(doc):
            label, concept = self.strings[match_id].split("|", 1)
            span = doc[start:end]
            out.append((span.start_char, span.end_char, label, concept))
        if self.imported:
            out += self._imported(doc)
        return out

    def _imported(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """Vocabulary drug names as whole token spans, compared lower-cased with their spaces
        evened out (what the PhraseMatcher's LOWER attribute would match)."""
        out, text = [], doc.text
        for i, tok in enumerate(doc):
            if tok.lower_ not in self.first_words:
                continue
            for last in doc[i : i + self.window]:
                end = last.idx + len(last)
                drug = self.imported.get(" ".join(text[tok.idx : end].lower().split()))
                if drug:
                    out.append((tok.idx, end, Label.DRUG.value, drug))
        return out


@Language.factory("abbreviations_in_parentheses")
def _abbreviations_in_parentheses(nlp, name):  # untyped: spaCy validates factory hints
    """scispaCy's abbreviation detector, run only where it can find something: it defines a
    short form only inside "( ... )" tokens, and on a paragraph without "(" its matcher pass
    alone cost as much as tokenizing (benchmarks/batch_throughput.py). Same spans as before."""
    from scispacy.abbreviation import AbbreviationDetector

    detector = AbbreviationDetector(nlp)

    def detect(doc: Doc) -> Doc:
        return detector(doc) if "(" in doc.text else doc

    return detect


_PIPELINES: dict[tuple[str, str], tuple[Language, VocabularyMatcher]] = {}


@spacy.registry.tokenizers("annotator.scispacy_tokenizer.v1")
def _scispacy_tokenizer():  # no annotations: spaCy's config resolver validates them
    """scispaCy's rule tokenizer as a registered factory, so `spacy.blank` builds it directly
    instead of building the default English tokenizer first and replacing it (~0.2 s)."""
    from types import SimpleNamespace

    from scispacy.custom_tokenizer import combined_rule_tokenizer

    def make(nlp):
        # scispaCy copies `token_match` from the tokenizer it replaces; hand it the language's
        # default one, which is what that tokenizer would have had
        nlp.tokenizer = SimpleNamespace(token_match=nlp.Defaults.token_match)
        return combined_rule_tokenizer(nlp)

    return make


def build_pipeline(reference: Reference) -> tuple[Language, VocabularyMatcher]:
    """blank English + scispaCy tokenizer + abbreviation detector, and the vocabulary matcher."""
    import scispacy.abbreviation  # noqa: F401  (registers "abbreviation_detector")

    nlp = spacy.blank(
        "en", config={"nlp": {"tokenizer": {"@tokenizers": "annotator.scispacy_tokenizer.v1"}}}
    )
    nlp.add_pipe("abbreviations_in_parentheses")
    nlp.max_length = 10**9  # no parser or NER: memory grows linearly; the reader bounds file size
    return nlp, VocabularyMatcher(nlp, reference, load_cues())


def get_pipeline(reference: Reference) -> tuple[Language, VocabularyMatcher]:
    """The pipeline for this reference table, built once per process."""
    key = (str(reference.root), reference.version)
    if key not in _PIPELINES:
        _PIPELINES[key] = build_pipeline(reference)
    return _PIPELINES[key]
