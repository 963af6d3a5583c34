"""Key URIs: the corpus cases, every trap of the Key URI format, round trips and fuzzing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuiauth.core import otpauth
from tuiauth.core.accounts import MAX_PERIOD, AccountDraft
from tuiauth.core.errors import AccountError, SecretError, TuiauthError, UriError
from tuiauth.core.secrets import b32encode
from tuiauth.core.specs import MethodSpec
from tuiauth.plugins.methods import builtin_methods

METHODS = builtin_methods()
#: Yandex Key's URIs as a method that is not built in declares them: two URI types, fixed SHA-256 and
#: 8 characters, and its own ``pin`` parameter (what the core read by name before).
YANDEX = MethodSpec(
    name="yandex",
    label="Yandex Key",
    code=lambda account, at: "",
    uri_types=("yaotp", "yandex"),
    default_algorithm="SHA256",
    algorithms=("SHA256",),
    default_digits=8,
    min_digits=8,
    max_digits=8,
    uri_parameters=("pin",),
)
WITH_YANDEX = {**METHODS, "yandex": YANDEX}

SECRET = "JBSWY3DPEHPK3PXP"
SECRET_BYTES = b"Hello!\xde\xad\xbe\xef"


def _vector_cases(corpus_vectors: Path) -> list[dict[str, Any]]:
    data = json.loads(corpus_vectors.read_text("utf-8"))
    cases: list[dict[str, Any]] = data["otpauth_uri_parse"]["cases"]
    return cases


def test_every_corpus_vector_parses_as_its_source_expects(corpus_vectors: Path) -> None:
    checked = {"uri": 0, "issuer": 0, "secret": 0, "counter": 0}
    for case in _vector_cases(corpus_vectors):
        draft = otpauth.parse_uri(case["uri"], METHODS)
        checked["uri"] += 1
        if "issuer" in case:
            assert draft.issuer == case["issuer"], case["uri"]
            assert draft.name == case["account"], case["uri"]
            checked["issuer"] += 1
        if "secret" in case:
            assert b32encode(draft.secret) == case["secret"]
            checked["secret"] += 1
        if "counter" in case:
            assert draft.type == "hotp"
            assert draft.counter == case["counter"]
            checked["counter"] += 1
    assert checked == {"uri": 7, "issuer": 6, "secret": 4, "counter": 1}


def test_aegis_one_byte_secret_accepted_and_empty_secret_rejected(corpus_vectors: Path) -> None:
    (case,) = [c for c in _vector_cases(corpus_vectors) if "secret=AA&" in c["uri"]]
    assert otpauth.parse_uri(case["uri"], METHODS).secret == b"\x00"
    with pytest.raises(SecretError):
        otpauth.parse_uri(case["uri"].replace("secret=AA", "secret="), METHODS)


def test_aegis_plain_list_parses_with_form_decoded_issuer(corpus_dir: Path) -> None:
    lines = (corpus_dir / "files" / "plain.txt").read_text("utf-8").split()
    drafts = [otpauth.parse_uri(line, METHODS) for line in lines]
    assert [(d.issuer, d.type, d.digits) for d in drafts] == [
        ("Deno", "totp", 6),
        ("SPDX", "totp", 7),
        ("Airbnb", "totp", 8),
        ("Issuu", "hotp", 6),
        ("Air Canada", "hotp", 7),
        ("WWE", "hotp", 8),
        ("Boeing", "steam", 5),
    ]
    assert drafts[1].period == 20 and drafts[1].algorithm == "SHA256"
    assert drafts[5].counter == 10300 and drafts[5].algorithm == "SHA512"


@pytest.mark.parametrize(
    ("uri", "issuer", "name"),
    [
        ("otpauth://hotp/Air%20Canada:Benjamin?secret=AA&issuer=Air+Canada&counter=5", "Air Canada", "Benjamin"),
        ("otpauth://totp/Big%20Corporation%3A%20alice%40bigco.com?secret=AA", "Big Corporation", "alice@bigco.com"),
        ("otpauth://totp/Mongo Atlas:Acc !@#444?issuer=Mongo Atlas&secret=AA", "Mongo Atlas", "Acc !@#444"),
        ("otpauth://totp/a+b:c+d?secret=AA", "a+b", "c+d"),  # '+' is literal in the label
        ("otpauth://totp/x:y?secret=AA&issuer=a%2Bb+c", "a+b c", "y"),
        ("otpauth://totp/Example:alice@gmail.com?secret=AA", "Example", "alice@gmail.com"),
        ("otpauth://totp/Provider1:Alice%20Smith?secret=AA", "Provider1", "Alice Smith"),
        ("otpauth://totp/word?secret=AA", "", "word"),  # colon-less label is the account
        ("otpauth://totp/acc?secret=AA&issuer=Iss", "Iss", "acc"),
        ("otpauth://totp/Iss:acc?secret=AA&issuer=Other", "Other", "acc"),  # param wins, prefix dropped
        ("otpauth://totp/:acc?secret=AA", "", "acc"),  # empty prefix
        ("otpauth://totp/%3Acool%40ente.com?secret=AA&issuer=%2Fe%2F", "/e/", "cool@ente.com"),
        ("otpauth://totp/a:b:c?secret=AA", "", "a:b:c"),  # two colons: whole label is the name
        ("otpauth://totp/a:b:c?secret=AA&issuer=a", "a", "b:c"),  # … unless it starts with the issuer
        ("otpauth://totp/Iss:acc?secret=AA&issuer=", "Iss", "acc"),  # blank param: the prefix counts
        ("otpauth://totp/%1B%5B31mEvil:bob%07?secret=AA", "[31mEvil", "bob"),  # control chars dropped
        ("otpauth://totp/%E6%A9%A1:%C3%A9?secret=AA", "橡", "é"),
        ("otpauth://totp?secret=AA&issuer=a/b", "a/b", ""),  # no label, a '/' only in the query
        ("otpauth://TOTP/?secret=AA", "", ""),
    ],
)
def test_label_and_issuer_resolution(uri: str, issuer: str, name: str) -> None:
    draft = otpauth.parse_uri(uri, METHODS)
    assert (draft.issuer, draft.name) == (issuer, name)


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ("jbswy3dpehpk3pxp", SECRET_BYTES),  # lower case
        ("JBSWY3DPEHPK3PXP====", SECRET_BYTES),  # padded (even over-padded)
        ("JBSW%20Y3DP%20EHPK%203PXP", SECRET_BYTES),  # grouped in fours
        ("JBSW-Y3DP-EHPK-3PXP", SECRET_BYTES),
        ("jbsw+y3dp", b"Hello"),  # '+' is a space in the query
        ("JBSWY3DPEE", b"Hello!"),  # 10 characters: 2 mod 8
        ("AA", b"\x00"),
    ],
)
def test_tolerant_base32_secrets(secret: str, expected: bytes) -> None:
    assert otpauth.parse_uri(f"otpauth://totp/a?secret={secret}", METHODS).secret == expected


def test_parameters_types_and_defaults() -> None:
    draft = otpauth.parse_uri(
        f"OTPAUTH://TOTP/a?SECRET={SECRET}&Algorithm=sha512&digits=10&period=1&counter=9&x=1", METHODS
    )
    assert (draft.type, draft.algorithm, draft.digits, draft.period, draft.counter) == ("totp", "SHA512", 10, 1, 0)
    hotp = otpauth.parse_uri(f"otpauth://hotp/a?secret={SECRET}&period=60", METHODS)
    assert (hotp.counter, hotp.period) == (0, 30)  # counter defaults to 0, period ignored
    assert otpauth.parse_uri(f"otpauth://totp/a?secret={SECRET}&digits=4&algorithm=SHA-256", METHODS).digits == 4
    assert otpauth.parse_uri(f"otpauth://totp/a?secret={SECRET}&period=86400", METHODS).period == 86400
    first = otpauth.parse_uri(f"otpauth://totp/a?secret={SECRET}&digits=7&digits=8", METHODS)
    assert first.digits == 7  # the first occurrence wins, like Android's getQueryParameter


def test_steam_forms() -> None:
    steam = otpauth.parse_uri(f"otpauth://steam/Steam:bob?secret={SECRET}&digits=6&algorithm=SHA256&period=60", METHODS)
    assert (steam.type, steam.digits, steam.algorithm, steam.period) == ("steam", 5, "SHA1", 30)
    keepass = otpauth.parse_uri(f"otpauth://totp/Steam:bob?secret={SECRET}&encoder=steam", METHODS)
    assert (keepass.type, keepass.digits) == ("steam", 5)
    bare = otpauth.parse_uri("steam://steamsteamsteamsteam", METHODS)
    assert (bare.type, bare.issuer, bare.digits, len(bare.secret)) == ("steam", "Steam", 5, 12)
    named = otpauth.parse_otp_value("steam://steamsteamsteamsteam", METHODS, default_issuer="My Steam")
    assert named.issuer == "My Steam"


def test_other_types() -> None:
    with pytest.raises(UriError, match="unsupported OTP type 'YAOTP'"):
        otpauth.parse_uri(f"otpauth://YAOTP/a?secret={SECRET}&pin=1234", METHODS)
    yandex = otpauth.parse_uri(f"otpauth://YAOTP/a?secret={SECRET}&pin=1234&digits=6", WITH_YANDEX)
    assert (yandex.type, yandex.algorithm, yandex.digits, yandex.extra) == ("yandex", "SHA256", 8, {"pin": "1234"})
    assert otpauth.parse_uri(f"otpauth://yandex/a?secret={SECRET}", WITH_YANDEX).type == "yandex"
    assert otpauth.parse_uri(f"otpauth://totp/a?secret={SECRET}&pin=1234", WITH_YANDEX).extra == {}
    motp = otpauth.parse_uri("motp://Work:bob?secret=e3152afee62599c8&pin=1234", METHODS)
    assert (motp.type, motp.issuer, motp.name, motp.algorithm) == ("motp", "Work", "bob", "MD5")
    assert motp.secret == bytes.fromhex("e3152afee62599c8") and motp.extra["pin"] == "1234"
    assert otpauth.parse_uri(f"otpauth://motp/a?secret={SECRET}", METHODS).secret == SECRET_BYTES


def test_bare_secret_and_defaults_for_importers() -> None:
    draft = otpauth.parse_otp_value(" jbsw y3dp ehpk 3pxp ", METHODS, default_issuer=" Item ", default_name="me")
    assert (draft.type, draft.issuer, draft.name, draft.secret) == ("totp", "Item", "me", SECRET_BYTES)
    uri = otpauth.parse_otp_value(
        f"otpauth://totp/Real:bob?secret={SECRET}", METHODS, default_issuer="Item", default_name="x"
    )
    assert (uri.issuer, uri.name) == ("Real", "bob")
    with pytest.raises(SecretError):
        otpauth.parse_otp_value("not a secret!", METHODS)


@pytest.mark.parametrize(
    ("uri", "error"),
    [
        ("otpauth://totp/a", SecretError),  # missing secret
        ("otpauth://totp/a?secret=", SecretError),
        ("otpauth://totp/a?secret=%20%20", SecretError),
        ("otpauth://totp/a?secret=A", SecretError),  # 1 ≡ 1 mod 8
        ("otpauth://totp/a?secret=ABC", SecretError),  # 3 mod 8
        ("otpauth://totp/a?secret=ABCDEF", SecretError),  # 6 mod 8
        ("otpauth://totp/a?secret=Secret1One", SecretError),  # '1' is not base32
        ("otpauth://totp/a?secret=JBSW%C3%A9Y3DP", SecretError),
        ("otpauth://totp/a?secret=AA&digits=3", UriError),
        ("otpauth://totp/a?secret=AA&digits=11", UriError),
        ("otpauth://totp/a?secret=AA&digits=six", UriError),
        ("otpauth://totp/a?secret=AA&digits=-6", UriError),
        ("otpauth://totp/a?secret=AA&algorithm=MD5", UriError),
        ("otpauth://totp/a?secret=AA&algorithm=SHA3", UriError),
        ("otpauth://totp/a?secret=AA&period=0", AccountError),
        ("otpauth://totp/a?secret=AA&period=86401", AccountError),
        ("otpauth://hotp/a?secret=AA&counter=-1", UriError),
        ("otpauth://hotp/a?secret=AA&counter=9223372036854775808", AccountError),
        ("otpauth://push/a?secret=AA", UriError),
        ("otpauth://?secret=AA", UriError),
        ("http://totp/a?secret=AA", UriError),
        ("otpauth:/totp/a?secret=AA", UriError),
        ("JBSWY3DPEHPK3PXP", UriError),
        ("otpauth-migration://offline?data=CiQK", UriError),
        ("otpauth://totp/%FF?secret=AA", UriError),  # not UTF-8
        ("motp://a:b?secret=xyz", SecretError),
        ("motp://a:b?secret=" + "ab" * 1025, SecretError),  # hex over the size cap
        ("otpauth://totp/a?secret=" + "A" * 2000, SecretError),  # over the size cap
        ("otpauth://totp/a?secret=AA&x=" + "y" * 70000, UriError),
    ],
)
def test_malformed_uris_raise_typed_errors(uri: str, error: type[TuiauthError]) -> None:
    with pytest.raises(error) as info:
        otpauth.parse_uri(uri, METHODS)
    assert isinstance(info.value, AccountError)
    assert info.value.message


def test_error_messages_never_contain_the_secret() -> None:
    secret = "Q1W2E3R4T5Y6U7I8O9P0ZXCVBNMASDFG"
    for uri in (
        f"otpauth://totp/a?secret={secret}",
        f"otpauth://totp/a?secret={secret[:-1]}",
        f"otpauth://totp/a?secret={secret.lower()}&digits=99",
        f"otpauth://weird/a?secret={secret}",
        f"otpauth://{secret}/a?secret={secret}",  # pasted in the wrong place
        f"{secret}://totp/a?secret={secret}",
        f"otpauth://totp/a?secret=AA&algorithm={secret}&digits={secret}",
    ):
        with pytest.raises(AccountError) as info:
            otpauth.parse_uri(uri, METHODS)
        for chunk in (secret[i : i + 4] for i in range(0, len(secret), 4)):
            assert chunk.lower() not in str(info.value).lower()


def test_canonical_uri_shape() -> None:
    draft = AccountDraft(issuer="Air Canada", name="a+b@c", secret=SECRET_BYTES, digits=8)
    assert otpauth.to_uri(draft, METHODS) == (
        "otpauth://totp/Air%20Canada:a%2Bb@c?secret=JBSWY3DPEHPK3PXP&issuer=Air%20Canada"
        "&algorithm=SHA1&digits=8&period=30"
    )
    hotp = AccountDraft(name="x", secret=SECRET_BYTES, type="hotp", counter=7)
    assert otpauth.to_uri(hotp, METHODS) == "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&counter=7"
    yandex = AccountDraft(secret=b"k", type="yandex", algorithm="SHA256", digits=8, extra={"pin": "12"})
    assert otpauth.to_uri(yandex, WITH_YANDEX) == (
        "otpauth://yaotp/?secret=NM&algorithm=SHA256&digits=8&period=30&pin=12"
    )
    with pytest.raises(UriError):
        otpauth.to_uri(yandex, METHODS)
    with pytest.raises(UriError):
        otpauth.to_uri(AccountDraft(type="push", secret=b"k"), METHODS)
    with pytest.raises(SecretError):
        otpauth.to_uri(AccountDraft(name="x"), METHODS)


# --- properties ---------------------------------------------------------------------------------
_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30).map(str.strip)


@st.composite
def drafts(draw: st.DrawFn) -> AccountDraft:
    kind = draw(st.sampled_from(["totp", "hotp", "steam", "motp", "yandex"]))
    draft = AccountDraft(
        issuer=draw(_TEXT),
        name=draw(_TEXT),
        secret=draw(st.binary(min_size=1, max_size=64)),
        type=kind,
    )
    if kind in ("totp", "hotp"):
        draft.algorithm = draw(st.sampled_from(["SHA1", "SHA256", "SHA512"]))
        draft.digits = draw(st.integers(4, 10))
    if kind in ("totp", "motp", "yandex"):
        draft.period = draw(st.integers(1, MAX_PERIOD))
    if kind == "hotp":
        draft.counter = draw(st.integers(0, 2**63 - 1))
    if kind == "steam":
        draft.digits = 5
    if kind == "motp":
        draft.algorithm = "MD5"
    if kind == "yandex":
        draft.algorithm, draft.digits = "SHA256", 8
    if kind in ("motp", "yandex") and draw(st.booleans()):
        draft.extra["pin"] = draw(st.text(min_size=1, max_size=16).filter(lambda s: s.strip() == s))
    return draft


@settings(max_examples=300, deadline=None)
@given(drafts())
def test_to_uri_then_parse_uri_is_the_identity(draft: AccountDraft) -> None:
    assert otpauth.parse_uri(otpauth.to_uri(draft, WITH_YANDEX), WITH_YANDEX) == draft


_PIECES = st.one_of(
    st.sampled_from(["", ":", "%3A", "%FF", "%", "+", " ", "#", "/", "?", "&", "=", "AA", "JBSWY3DP", "sha1", "10"]),
    st.text(max_size=6),
)
_KEYS = st.sampled_from(["secret", "issuer", "algorithm", "digits", "period", "counter", "encoder", "pin", "x"])


@st.composite
def near_uris(draw: st.DrawFn) -> str:
    """URI-shaped text: a real scheme and host, a label and parameters built from awkward pieces."""
    scheme = draw(st.sampled_from(["otpauth://", "OTPAUTH://", "motp://", "steam://", "otpauth:/", ""]))
    host = draw(st.sampled_from(["totp", "HOTP", "steam", "yaotp", "motp", "push", ""]))
    label = "".join(draw(st.lists(_PIECES, max_size=4)))
    params = draw(st.lists(st.tuples(_KEYS, st.lists(_PIECES, max_size=3).map("".join)), max_size=6))
    secret = draw(st.one_of(st.sampled_from(["AA", "jbsw+y3dp", "JBSWY3DP%3D", "e3152afee62599c8"]), _PIECES))
    params.insert(draw(st.integers(0, len(params))), ("secret", secret))
    return f"{scheme}{host}/{label}?" + "&".join(f"{k}={v}" for k, v in params)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=80), near_uris()))
def test_arbitrary_text_only_raises_tuiauth_errors(text: str) -> None:
    try:
        draft = otpauth.parse_uri(text, WITH_YANDEX)
    except TuiauthError:
        return
    WITH_YANDEX[draft.type].check_fields(draft)
    # whatever was accepted is written back faithfully
    assert otpauth.parse_uri(otpauth.to_uri(draft, WITH_YANDEX), WITH_YANDEX) == draft
