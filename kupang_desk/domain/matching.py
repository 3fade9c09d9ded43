"""When two written names are the same person's name: exact, close (one-letter typo), different.

Case, spaces, punctuation and a degree title after a comma are ignored ("Maria  Goreti
Ndun, S.Pd" = "MARIA GORETI NDUN"). A single inserted, dropped or changed letter
(Levenshtein distance 1) is "close": a likely typo, which callers must show, never apply
silently.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum


class NameMatch(StrEnum):
    EXACT = "exact"
    CLOSE = "close"
    DIFFERENT = "different"


MAX_TYPO_DISTANCE = 1


def match_key(name: str) -> str:
    """The letters of a name that matter for matching: uppercase, no accents, no spaces."""
    name = name.split(",", 1)[0]  # "NAMA, S.Pd": titles after the comma are not the name
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if ch.isalnum()).upper()


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance; stops early (returns limit + 1) once it must exceed `limit`."""
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def compare_names(a: str, b: str) -> NameMatch:
    key_a, key_b = match_key(a), match_key(b)
    if not key_a or not key_b:
        return NameMatch.DIFFERENT
    if key_a == key_b:
        return NameMatch.EXACT
    if levenshtein(key_a, key_b, MAX_TYPO_DISTANCE) <= MAX_TYPO_DISTANCE:
        return NameMatch.CLOSE
    return NameMatch.DIFFERENT
