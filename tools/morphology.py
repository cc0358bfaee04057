"""English inflection and derivation for the tortured-phrase build: a thesaurus lists lemmas
("start": "begin"), drug text uses forms ("starting dose"), and a spinner inflects its pick to
fit ("beginning portion"). Development time only.

`analyses(word)` reads a form as (lemma, form) pairs with WordNet's morphy rules and exception
lists ("took" -> ("take", "past"), "older" -> ("old", "comparative"), "reducer" -> ("reduce",
"agent")); `inflect(lemma, form)` writes a lemma (or a phrase, by its first word) in that form
("diminish", "agent" -> "diminisher"; "take care of", "past" -> "took care of"). Regular rules
over-generate a little ("stoped" next to "stopped"); a form no text uses costs nothing.
"""

from __future__ import annotations

from wordnet import WordNet

VOWELS = set("aeiou")
_NOUN = [("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
         ("ies", "y"), ("s", "")]  # fmt: skip
_VERB = {
    "past": [("ied", "y"), ("ed", "e"), ("ed", "")],
    "ing": [("ying", "ie"), ("ing", "e"), ("ing", "")],
    "s": [("ies", "y"), ("es", "e"), ("es", ""), ("s", "")],
}
_ADJ = {"comparative": [("ier", "y"), ("er", "e"), ("er", "")],
        "superlative": [("iest", "y"), ("est", "e"), ("est", "")]}  # fmt: skip


def _undouble(stem: str) -> list[str]:
    """'blurr' -> ['blurr', 'blur']: the doubled final consonant of 'blurred', 'stopping'."""
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        return [stem, stem[:-1]]
    return [stem]


def analyses(word: str, wn: WordNet) -> set[tuple[str, str]]:
    """Every (lemma, form) reading of `word`; ('word', 'base') always among them."""
    out = {(word, "base")}
    for pos, form in (("v", "past"), ("a", "comparative"), ("a", "superlative")):
        for base in wn.exceptions.get(pos, {}).get(word, ()):
            out.add((base, form if pos == "a" else "past"))
    for base in wn.exceptions.get("n", {}).get(word, ()):
        out.add((base, "base"))
    for form, rules in _VERB.items():
        for suffix, repl in rules:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                for stem in _undouble(word[: -len(suffix)]):
                    if wn.has(stem + repl, "v"):
                        out.add((stem + repl, form))
    for form, rules in _ADJ.items():
        for suffix, repl in rules:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                for stem in _undouble(word[: -len(suffix)]):
                    if wn.has(stem + repl, "a"):
                        out.add((stem + repl, form))
    for suffix in ("er", "r", "or"):  # an agent noun of a verb: reducer, reliever, inhibitor
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) > 2:
            for s in {*_undouble(stem), stem + "e"}:
                if wn.has(s, "v"):
                    out.add((s, "agent"))
    if word.endswith("ly") and len(word) > 5:  # an adverb of an adjective: visually
        for stem in (word[:-2], word[:-3] + "y", word[:-2] + "e", word[:-4]):
            if wn.has(stem, "a"):
                out.add((stem, "adverb"))
    return {(lemma, form) for lemma, form in out if lemma}


def _inflect_word(word: str, form: str, wn: WordNet) -> set[str]:
    if form == "base":
        return {word}
    if form == "past":
        irregular = {f for f, bases in wn.exceptions.get("v", {}).items() if word in bases}
        irregular = {f for f in irregular if not f.endswith(("ing", "s")) or f.endswith("ss")}
        if irregular:
            return irregular
    if form in ("comparative", "superlative"):
        table = wn.exceptions.get("a", {})
        irregular = {f for f, bases in table.items() if word in bases}
        irregular = {f for f in irregular if f.endswith("est" if form == "superlative" else "er")}
        more = "more" if form == "comparative" else "most"
        out = {f"{more} {word}"} | irregular
        if len(word) <= 6 and " " not in word:
            suffix = "er" if form == "comparative" else "est"
            out.add(_suffix(word, suffix))
        return out
    if form == "adverb":
        if word.endswith("ic"):
            return {word + "ally"}
        if word.endswith("le"):
            return {word[:-1] + "y"}
        if word.endswith("y"):
            return {word[:-1] + "ily"}
        return {word + "ly"}
    suffix = {"past": "ed", "ing": "ing", "agent": "er", "s": "s"}[form]
    return {
        _suffix(word, suffix),
        *({_suffix(word, suffix, double=True)} if len(word) <= 5 else ()),
    }


def _suffix(word: str, suffix: str, double: bool = False) -> str:
    if suffix == "s":
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return word + "es"
        if word.endswith("y") and word[-2:-1] not in VOWELS:
            return word[:-1] + "ies"
        return word + "s"
    if word.endswith("ie") and suffix == "ing":
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + suffix
    if word.endswith("y") and word[-2:-1] not in VOWELS and suffix != "ing":
        return word[:-1] + "i" + suffix
    consonant = len(word) >= 3 and word[-1] not in VOWELS | {"w", "x", "y"}
    if double and consonant and word[-2] in VOWELS and word[-3] not in VOWELS:
        return word + word[-1] + suffix
    return word + suffix


def inflect(phrase: str, form: str, wn: WordNet) -> set[str]:
    """`phrase` in `form`; a phrase inflects its first word ('take care of' -> 'took care of'),
    and a comparative or superlative takes 'more'/'most' before the whole phrase."""
    if form in ("comparative", "superlative") and " " in phrase:
        return {("more " if form == "comparative" else "most ") + phrase}
    head, _, rest = phrase.partition(" ")
    return {(w + " " + rest).strip() for w in _inflect_word(head, form, wn)}
