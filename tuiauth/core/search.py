"""Finding accounts by a few typed words, forgiving as fzf is.

Every word of the query must match one of the account's fields — issuer, account name, a group or
the note — either at the start of a word there, or with its letters in that order within the field
("gh" finds GitHub, "kraken 027" finds Kraken's alice027). Any case. Accounts where every word matches
at the start of a word come first; otherwise the order given is kept.

``Search`` narrows from the previous result while the query only grows (the usual typing), so a
keystroke checks one word against the accounts still shown, not every word against every account.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .accounts import Account

#: Between fields in an account's search text: a match never spans two fields.
SEPARATOR = "\x1f"
#: Put where a word starts in the marked copy of the search text: at the start, and after a space, a
#: field separator or the punctuation inside names and addresses.
START = "\x1e"
WORD_ENDS = (" ", SEPARATOR, "-", "_", ".", "@", "/")
#: Between the accounts' texts while they are marked all at once.
_RECORD = "\x1d"


def marked_text(text: str) -> str:
    for end in WORD_ENDS:
        text = text.replace(end, end + START)
    return START + text


def marked_texts(texts: list[str]) -> list[str]:
    """``marked_text`` of each, made on one joined string (10,000 accounts at the first keystroke:
    a few passes in C instead of a Python loop per account)."""
    joined = _RECORD.join(texts)
    if joined.count(_RECORD) != max(0, len(texts) - 1):  # a text holds the record mark itself
        return list(map(marked_text, texts))
    if not texts:
        return []
    first, *rest = marked_text(joined).split(_RECORD)
    return [first, *(START + text for text in rest)]


def search_text(account: Account) -> str:
    return SEPARATOR.join([account.issuer, account.name, *account.groups, account.note]).casefold()


@dataclass(frozen=True)
class Word:
    text: str
    #: The letters in order, within one field.
    loose: re.Pattern[str]
    #: What the marked search text holds where the word matches at a word's start.
    at_start: str

    @classmethod
    def of(cls, text: str) -> Word:
        loose = f"[^{SEPARATOR}]*?".join(re.escape(c) for c in text)
        return cls(text, re.compile(loose), marked_text(text))

    def matches(self, text: str) -> bool:
        return self.text in text or self.loose.search(text) is not None


def query_words(query: str) -> tuple[str, ...]:
    return tuple(query.casefold().split())


class Search:
    """The accounts matching a query, best first (see the module's docstring)."""

    def __init__(self, accounts: Sequence[Account]) -> None:
        self.accounts = list(accounts)
        self._texts: list[str] = []  # made by ``prepare`` (not needed to show the list)
        self._marked: list[str] = []
        self._words: tuple[str, ...] = ()
        #: Positions (in ``accounts``) of the accounts matching ``_words``.
        self._matched = list(range(len(self.accounts)))
        #: word -> positions of matched accounts where it matches at a word's start.
        self._starts: dict[str, set[int]] = {}
        self._result = self.accounts

    def prepare(self) -> None:
        """Make the accounts' search texts (10,000 accounts: tens of milliseconds on a busy machine);
        the list calls it once it is drawn, so that the first keystroke does not wait for it."""
        if len(self._texts) != len(self.accounts):
            self._texts = [search_text(a) for a in self.accounts]
            self._marked = marked_texts(self._texts)

    def find(self, query: str) -> list[Account]:
        words = query_words(query)
        if words == self._words:
            return self._result
        kept = unchanged_words(self._words, words)
        candidates = self._matched if kept is not None else list(range(len(self.accounts)))
        kept = kept or 0
        self.prepare()
        texts, marked = self._texts, self._marked
        starts = {w: s for w, s in self._starts.items() if w in words[:kept]}
        for word in map(Word.of, words[kept:]):
            matches, at_start = word.matches, word.at_start
            candidates = [i for i in candidates if matches(texts[i])]
            starts[word.text] = {i for i in candidates if at_start in marked[i]}
        self._words, self._matched, self._starts = words, candidates, starts
        best = set.intersection(*(starts[w] for w in words)) if words else set()
        if len(best) not in (0, len(candidates)):
            candidates = [i for i in candidates if i in best] + [i for i in candidates if i not in best]
        self._result = list(map(self.accounts.__getitem__, candidates))
        return self._result


def unchanged_words(old: tuple[str, ...], new: tuple[str, ...]) -> int | None:
    """When ``new`` only grew from ``old`` (its last word longer, or one word more), how many of its
    first words are ``old``'s: the accounts matching ``old`` hold every account matching ``new``."""
    if old and len(new) == len(old) and new[:-1] == old[:-1] and new[-1].startswith(old[-1]):
        return len(old) - 1
    if old and len(new) == len(old) + 1 and new[:-1] == old:
        return len(old)
    return None
