"""Rebuild annotator/review/data/common_passwords.txt from zxcvbn's password frequency list.

Why a build step: the product must not need network or zxcvbn at run time; it reads the text
file. zxcvbn (MIT) ships the 30,000 most frequent passwords of public leaks; we keep the 10,000
most frequent and every one of 10 or more characters (the rest are below the 12-character
minimum anyway). Run once with zxcvbn installed:

    pip install zxcvbn==4.5.0 && python tools/build_common_passwords.py
"""

from __future__ import annotations

from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

OUT = Path(__file__).resolve().parents[1] / "annotator" / "review" / "data" / "common_passwords.txt"
HEADER = """\
# Common passwords, one per line, lower case: the 10,000 most frequent and every one of
# 10 or more characters among the 30,000 of zxcvbn 4.5.0 (frequency_lists.py, 'passwords';
# MIT licence, Dropbox). Regenerate: tools/build_common_passwords.py. Read by credentials.py.
"""


def main() -> None:
    keep: dict[str, None] = {}
    for rank, word in enumerate(FREQUENCY_LISTS["passwords"]):
        word = word.strip().casefold()
        if word and (rank < 10_000 or len(word) >= 10):
            keep.setdefault(word)
    OUT.write_text(HEADER + "\n".join(keep) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(keep)} passwords")


if __name__ == "__main__":
    main()
