"""Query matching, shared by `tuiauth code`/`remove` and the app."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.account_ops import AccountIndex, find_accounts, resolve_one
from tuiauth.core.accounts import Account
from tuiauth.core.errors import AmbiguousError, NotFoundError

ACCOUNTS = [
    Account(issuer="GitHub", name="alice", secret=b"1" * 10),
    Account(issuer="GitHub", name="bob", secret=b"2" * 10),
    Account(issuer="GitLab", name="alice", secret=b"3" * 10),
    Account(issuer="Mail", name="me@github.example", secret=b"4" * 10),
]


def labels(query: str) -> list[str]:
    return [a.label for a in find_accounts(ACCOUNTS, query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("gitlab", ["GitLab (alice)"]),  # exact issuer
        ("GITHUB:BOB", ["GitHub (bob)"]),  # issuer:name, any case
        ("GitHub (alice)", ["GitHub (alice)"]),  # the label as shown
        ("bob", ["GitHub (bob)"]),  # exact name
        ("git", ["GitHub (alice)", "GitHub (bob)", "GitLab (alice)", "Mail (me@github.example)"]),
        ("github", ["GitHub (alice)", "GitHub (bob)"]),  # exact matches beat the substring in Mail's name
        ("hub:al", ["GitHub (alice)"]),  # substring of issuer:name
        ("", ["GitHub (alice)", "GitHub (bob)", "GitLab (alice)", "Mail (me@github.example)"]),
        ("nothing", []),
    ],
)
def test_find_accounts(query: str, expected: list[str]) -> None:
    assert labels(query) == expected
    kept = AccountIndex.of(ACCOUNTS)
    kept.keep_exact()
    assert [ACCOUNTS[i].label for i in kept.find(query)] == expected


TEXT = st.text(alphabet="aAbB:( )ßẞ\x1f", max_size=6)


def plain_find(accounts: list[Account], query: str) -> list[Account]:
    """The rule of ``find_accounts``, written the slow and obvious way."""
    q = query.strip().casefold()
    if not q:
        return accounts
    exact, partial = [], []
    for a in accounts:
        issuer, name = a.issuer.casefold(), a.name.casefold()
        joined = f"{issuer}:{name}"
        if q in (a.id, issuer, name) or ((":" in q or "(" in q) and q in (joined, a.label.casefold())):
            exact.append(a)
        elif q in issuer or q in name or ((":" in q or "(" in q) and q in joined):
            partial.append(a)
    return exact or partial


@given(st.lists(st.tuples(TEXT, TEXT), max_size=6), TEXT)
def test_lookups_find_what_the_rule_says(pairs: list[tuple[str, str]], query: str) -> None:
    """The one-off search and the agent's index (exact matches kept in a dictionary) both answer as
    the rule written plainly."""
    accounts = [Account(issuer=issuer, name=name, secret=b"1" * 10) for issuer, name in pairs]
    expected = [a.id for a in plain_find(accounts, query)]
    assert [a.id for a in find_accounts(accounts, query)] == expected
    kept = AccountIndex.of(accounts)
    kept.keep_exact()
    assert [accounts[i].id for i in kept.find(query)] == expected


def test_resolve_one_names_the_candidates() -> None:
    assert resolve_one(ACCOUNTS, ACCOUNTS[3].id) is ACCOUNTS[3]
    with pytest.raises(AmbiguousError, match=r"'github' matches 2 accounts: GitHub \(alice\); GitHub \(bob\)"):
        resolve_one(ACCOUNTS, "github")
    with pytest.raises(NotFoundError, match="no account matches 'zzz'"):
        resolve_one(ACCOUNTS, "zzz")
    with pytest.raises(NotFoundError, match="the vault is empty"):
        resolve_one([], "x")
