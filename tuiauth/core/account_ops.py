"""Operations on the accounts of an open vault, shared by the CLI and the screens. Each one saves."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import trash
from .accounts import Account, AccountDraft
from .errors import AccountError, AmbiguousError, DuplicateAccountError, NotFoundError, PluginError
from .specs import MethodSpec
from .verification import needs_verification

if TYPE_CHECKING:
    from .vault import Vault


def casefolded(texts: Sequence[str]) -> list[str]:
    """Each text casefolded, made in one call on their join (10,000 names: one pass in C)."""
    joined = "\x1f".join(texts)
    if not texts or joined.count("\x1f") != len(texts) - 1:  # a text holds the separator itself
        return [t.casefold() for t in texts]
    return joined.casefold().split("\x1f")


class AccountIndex:
    """What ``find_accounts`` compares, made once: each account's id and its casefolded issuer and
    name. Made from accounts, or from a vault's stored columns without building the accounts."""

    def __init__(self, ids: Sequence[str], issuers: Sequence[str], names: Sequence[str]) -> None:
        self.ids = ids
        self.issuers = casefolded(issuers)
        self.names = casefolded(names)

        #: Every exact form (id, issuer, name, ``issuer:name``, label) -> positions; made by
        #: ``keep_exact`` for an index that answers many queries (the agent), not for one.
        self._exact: dict[str, list[int]] | None = None

    @classmethod
    def of(cls, accounts: Sequence[Account]) -> AccountIndex:
        return cls([a.id for a in accounts], [a.issuer for a in accounts], [a.name for a in accounts])

    def keep_exact(self) -> None:
        """Make exact matches a dictionary lookup (partial ones still scan)."""
        exact: dict[str, list[int]] = {}
        for i, (issuer, name) in enumerate(zip(self.issuers, self.names, strict=True)):
            label = f"{issuer} ({name})" if issuer and name else issuer or name or "(unnamed)"
            for form in dict.fromkeys((self.ids[i], issuer, name, f"{issuer}:{name}", label)):
                exact.setdefault(form, []).append(i)
        self._exact = exact

    def find(self, query: str) -> list[int]:
        """The positions of the accounts ``query`` matches, best matches only (see ``find_accounts``)."""
        q = query.strip().casefold()
        if not q:
            return list(range(len(self.ids)))
        if self._exact is not None and q in self._exact:
            return list(self._exact[q])
        if ":" not in q and "(" not in q:  # the usual query: searched with list and string methods (C)
            exact = sorted({*_positions(self.issuers, q), *_positions(self.names, q), *_positions(self.ids, q)})
            if exact or (q not in "\x1f".join(self.issuers) and q not in "\x1f".join(self.names)):
                return exact
        exact = []
        partial: list[int] = []
        whole = ":" in q or "(" in q
        for i, (issuer, name) in enumerate(zip(self.issuers, self.names, strict=True)):
            if q in (issuer, name) or q == self.ids[i]:
                exact.append(i)
            elif q in issuer or q in name:
                partial.append(i)
            elif whole:
                joined = f"{issuer}:{name}"
                label = f"{issuer} ({name})" if issuer and name else issuer or name or "(unnamed)"
                if q in (joined, label):
                    exact.append(i)
                elif q in joined:
                    partial.append(i)
        return exact or partial


def _positions(items: Sequence[str], value: str) -> list[int]:
    """Where ``value`` is in ``items`` (``list.index`` runs in C: 10,000 names in well under a ms)."""
    found: list[int] = []
    at = -1
    try:
        while True:
            at = items.index(value, at + 1)
            found.append(at)
    except ValueError:
        return found


def find_accounts(accounts: Sequence[Account], query: str, index: AccountIndex | None = None) -> list[Account]:
    """Accounts matching ``query``, case-insensitively, best matches only.

    An exact match (id, issuer, name, ``issuer:name`` or the label) beats a substring match, so
    ``git`` is ambiguous between GitHub and GitLab but ``github`` picks GitHub when it is the only one.
    ``index``: the accounts' ``AccountIndex``, when it was made already (the agent keeps one).
    """
    positions = (index or AccountIndex.of(accounts)).find(query)
    return [accounts[i] for i in positions]


def resolve_one(accounts: Sequence[Account], query: str, index: AccountIndex | None = None) -> Account:
    """The one account ``query`` names; NotFoundError / AmbiguousError list what there is."""
    found = find_accounts(accounts, query, index)
    if len(found) == 1:
        return found[0]
    if not found:
        hint = f" (accounts: {', '.join(a.label for a in accounts[:8])}{', …' if len(accounts) > 8 else ''})"
        raise NotFoundError(f"no account matches {query!r}" + (hint if accounts else "; the vault is empty"))
    names = "; ".join(a.label for a in found[:10])
    more = f" and {len(found) - 10} more" if len(found) > 10 else ""
    raise AmbiguousError(f"{query!r} matches {len(found)} accounts: {names}{more}; be more specific")


def method_for(methods: Mapping[str, MethodSpec], type_name: str) -> MethodSpec:
    if type_name not in methods:
        raise PluginError(f"no verification method {type_name!r} is installed (known: {', '.join(methods)})")
    return methods[type_name]


def check_draft(methods: Mapping[str, MethodSpec], draft: AccountDraft) -> None:
    """Raise AccountError (or PluginError for an unknown type) when the draft cannot work."""
    method_for(methods, draft.type).accept(draft)


def duplicate_of(accounts: Sequence[Account], draft: AccountDraft, method: MethodSpec) -> Account | None:
    return next((a for a in accounts if a.same_credentials(draft, counter_based=method.counter_based)), None)


def add_account(vault: Vault, draft: AccountDraft, methods: Mapping[str, MethodSpec]) -> Account:
    check_draft(methods, draft)
    existing = duplicate_of(vault.data.accounts, draft, methods[draft.type])
    if existing is not None:
        raise DuplicateAccountError(f"this account is already in the vault as {existing.label}")
    account = Account.from_draft(draft)
    vault.data.accounts.append(account)
    vault.save()
    return account


def _index(vault: Vault, account_id: str) -> int:
    for i, account in enumerate(vault.data.accounts):
        if account.id == account_id:
            return i
    raise NotFoundError("that account is no longer in the vault")


def update_account(vault: Vault, account_id: str, **changes: Any) -> Account:
    i = _index(vault, account_id)
    account = vault.data.accounts[i].touched(**changes)
    vault.data.accounts[i] = account
    vault.save()
    return account


def remove_account(vault: Vault, account_id: str) -> Account:
    """Remove the account and its device-bound values, leaving a tombstone for backup merges; the
    account is kept in the trash (``tuiauth.core.trash``) for a while."""
    account = vault.data.accounts.pop(_index(vault, account_id))
    vault.data.device.pop(account_id, None)
    now = time.time()
    vault.data.tombstones[account_id] = now
    trash.put(vault.data, account, "removed", at=now, device=vault.device_name)
    vault.save()
    return account


def move_account(vault: Vault, account_id: str, delta: int) -> int:
    """Move an account ``delta`` places (clamped); returns its new index."""
    accounts = vault.data.accounts
    i = _index(vault, account_id)
    j = max(0, min(len(accounts) - 1, i + delta))
    if i != j:
        accounts.insert(j, accounts.pop(i))
        vault.save()
    return j


def use_code(vault: Vault, methods: Mapping[str, MethodSpec], account_id: str, at: float) -> str:
    """The account's code now; a counter-based (HOTP) code advances and saves the counter.

    An HOTP code is read and its counter advanced under the writer lock, from the newest file: two
    sessions never show the same counter's code."""
    method = method_for(methods, _account(vault, account_id).type)
    if not method.counter_based:
        return _code_now(vault, methods, method, account_id, at)
    with vault.writing():
        vault.reload()
        return _code_now(vault, methods, method, account_id, at)


def _account(vault: Vault, account_id: str) -> Account:
    return vault.data.accounts[_index(vault, account_id)]


def _code_now(vault: Vault, methods: Mapping[str, MethodSpec], method: MethodSpec, account_id: str, at: float) -> str:
    i = _index(vault, account_id)
    account = vault.data.accounts[i]
    if needs_verification(vault.data, account, methods):
        raise AccountError(
            f"{account.label} needs more verification on this device: it shows no code until it is verified "
            "again (open tuiauth and choose it)"
        )
    code = method.compute(account, at, vault.data.device.get(account.id))
    if method.counter_based:
        vault.data.accounts[i] = account.touched(counter=account.counter + 1)
        vault.save()
    return code
