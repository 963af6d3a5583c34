"""Search narrowing as the query grows gives what a fresh search gives, for every prefix typed and
erased; and its matching rules: every word, in any field, at a word's start or letters in order."""

from __future__ import annotations

from tuiauth.core.accounts import Account
from tuiauth.core.search import Search

ACCOUNTS = [
    Account(issuer="Kraken", name="alice027", secret=b"x"),
    Account(issuer="Kraken", name="bob", secret=b"x", groups=["money"]),
    Account(issuer="GitHub", name="carol@example.com", secret=b"x", groups=["work"]),
    Account(issuer="GitLab", name="dave", secret=b"x", note="the old one"),
    Account(issuer="Legit Corp", name="erin", secret=b"x"),
    Account(issuer="", name="frank@git.example", secret=b"x"),
]


def issuers_names(found: list[Account]) -> list[tuple[str, str]]:
    return [(a.issuer, a.name) for a in found]


def test_typing_and_erasing_match_a_fresh_search() -> None:
    search = Search(ACCOUNTS)
    for query in ("kraken 027", "git work", "gl old", "git", "legit c"):
        typed = [query[:i] for i in range(len(query) + 1)]
        for text in [*typed, *reversed(typed)]:  # typed, then erased one character at a time
            assert search.find(text) == Search(ACCOUNTS).find(text), text


def test_matching_rules() -> None:
    find = Search(ACCOUNTS).find
    assert issuers_names(find("kraken 027")) == [("Kraken", "alice027")]
    assert issuers_names(find("krk bo")) == [("Kraken", "bob")]  # letters in order
    assert issuers_names(find("money")) == [("Kraken", "bob")]  # a group
    assert issuers_names(find("old")) == [("GitLab", "dave")]  # the note
    assert find("kraken zebra") == []
    assert find("gitwork") == []  # one word stays within one field
    # Word starts first: GitHub and GitLab (and frank's git.example) before Legit Corp's "git" inside a word.
    assert issuers_names(find("git"))[-1] == ("Legit Corp", "erin")
