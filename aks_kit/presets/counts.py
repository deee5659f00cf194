"""How counts read in messages: `1 warning`, `2 warnings`, `5,000 nodes`, `6-5,000 nodes`."""

from __future__ import annotations

IRREGULAR = {"is": "are", "does": "do"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """`word` for one, its plural otherwise (`many`, or the word with an s)."""
    if count == 1:
        return word
    return many or IRREGULAR.get(word) or f"{word}s"


def count(number: int, word: str, many: str | None = None) -> str:
    """`1 warning`, `0 errors`, `5,003 nodes`: thousands separated, the noun agreeing."""
    return f"{number:,} {plural(number, word, many)}"


def span(low: int, high: int, word: str, many: str | None = None) -> str:
    """`6-5,000 nodes`, or `3 nodes` when both ends are the same."""
    if low == high:
        return count(high, word, many)
    return f"{low:,}-{high:,} {plural(high, word, many)}"
