"""Every importer of these formats against random bytes and random JSON documents: only typed import
errors, never another exception, never slower than the fuzz deadline."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.specs.importers import ImporterSpec
from tuiauth.plugins.importers import (
    aegis,
    andotp,
    bitwarden,
    ente,
    freeotp,
    freeotp2,
    google_transfer,
    proton,
    twofas,
    uri_list,
)

from .fuzzing import FUZZ, check_contract, json_values

SPECS: list[ImporterSpec] = [
    spec
    for module in (aegis, andotp, bitwarden, ente, freeotp, freeotp2, google_transfer, proton, twofas, uri_list)
    for spec in module.tuiauth_importers()
]
documents = st.dictionaries(
    st.sampled_from(
        [
            "version",
            "header",
            "db",
            "entries",
            "services",
            "schemaVersion",
            "servicesEncrypted",
            "items",
            "encrypted",
            "passwordProtected",
            "kdfParams",
            "encryptedData",
            "tokens",
            "tokenOrder",
            "salt",
            "content",
            "data",
        ]
    ),
    json_values,
    max_size=6,
) | st.lists(json_values, max_size=4)


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
@FUZZ
@given(data=st.binary(max_size=1024), password=st.none() | st.just("pw"))
def test_random_bytes(spec: ImporterSpec, data: bytes, password: str | None) -> None:
    check_contract(spec, data, password)


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
@FUZZ
@given(document=documents, password=st.none() | st.just("pw"))
def test_random_json(spec: ImporterSpec, document: object, password: str | None) -> None:
    check_contract(spec, orjson.dumps(document), password)
