"""LastPass Authenticator export, built here from the format's public description (no public sample exists)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError
from tuiauth.plugins.importers import lastpass

from .expected import aegis, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated

SPEC = lastpass.tuiauth_importers()[0]


def _account(
    issuer: str, user: str, secret: str, algorithm: str, digits: int, step: int, folder: int
) -> dict[str, object]:
    return {
        "accountID": f"{issuer}-{user}",
        "issuerName": issuer,
        "originalIssuerName": issuer,
        "userName": user,
        "originalUserName": user,
        "pushNotification": False,
        "secret": secret,
        "timeStep": step,
        "digits": digits,
        "creationTimestamp": 1608374963000,
        "isFavorite": folder == 1,
        "algorithm": algorithm,
        "folderData": {"folderId": folder, "position": 0},
        "lmiUserId": "",
    }


EXPORT = json.dumps(
    {
        "deviceName": "pixel",
        "deviceSecret": "",
        "localDeviceId": "abc",
        "deviceId": "def",
        "version": 3,
        "accounts": [
            _account("Deno", "Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ", "SHA1", 6, 30, 0),
            _account("SPDX", "James", "5OM4WOOGPLQEF6UGN3CPEOOLWU", "SHA256", 7, 20, 1),
            _account("Airbnb", "Elijah", "7ELGJSGXNCCTV3O6LKJWYFV2RA", "SHA512", 8, 50, 1),
            _account("Bad", "Entry", "Secret1One", "SHA1", 6, 30, 0),
        ],
        "folders": [{"id": 0, "name": "Favorites", "isOpened": True}, {"id": 1, "name": "Work", "isOpened": True}],
    }
).encode()


def test_generated_export() -> None:
    assert SPEC.sniff(EXPORT, "export.json") >= 0.9
    result = SPEC.parse(EXPORT, None)
    assert_accounts(result.drafts, aegis("A1", "A2", "A3"))
    groups = {d.issuer: (d.groups, d.favourite) for d in result.drafts}
    assert groups == {"Deno": (["Favorites"], False), "SPDX": (["Work"], True), "Airbnb": (["Work"], True)}
    assert [p.entry for p in result.problems] == ["Bad (Entry)"]


def test_json_without_accounts_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="no accounts"):
        SPEC.parse(b'{"folders": []}', None)


@FUZZ
@given(data=st.data())
def test_fuzz_values(data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated(EXPORT)), None)


@FUZZ
@given(data=st.binary(max_size=1024))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, None)
