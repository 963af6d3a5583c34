"""Google Authenticator transfer export: every batch is a QR code that fits 80×24 and scans back
(read with zxing-cpp from the half-block text) to the same accounts through our own importer;
batches are sized from the payload; what the format cannot carry is left out and listed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tuiauth.core import exporting, qr
from tuiauth.core.accounts import Account, AccountDraft
from tuiauth.plugins.exporters import google_transfer
from tuiauth.plugins.importers import google_transfer as transfer_importer
from tuiauth.plugins.importers._migration import decode_uri

from ...qr_scan import code_size, scan
from .accounts import SEED20, assert_same, sample_accounts

SPEC = google_transfer.tuiauth_exporters()[0]
IMPORTER = next(s for s in transfer_importer.tuiauth_importers() if s.name == "google-transfer")
TERMINAL = qr.Size(80, 24)


def _many(count: int, secret_bytes: int = 20) -> list[Account]:
    return [
        Account(issuer=f"Issuer {i}", name=f"user{i}@example.com", secret=bytes([i]) * secret_bytes)
        for i in range(count)
    ]


def _import_uris(uris: list[str]) -> list[AccountDraft]:
    result = IMPORTER.parse("\n".join(uris).encode(), None)
    assert result.problems == []
    return result.drafts


def _carried(plan: exporting.QrExport) -> list[Account]:
    return [account for batch in plan.batches for account in batch.accounts]


def test_what_google_cannot_carry_is_left_out_by_name_and_the_rest_exported() -> None:
    plan = google_transfer.transfer_plan(sample_accounts())
    left_out = {account.issuer: reason for account, reason in plan.skipped}
    assert set(left_out) == {"SPDX", "Airbnb", "Air Canada", "Boeing", "WWE"}
    assert "7" in left_out["SPDX"] and "6 or 8 digits" in left_out["SPDX"]
    assert "30-second" in left_out["Airbnb"] and "50" in left_out["Airbnb"]
    assert "steam" in left_out["Boeing"]
    assert "80×24" in left_out["WWE"]  # a 64-byte secret: no code within 80×24 holds it
    assert [a.issuer for a in _carried(plan)] == ["Deno", "Issuu", "橡皮鸭", ""]
    assert_same(_import_uris([b.text for b in plan.batches]), _carried(plan))


def test_every_code_fits_80x24_with_half_blocks_and_scans_back_to_the_same_accounts() -> None:
    accounts = [*sample_accounts(), *_many(6), *_many(3, secret_bytes=32)]
    plan = google_transfer.transfer_plan(accounts)
    scanned = []
    for batch in plan.batches:
        lines = exporting.qr_lines(batch.text)
        columns, rows = code_size(lines)
        assert columns <= TERMINAL.columns and rows <= TERMINAL.rows
        scanned.append(scan(lines))
    assert scanned == [b.text for b in plan.batches]
    payloads = [decode_uri(uri) for uri in scanned]
    assert len({p.batch_id for p in payloads}) == 1
    assert [p.batch_index for p in payloads] == list(range(len(payloads)))
    assert {p.batch_size for p in payloads} == {len(payloads)}
    assert_same(_import_uris(scanned), _carried(plan))
    assert len(_carried(plan)) == len(accounts) - len(plan.skipped) == len(accounts) - 5


def test_batch_size_follows_the_payload_not_a_count() -> None:
    short = [Account(issuer=f"I{i}", name="a", secret=SEED20[:10]) for i in range(6)]
    long = _many(3, secret_bytes=32)
    plan = google_transfer.transfer_plan([*short, *long])
    sizes = [len(b.accounts) for b in plan.batches]
    assert sizes[0] > 1 and sizes[-1] == 1, sizes
    assert not plan.skipped and sum(sizes) == 9
    for batch in plan.batches:  # each batch is as full as the terminal allows
        assert qr.fitting_border(len(qr.symbol(batch.text)), TERMINAL) is not None


def test_the_file_lists_what_was_left_out_then_one_page_per_code() -> None:
    steam = Account(issuer="Boeing", name="Sophia", secret=b"k" * 10, type="steam", digits=5)
    data = SPEC.export([steam, *_many(3)], None).decode()
    listing, *pages = data.split(exporting.PAGE_BREAK)
    assert "Left out of the Google Authenticator transfer (1)" in listing and "Boeing (Sophia)" in listing
    assert len(pages) == 3
    assert "batch 2 of 3 (account 2 of 3)" in pages[1] and "Issuer 1 (user1@example.com)" in pages[1]
    assert_same(_import_uris([scan(page.splitlines()) for page in pages]), _many(3))
    assert SPEC.plaintext_secrets and SPEC.qr is not None


_names = st.text(st.sampled_from("ab:Z 9é@-"), max_size=10).map(str.strip)


@settings(max_examples=60, deadline=2000)
@given(
    issuer=_names,
    name=_names,
    secret=st.binary(min_size=1, max_size=64),
    kind=st.sampled_from(["totp", "hotp"]),
    algorithm=st.sampled_from(["SHA1", "SHA256", "SHA512"]),
    digits=st.sampled_from([6, 8]),
    counter=st.integers(0, 2**63 - 1),
)
def test_uri_round_trip_property(
    issuer: str, name: str, secret: bytes, kind: str, algorithm: str, digits: int, counter: int
) -> None:
    account = Account(
        issuer=issuer,
        name=name,
        secret=secret,
        type=kind,
        algorithm=algorithm,
        digits=digits,
        counter=counter if kind == "hotp" else 0,
    )
    plan = google_transfer.transfer_plan([account])
    if plan.skipped:  # only ever for length: the code would not fit 80×24
        assert len(secret) > 40 and "80×24" in plan.skipped[0][1]
    else:
        assert_same(_import_uris([b.text for b in plan.batches]), [account])
