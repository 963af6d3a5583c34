"""Google Authenticator transfer importer: URIs, batches, QR images (made with segno), fuzzing."""

from __future__ import annotations

import base64
import io

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from tuiauth.core.errors import ImportFormatError
from tuiauth.plugins.importers import google_transfer
from tuiauth.plugins.importers._protobuf import ProtobufError, fields

from .expected import AEGIS_SET, aegis, assert_accounts
from .fuzzing import FUZZ, check_contract
from .migration_payloads import Otp, payload, uri

TEXT, IMAGE = google_transfer.tuiauth_importers()
# Bubka/2FAuth's vector (corpus vectors.json): raw "/" and no base64 padding.
TWOFAUTH = (
    "otpauth-migration://offline?data=CiQKCgcNEp61iE2P0RYSB2FjY291bnQaB3NlcnZpY2UgASgBMAIKLAoKBw0SnrWITY/RFh"
    "ILYWNjb3VudF9iaXMaC3NlcnZpY2VfYmlzIAEoATACEAEYASAA"
)


def _otp(key: str, **changes: object) -> Otp:
    e = AEGIS_SET[key]
    algorithm = {"SHA1": 1, "SHA256": 2, "SHA512": 3}[e.algorithm]
    otp = Otp(
        secret=base64.b32decode(e.secret + "=" * (-len(e.secret) % 8)),
        name=f"{e.issuer}:{e.name}",
        issuer=e.issuer,
        algorithm=algorithm,
        digits={6: 1, 8: 2}[e.digits],
        type=1 if e.type == "hotp" else 2,
        counter=e.counter,
    )
    for k, v in changes.items():
        setattr(otp, k, v)
    return otp


def test_twofauth_vector_without_padding() -> None:
    result = TEXT.parse(TWOFAUTH.encode(), None)
    assert [(d.issuer, d.name, d.type, d.algorithm, d.digits, d.period) for d in result.drafts] == [
        ("service", "account", "totp", "SHA1", 6, 30),
        ("service_bis", "account_bis", "totp", "SHA1", 6, 30),
    ]
    assert result.drafts[0].secret == base64.b32decode("A4GRFHVVRBGY7UIW")
    assert result.problems == []


def test_every_field_survives_and_the_period_becomes_30() -> None:
    blob = payload([_otp("A1"), _otp("A3"), _otp("A4"), _otp("A6")])
    for text in (uri(blob), uri(blob, percent_encode=False, padding=False)):
        result = TEXT.parse(text.encode(), None)
        # There is no period field in the format: A3's 50 s comes out as 30 s.
        assert_accounts(result.drafts, aegis("A1", "A4", "A6") + aegis("A3", period=30))


def test_name_rules_enums_and_unspecified_defaults() -> None:
    otps = [
        Otp(secret=b"k" * 10, name="Iss:  acc", issuer=""),  # no issuer: split at the colon
        Otp(secret=b"k" * 10, name="plain", issuer="", algorithm=0, digits=0, type=0),
        Otp(secret=b"k" * 10, name="x", issuer="I", digits=7),  # 7 is not a digits enum value
    ]
    result = TEXT.parse(uri(payload(otps)).encode(), None)
    got = [(d.issuer, d.name, d.type, d.algorithm, d.digits) for d in result.drafts]
    assert got == [("Iss", "acc", "totp", "SHA1", 6), ("", "plain", "totp", "SHA1", 6)]
    assert [p.entry for p in result.problems] == ["I (x)"]
    assert "digits" in result.problems[0].reason


def test_batches_with_a_negative_id_report_missing_parts() -> None:
    parts = [
        payload([_otp(k)], batch_size=3, batch_index=i, batch_id=-1234567) for i, k in enumerate(["A1", "A3", "A4"])
    ]
    text = "\n".join([uri(parts[0]), uri(parts[2])])
    result = TEXT.parse(text.encode(), None)
    assert [d.issuer for d in result.drafts] == ["Deno", "Issuu"]
    (problem,) = result.problems
    assert problem.entry == "transfer batch -1234567"
    assert "2 of 3" in problem.reason
    complete = TEXT.parse("\n".join(uri(p) for p in parts).encode(), None)
    assert len(complete.drafts) == 3 and complete.problems == []


def test_negative_samples_give_clear_errors() -> None:
    truncated = TEXT.parse(b"otpauth-migration://offline?data=XXXX", None)
    assert truncated.drafts == [] and "truncated" in truncated.problems[0].reason
    with pytest.raises(ImportFormatError, match="no line is an otpauth"):
        TEXT.parse(("QR-Code:" + TWOFAUTH).encode(), None)
    with pytest.raises(ImportFormatError, match="no otpauth-migration"):
        TEXT.parse(b"otpauth://totp/a?secret=AAAA", None)
    with pytest.raises(ProtobufError, match="wire type"):
        list(fields(b"\x0f"))


def test_transfer_data_is_capped_per_uri_and_per_file() -> None:
    huge = TEXT.parse(b"otpauth-migration://offline?data=" + b"A" * (64 * 1024 + 4), None)
    assert "too long" in huge.problems[0].reason
    line = "otpauth-migration://offline?data=" + "EAE" * 20_000
    with pytest.raises(ImportFormatError, match="KiB of transfer URIs"):
        TEXT.parse("\n".join([line] * 10).encode(), None)


def _png(*texts: str) -> bytes:
    images = []
    for text in texts:
        buf = io.BytesIO()
        segno.make(text, error="m").save(buf, kind="png", scale=4, border=4)
        images.append(Image.open(io.BytesIO(buf.getvalue())).convert("L"))
    canvas = Image.new("L", (sum(i.width for i in images) + 40, max(i.height for i in images)), 255)
    x = 0
    for image in images:
        canvas.paste(image, (x, 0))
        x += image.width + 40
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def test_qr_image_with_a_whole_batch() -> None:
    parts = [payload([_otp(k)], batch_size=2, batch_index=i, batch_id=7) for i, k in enumerate(["A1", "A6"])]
    data = _png(*(uri(p) for p in parts))
    assert IMAGE.sniff(data[:65536], "shot.png") >= 0.8
    result = IMAGE.parse(data, None)
    assert_accounts(result.drafts, aegis("A1", "A6"))
    assert result.problems == []


def test_qr_jpeg_with_a_plain_otpauth_uri() -> None:
    image = Image.open(io.BytesIO(_png("otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno")))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=90)
    result = IMAGE.parse(out.getvalue(), None)
    assert_accounts(result.drafts, aegis("A1"))


def test_qr_images_without_otp_data_are_refused() -> None:
    with pytest.raises(ImportFormatError, match="not an otpauth"):
        IMAGE.parse(_png("just a web page https://example.org"), None)
    blank = io.BytesIO()
    Image.new("L", (50, 50), 255).save(blank, format="PNG")
    with pytest.raises(ImportFormatError, match="no QR code"):
        IMAGE.parse(blank.getvalue(), None)
    with pytest.raises(ImportFormatError, match="PNG or JPEG"):
        IMAGE.parse(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, None)


def test_huge_images_are_refused_before_decoding() -> None:
    header = io.BytesIO()
    Image.new("1", (8000, 8000), 1).save(header, format="PNG")
    with pytest.raises(ImportFormatError, match="too large"):
        IMAGE.parse(header.getvalue(), None)


@FUZZ
@given(blob=st.binary(max_size=300), as_uri=st.booleans())
def test_fuzz_payload_bytes(blob: bytes, as_uri: bool) -> None:
    data = uri(blob).encode() if as_uri else b"otpauth-migration://offline?data=" + blob
    check_contract(TEXT, data, None)


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_payload(data: st.DataObject) -> None:
    blob = bytearray(payload([_otp("A1"), _otp("A6")], batch_size=2, batch_id=-5))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(blob) - 1))
        blob[at] = data.draw(st.integers(0, 255))
    blob = blob[: data.draw(st.integers(0, len(blob)))]
    check_contract(TEXT, uri(bytes(blob)).encode(), None)


@FUZZ
@given(data=st.binary(max_size=400))
def test_fuzz_images(data: bytes) -> None:
    check_contract(IMAGE, b"\x89PNG\r\n\x1a\n" + data, None)
    check_contract(IMAGE, b"\xff\xd8\xff" + data, None)
