"""KeePassXC databases written by the real ``keepassxc-cli`` (Debian package keepassxc).

The entries are written here as KeePass 2 XML and turned into databases by ``keepassxc-cli import``
(the database file, its header, key derivation and encryption are KeePassXC's own). Without custom
data KeePassXC writes KDBX 3.1; an entry with custom data makes it write KDBX 4. Both use AES-KDF
(the CLI offers no other); Argon2 databases are written by pykeepass, a second, independent writer.
"""

from __future__ import annotations

import base64
import struct
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportParametersError, ImportPasswordError
from tuiauth.plugins.importers import keepassxc
from tuiauth.plugins.importers._kdbx_header import ARGON2D, SIGNATURE, read_header
from tuiauth.testing.requirements import require_binary

from .expected import Expected, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated

SPEC = keepassxc.tuiauth_importers()[0]
PASSWORD = "correct horse"
#: (group, title, user name, {extra string fields}); the first entry carries custom data for KDBX 4.
ENTRIES = [
    ("Work", "GitHub", "alice", {"otp": "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&issuer=GitHub"}),
    ("Work", "ACME", "bob", {"otp": "otpauth://totp/ACME%20Corp:bob?secret=GEZDGNBVGY3TQOJQ&period=60&digits=8&algorithm=SHA256"}),
    ("Games", "Steam", "carol", {"otp": "otpauth://totp/Steam:carol?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&period=30&digits=5&issuer=Steam&encoder=steam"}),
    ("Games", "KeeOTP", "dave", {"otp": "key=5OM4WOOGPLQEF6UGN3CPEOOLWU&step=20&size=7&otpHashMode=sha512"}),
    ("", "Legacy", "erin", {"TOTP Seed": "7ELGJSGXNCCTV3O6LKJWYFV2RA", "TOTP Settings": "45;8"}),
    ("", "Legacy Steam", "frank", {"TOTP Seed": "4SJHB4GSD43FZBAI7C2HLRJGPQ", "TOTP Settings": "30;S"}),
    ("", "No TOTP", "grace", {}),
    ("", "Broken", "heidi", {"otp": "otpauth://totp/Broken:heidi?secret=NOT-BASE32!&issuer=Broken"}),
]  # fmt: skip
EXPECTED = [
    Expected("GitHub", "alice", "JBSWY3DPEHPK3PXP", "totp", "SHA1", 6, period=30),
    Expected("ACME Corp", "bob", "GEZDGNBVGY3TQOJQ", "totp", "SHA256", 8, period=60),
    Expected("Steam", "carol", "JRZCL47CMXVOQMNPZR2F7J4RGI", "steam", "SHA1", 5, period=30),
    Expected("KeeOTP", "dave", "5OM4WOOGPLQEF6UGN3CPEOOLWU", "totp", "SHA512", 7, period=20),
    Expected("Legacy", "erin", "7ELGJSGXNCCTV3O6LKJWYFV2RA", "totp", "SHA1", 8, period=45),
    Expected("Legacy Steam", "frank", "4SJHB4GSD43FZBAI7C2HLRJGPQ", "steam", "SHA1", 5, period=30),
]
GROUPS = {"alice": ["Work"], "bob": ["Work"], "carol": ["Games"], "dave": ["Games"], "erin": [], "frank": []}
#: An entry in the recycle bin and an old version in an entry's history are not accounts.
TRASHED = {"otp": "otpauth://totp/Old:trash?secret=KUVJJOM753IHTNDSZVCNKL7GII"}


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _entry_xml(number: int, title: str, user: str, fields: dict[str, str], custom: bool, history: str = "") -> str:
    strings = {"Title": title, "UserName": user, "Password": "not an OTP", **fields}
    body = "".join(
        f"<String><Key>{_xml_escape(k)}</Key><Value>{_xml_escape(v)}</Value></String>" for k, v in strings.items()
    )
    data = "<CustomData><Item><Key>tuiauth-test</Key><Value>kdbx4</Value></Item></CustomData>" if custom else ""
    return f"<Entry><UUID>{_uuid(number)}</UUID>{data}{body}{history}</Entry>"


def _uuid(number: int) -> str:
    return base64.b64encode(number.to_bytes(16, "big")).decode()


def keepass_xml(entries: list[tuple[str, str, str, dict[str, str]]], *, kdbx4: bool) -> str:
    """A KeePass 2 XML document: the entries in their groups, a recycle bin and an entry history."""
    groups: dict[str, list[str]] = {}
    for number, (group, title, user, fields) in enumerate(entries, start=100):
        history = ""
        if number == 100:
            old = _entry_xml(number, title, user, TRASHED, False)
            history = f"<History>{old}</History>"
        groups.setdefault(group, []).append(_entry_xml(number, title, user, fields, kdbx4 and number == 100, history))
    inner = "".join(groups.pop("", []))
    for number, (name, items) in enumerate(groups.items(), start=2):
        inner += f"<Group><UUID>{_uuid(number)}</UUID><Name>{name}</Name>{''.join(items)}</Group>"
    trash = _entry_xml(99, "Deleted", "trash", TRASHED, False)
    inner += f"<Group><UUID>{_uuid(9)}</UUID><Name>Recycle Bin</Name>{trash}</Group>"
    meta = (
        "<Meta><Generator>tuiauth tests</Generator><RecycleBinEnabled>True</RecycleBinEnabled>"
        f"<RecycleBinUUID>{_uuid(9)}</RecycleBinUUID></Meta>"
    )
    root = f"<Root><Group><UUID>{_uuid(1)}</UUID><Name>Root</Name>{inner}</Group></Root>"
    return f'<?xml version="1.0" encoding="utf-8" standalone="yes"?><KeePassFile>{meta}{root}</KeePassFile>'


def keepassxc_database(folder: Path, name: str, xml: str, password: str, key_file: Path | None = None) -> Path:
    """A database written by ``keepassxc-cli import`` (the shortest decryption time it allows, 0.1 s);
    an empty ``password`` makes a database opened by its key file alone."""
    cli = require_binary("keepassxc-cli", "apt-get install keepassxc (.ci/install-debian-packages.sh)")
    source, target = folder / f"{name}.xml", folder / f"{name}.kdbx"
    source.write_text(xml, encoding="utf-8")
    command = [cli, "import", "-q", "-t", "100", str(source), str(target)]
    if password:
        command[2:2] = ["-p"]
    if key_file is not None:
        command[2:2] = ["--set-key-file", str(key_file)]
    subprocess.run(command, input=f"{password}\n{password}\n", text=True, check=True, capture_output=True)
    return target


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("keepassxc")
    key_file = folder / "key.keyx"
    made = {
        "kdbx3": keepassxc_database(folder, "kdbx3", keepass_xml(ENTRIES, kdbx4=False), PASSWORD),
        "kdbx4": keepassxc_database(folder, "kdbx4", keepass_xml(ENTRIES, kdbx4=True), PASSWORD),
        "keyfile": keepassxc_database(folder, "keyfile", keepass_xml(ENTRIES, kdbx4=True), PASSWORD, key_file),
    }
    found = {name: path.read_bytes() for name, path in made.items()}
    found["key"] = key_file.read_bytes()
    return found


def _check_golden(result: object) -> None:
    drafts = result.drafts  # type: ignore[attr-defined]
    assert_accounts(drafts, EXPECTED)
    assert {d.name: d.groups for d in drafts} == GROUPS
    assert [(p.entry, "base32" in p.reason or "secret" in p.reason) for p in result.problems] == [  # type: ignore[attr-defined]
        ("Broken (heidi)", True)
    ]


@pytest.mark.parametrize("version", ["kdbx3", "kdbx4"])
def test_keepassxc_database_with_a_password(databases: dict[str, bytes], version: str) -> None:
    data = databases[version]
    assert read_header(data).major == (3 if version == "kdbx3" else 4)
    assert SPEC.sniff(data[: 64 * 1024], "Passwords.kdbx") >= 0.9
    assert SPEC.needs_password(data)
    _check_golden(SPEC.parse(data, PASSWORD))


def test_keepassxc_database_with_a_key_file(databases: dict[str, bytes]) -> None:
    assert SPEC.parse_with_key_file is not None
    _check_golden(SPEC.parse_with_key_file(databases["keyfile"], PASSWORD, databases["key"]))
    with pytest.raises(ImportPasswordError, match="password or key file is wrong"):
        SPEC.parse_with_key_file(databases["keyfile"], PASSWORD, b"another key file")
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(databases["keyfile"], PASSWORD)


@pytest.mark.parametrize("version", ["kdbx3", "kdbx4"])
def test_wrong_or_missing_password(databases: dict[str, bytes], version: str) -> None:
    with pytest.raises(ImportPasswordError, match="password is wrong"):
        SPEC.parse(databases[version], "not the password")
    with pytest.raises(ImportPasswordError, match="give its password"):
        SPEC.parse(databases[version], None)


def _with_rounds(data: bytes, rounds: int) -> bytes:
    """A KDBX 3.1 file with its AES-KDF rounds field (id 6) replaced."""
    at = 12
    while data[at] != 6:
        (length,) = struct.unpack_from("<H", data, at + 1)
        at += 3 + length
    return data[: at + 3] + rounds.to_bytes(8, "little") + data[at + 11 :]


def _argon2_header(memory: int, passes: int, lanes: int) -> bytes:
    items = [(0x42, "$UUID", ARGON2D), (0x42, "S", bytes(32)), (0x05, "M", memory.to_bytes(8, "little")),
             (0x05, "I", passes.to_bytes(8, "little")), (0x04, "P", lanes.to_bytes(4, "little")),
             (0x04, "V", (0x13).to_bytes(4, "little"))]  # fmt: skip
    dictionary = (
        b"\x00\x01"
        + b"".join(
            bytes([kind]) + struct.pack("<I", len(key)) + key.encode() + struct.pack("<I", len(value)) + value
            for kind, key, value in items
        )
        + b"\x00"
    )
    end = b"\x00" + struct.pack("<I", 4) + b"\r\n\r\n"
    fields = bytes([11]) + struct.pack("<I", len(dictionary)) + dictionary + end
    return SIGNATURE + struct.pack("<HH", 0, 4) + fields + bytes(64)


def test_hostile_kdf_parameters_are_refused_before_deriving(databases: dict[str, bytes]) -> None:
    with pytest.raises(ImportParametersError, match="AES-KDF rounds"):
        SPEC.parse(_with_rounds(databases["kdbx3"], 2**40), PASSWORD)
    with pytest.raises(ImportParametersError, match="MiB of memory"):
        SPEC.parse(_argon2_header(2**40, 2, 2), PASSWORD)
    with pytest.raises(ImportParametersError, match="passes"):
        SPEC.parse(_argon2_header(1024 * 2**20, 10_000, 2), PASSWORD)
    with pytest.raises(ImportParametersError, match="lanes"):
        SPEC.parse(_argon2_header(64 * 2**20, 2, 2**30), PASSWORD)


def test_a_changed_rounds_count_is_a_wrong_key_not_a_crash(databases: dict[str, bytes]) -> None:
    with pytest.raises(ImportFormatError):
        SPEC.parse(_with_rounds(databases["kdbx3"], 1000), PASSWORD)


def test_argon2_database_written_by_pykeepass(tmp_path: Path) -> None:
    """KeePassXC's GUI default is Argon2 in KDBX 4; the CLI cannot choose it, pykeepass writes one."""
    from pykeepass import create_database

    path = tmp_path / "argon2.kdbx"
    db = create_database(str(path), password=PASSWORD)
    group = db.add_group(db.root_group, "Work")
    entry = db.add_entry(group, "GitHub", "alice", "not an OTP")
    entry.otp = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"
    db.save()
    data = path.read_bytes()
    assert read_header(data).kdf.kind in ("argon2d", "argon2id")
    result = SPEC.parse(data, PASSWORD)
    assert_accounts(result.drafts, EXPECTED[:1])


def test_not_a_database() -> None:
    with pytest.raises(ImportFormatError, match="not a KeePass database"):
        SPEC.parse(b"hello", PASSWORD)
    with pytest.raises(ImportFormatError, match="version 2"):
        SPEC.parse(SIGNATURE + struct.pack("<HH", 0, 2) + bytes(40), PASSWORD)


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_header(databases: dict[str, bytes], data: st.DataObject) -> None:
    """The header (KDF parameters included) mutated; no password, so no mutated KDF cost is paid —
    the caps on those are tested by their own refusals above."""
    database = databases["kdbx4"]
    end = read_header(database).size
    check_contract(SPEC, data.draw(mutated(database[:end])) + database[end:], None)


@settings(FUZZ, max_examples=min(FUZZ.max_examples, 20))  # each example runs the database's AES-KDF
@given(data=st.data())
def test_fuzz_mutated_body(databases: dict[str, bytes], data: st.DataObject) -> None:
    """Everything after the header mutated (header hash and HMAC, blocks, payload), opened with the
    password: the KeePassXC KDF runs as written."""
    database = databases["kdbx4"]
    end = read_header(database).size
    check_contract(
        SPEC, database[:end] + data.draw(mutated(database[end : end + 600])) + database[end + 600 :], PASSWORD
    )


@FUZZ
@given(data=st.binary(max_size=512))
def test_fuzz_random_bytes_after_the_signature(data: bytes) -> None:
    check_contract(SPEC, SIGNATURE + data, PASSWORD, "x.kdbx")


def test_an_unreadable_key_file_is_a_format_error(databases: dict[str, bytes]) -> None:
    assert SPEC.parse_with_key_file is not None
    xml_key = (
        b'<?xml version="1.0"?><KeyFile><Meta><Version>2.0</Version></Meta>'
        b'<Key><Data Hash="00000000">AB</Data></Key></KeyFile>'
    )
    with pytest.raises(ImportFormatError, match="key file"):
        SPEC.parse_with_key_file(databases["keyfile"], PASSWORD, xml_key)
