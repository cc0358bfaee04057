"""Rules for usernames and passwords: pure functions over strings and the shipped data.

Why:
- A username is normalised (NFKC, then casefold) before it is stored or looked up, so
  "Rita", "RITA" and "ｒｉｔａ" are one account and sign in as one (the lock-out counts them
  together). A name mixing scripts ("rіta" with a Cyrillic і) is refused, and so is a new name
  whose look-alike skeleton (Cyrillic and Greek homoglyphs, 0/o, 1/l/i, rn/m, vv/w, separators
  left out) equals an existing account's: a signature or an audit row must not be attributable
  to someone who merely looks like another reviewer.
- A password has at least 12 characters (NIST SP 800-63B asks for 8 and says longer is better;
  12 keeps passphrases easy while making offline guessing of a stolen hash slower), is not one
  of the common passwords in data/common_passwords.txt (from zxcvbn's leak frequency list), and
  does not contain the username.
"""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

MIN_PASSWORD = 12
MAX_USERNAME = 64
SEPARATORS = "._@-"
_ONE_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "IDEOGRAPHIC": "CJK", "HANGUL": "HANGUL"}
# Look-alikes folded to one Latin letter (after casefold); multi-letter look-alikes after.
_HOMOGLYPHS = str.maketrans(
    {
        **dict.fromkeys("аɑα", "a"),
        **dict.fromkeys("вβ", "b"),
        **dict.fromkeys("сϲ", "c"),
        **dict.fromkeys("ԁ", "d"),
        **dict.fromkeys("еёεє", "e"),
        **dict.fromkeys("ɡ", "g"),
        **dict.fromkeys("һн", "h"),
        **dict.fromkeys("і1lıιїӏ|", "l"),
        "i": "l",
        **dict.fromkeys("јϳ", "j"),
        **dict.fromkeys("кκ", "k"),
        **dict.fromkeys("м", "m"),
        **dict.fromkeys("пη", "n"),
        **dict.fromkeys("о0οσ", "o"),
        **dict.fromkeys("рρ", "p"),
        **dict.fromkeys("ԛ", "q"),
        **dict.fromkeys("г", "r"),
        **dict.fromkeys("ѕ5", "s"),
        **dict.fromkeys("тτ", "t"),
        **dict.fromkeys("υц", "u"),
        **dict.fromkeys("νѵ", "v"),
        **dict.fromkeys("ԝω", "w"),
        **dict.fromkeys("хχ", "x"),
        **dict.fromkeys("уγ", "y"),
        **dict.fromkeys("z", "z"),
        **dict.fromkeys(SEPARATORS, ""),
    }
)
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def normalise_username(username: str) -> str:
    """NFKC then casefold (then NFKC again: casefolding can leave non-normalised text)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username or "").casefold())


def _script(ch: str) -> str | None:
    if ch.isdigit() or ch in SEPARATORS:
        return None
    word = unicodedata.name(ch, "UNKNOWN").split()[0]
    return _ONE_SCRIPT.get(word, word if word != "CJK" else "CJK")


def username_problem(username: str) -> str | None:
    """Why `username` (already normalised) cannot be an account name, or None."""
    if not 1 <= len(username) <= MAX_USERNAME:
        return f"use 1-{MAX_USERNAME} characters"
    bad = sorted({ch for ch in username if not (ch.isalnum() or ch in SEPARATORS)})
    if bad:
        return "letters, digits and . _ @ - only (not " + " ".join(repr(c) for c in bad) + ")"
    scripts = {s for s in map(_script, username) if s}
    if len(scripts) > 1:
        return "it mixes scripts (" + ", ".join(sorted(scripts)).lower() + "), a look-alike risk"
    return None


def skeleton(username: str) -> str:
    """What a name looks like: homoglyphs folded, separators left out."""
    decomposed = unicodedata.normalize("NFD", normalise_username(username))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = bare.translate(_HOMOGLYPHS)
    for pair, single in _PAIRS:
        folded = folded.replace(pair, single)
    return folded


def confusable_with(username: str, existing: list[str]) -> str | None:
    """The existing account `username` would look like, or None."""
    mine = skeleton(username)
    return next((e for e in existing if skeleton(e) == mine), None)


@functools.cache
def common_passwords() -> frozenset[str]:
    text = resources.files("annotator.review").joinpath("data/common_passwords.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(username: str, password: str) -> str | None:
    """Why `password` is refused for `username`, or None."""
    password = password or ""
    if len(password) < MIN_PASSWORD:
        return f"too short: at least {MIN_PASSWORD} characters"
    folded = normalise_username(password)
    if folded in common_passwords() or folded.rstrip("0123456789!.?") in common_passwords():
        return "it is one of the most common passwords; choose another"
    name = normalise_username(username)
    if skeleton(password) == skeleton(name) or (len(name) >= 3 and name in folded):
        return "it contains the username"
    return None
