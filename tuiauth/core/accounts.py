"""The account model shared by the vault, the methods, the importers and the backups."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import AccountError
from .secrets import b32decode, b32encode
from .textsafe import clean_line, clean_text

ALGORITHMS = ("SHA1", "SHA256", "SHA512")
MIN_DIGITS, MAX_DIGITS = 4, 10
MAX_PERIOD = 24 * 3600


def new_id() -> str:
    import uuid  # here, not at the top: uuid imports platform, and `tuiauth code` makes no account

    return uuid.uuid4().hex


@dataclass(kw_only=True, slots=True)
class AccountDraft:
    """An account before it has an identity in a vault: what URIs, forms and importers produce.

    ``type`` names the verification method plugin (``totp``, ``hotp``, ``steam``, …). ``extra``
    holds method-specific, non-device-bound values (an mOTP PIN, a method's ``uri_parameters``). The
    secret never shows in ``repr``.
    """

    issuer: str = ""
    name: str = ""
    secret: bytes = field(default=b"", repr=False)
    type: str = "totp"
    algorithm: str = "SHA1"
    digits: int = 6
    period: int = 30
    counter: int = 0
    groups: list[str] = field(default_factory=list)
    favourite: bool = False
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        """Every way an account's text enters (form, CLI, URI, importer, restore) passes here: the
        characters that could steer a terminal are removed (``tuiauth.core.textsafe``)."""
        self.issuer = clean_line(self.issuer)
        self.name = clean_line(self.name)
        self.note = clean_text(self.note)
        if self.groups:
            self.groups = [clean_line(g) for g in self.groups]

    def check(self) -> None:
        """Raise AccountError naming the first field out of range for every method: the period and
        the counter. What depends on the method (secret, algorithm, digits) is checked by
        ``MethodSpec.check_fields``."""
        if not 1 <= self.period <= MAX_PERIOD:
            raise AccountError(f"the period must be between 1 and {MAX_PERIOD} seconds, not {self.period}")
        if self.counter < 0 or self.counter >= 2**63:
            raise AccountError(f"the counter must be between 0 and 2^63-1, not {self.counter}")

    @property
    def label(self) -> str:
        """``issuer (name)``, ``issuer`` or ``name`` — how a person refers to the account."""
        if self.issuer and self.name:
            return f"{self.issuer} ({self.name})"
        return self.issuer or self.name or "(unnamed)"

    def same_credentials(self, other: AccountDraft, *, counter_based: bool = False) -> bool:
        """True when both produce the same codes (same secret and OTP parameters); the period plays
        no part in a counter-based method's codes."""
        return (
            self.secret == other.secret
            and self.type == other.type
            and self.algorithm == other.algorithm
            and self.digits == other.digits
            and (counter_based or self.period == other.period)
        )


@dataclass(kw_only=True, slots=True)
class Account(AccountDraft):
    """An account stored in a vault, with a stable id and change time (for backup merges)."""

    id: str = field(default_factory=new_id)
    created_at: float = field(default_factory=time.time)
    updated_at: float = field(default_factory=time.time)

    @classmethod
    def from_draft(cls, draft: AccountDraft, **overrides: Any) -> Account:
        values = {f.name: getattr(draft, f.name) for f in fields(AccountDraft)}
        values["groups"] = list(draft.groups)
        values["extra"] = dict(draft.extra)
        values.update(overrides)
        return cls(**values)

    def touched(self, **changes: Any) -> Account:
        """A copy with ``changes`` applied and ``updated_at`` moved to now."""
        return replace(self, updated_at=time.time(), **changes)

    def to_dict(self) -> dict[str, Any]:
        """The stored form (inside the encrypted vault body): secret as unpadded base32."""
        return {
            "id": self.id,
            "issuer": self.issuer,
            "name": self.name,
            "secret": b32encode(self.secret),
            "type": self.type,
            "algorithm": self.algorithm,
            "digits": self.digits,
            "period": self.period,
            "counter": self.counter,
            "groups": self.groups,
            "favourite": self.favourite,
            "note": self.note,
            "extra": self.extra,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Account:
        try:
            return cls(
                id=str(data["id"]),
                issuer=str(data.get("issuer", "")),
                name=str(data.get("name", "")),
                secret=b32decode(data["secret"]) if data.get("secret") else b"",
                type=str(data.get("type", "totp")),
                algorithm=str(data.get("algorithm", "SHA1")),
                digits=int(data.get("digits", 6)),
                period=int(data.get("period", 30)),
                counter=int(data.get("counter", 0)),
                groups=[str(g) for g in data.get("groups", [])],
                favourite=bool(data.get("favourite", False)),
                note=str(data.get("note", "")),
                extra={str(k): str(v) for k, v in dict(data.get("extra", {})).items()},
                created_at=float(data.get("created_at", 0.0)),
                updated_at=float(data.get("updated_at", 0.0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AccountError(f"a stored account is malformed ({type(exc).__name__})") from None
