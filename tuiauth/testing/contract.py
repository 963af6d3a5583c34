"""The storage-backend contract: what the backup engine relies on, checked against a real server.

For plugin authors. Subclass ``BackendContract`` in a test module (the class name must start with
``Test``) and provide the fixtures below; pytest then runs every ``test_*`` method against your
backend::

    import pytest
    from tuiauth.testing import BackendContract

    class TestMyStore(BackendContract):
        @pytest.fixture
        def make_backend(self, my_server, tmp_location):
            # Every call returns a NEW client for the SAME fresh, empty location of this test.
            return lambda: MyBackend(my_server.url, tmp_location, "user", "secret")

        @pytest.fixture
        def make_backend_with_bad_credentials(self, my_server, tmp_location):
            return lambda: MyBackend(my_server.url, tmp_location, "user", "wrong")

Fixtures (each returns a zero-argument callable that builds a ``tuiauth.Backend``):

``make_backend`` (required)
    Clients for a fresh, empty location (folder, bucket or prefix) unique to the test.
``make_backend_with_bad_credentials`` (optional)
    A client for the same location whose credentials are wrong: ``list`` and ``create`` must raise
    ``BackendAuthError``. A backend with no credentials leaves it out and sets
    ``test_wrong_credentials_are_an_auth_error = None`` in its class, so that the test is not
    collected (left out, the test skips, saying why).
``make_backend_for_missing_location`` (optional)
    A client for a folder or bucket that does not exist: ``BackendNotFoundError``.
``make_interrupted_backend`` (optional)
    A client whose uploads are cut off part-way (e.g. through ``tuiauth.testing.FaultProxy`` with
    ``reset_upload``, or a patched write): its ``create`` raises a ``BackendError`` and the object
    must not appear under its final name; the name stays free for the next attempt.

``make_backend_without_permission`` (optional)
    A client signed in to the same location that may read but not write there (a read-only key, a
    folder it may not write in): ``create`` must raise ``BackendPermissionError``, writing nothing.
``secret_values`` (optional)
    The secret sign-in values of ``make_backend`` and ``make_backend_with_bad_credentials``
    (passwords, keys): no error message and no ``repr`` of a client may contain one.
``put_foreign_file`` (optional)
    ``put(name, data)`` stores a file that is not a backup object (``notes.txt``, ``.DS_Store``) in
    the location, bypassing the backend: ``list()`` must leave it out and nothing may touch it.
``plant_stale_temporary`` (optional)
    ``plant()`` stores a ``TEMP_PREFIX`` object as a crashed upload leaves it, older than any upload
    in progress, and returns ``exists()``: the next ``list()`` must not show it and must remove it.

A fixture a backend cannot provide (a folder has no credentials, a store without temporary objects
has nothing to sweep) is left out and its test set to ``None`` in the subclass, so that it is not
collected: ``test_wrong_credentials_are_an_auth_error = None``.

``backend_settings`` (optional)
    ``(spec, settings)``: the backend's ``BackendSpec`` and the form's values for the same location,
    secret fields filled in. Backup is turned on there through the core, as the app does: no secret
    field's value may reach any file of tuiauth's home but the encrypted vault, the stored backup
    objects, ``describe`` or a status message.

``create_is_atomic`` (optional, default True)
    Return False, saying why, for a server whose create-only check races (two concurrent writers
    of one name can both succeed, or a writer whose object was replaced gets a server error); the
    concurrency test then checks the weaker promise the engine's read-back depends on: no loser
    believes it wrote (each gets ``BackendExistsError``, or ``BackendServerError``, which the
    engine retries) and the stored object is exactly one winner's bytes, never a mixture.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import ClassVar

import pytest

from tuiauth.core.errors import (
    BackendAuthError,
    BackendError,
    BackendExistsError,
    BackendNotFoundError,
    BackendPermissionError,
    BackendServerError,
)
from tuiauth.core.specs import Backend, BackendSpec

MakeBackend = Callable[[], Backend]
PutForeignFile = Callable[[str, bytes], None]
PlantStaleTemporary = Callable[[], Callable[[], bool]]
#: Names of files a person or another program may leave in a backup folder.
FOREIGN_NAMES = ("notes from bob.txt", ".DS_Store", "~lock.gen-00000000000000000001#")
BIG = 2 * 1024 * 1024


def object_name(generation: int, tag: str = "0") -> str:
    """A name shaped like the backup engine's (``gen-<20 digits>-<hash prefix>``)."""
    return f"gen-{generation:020d}-{tag.encode().hex()[:16].ljust(16, '0')}"


class BackendContract:
    """The backend contract suite; see the module docstring for how to use it."""

    writers: ClassVar[int] = 8
    rounds: ClassVar[int] = 3

    @pytest.fixture
    def backend(self, make_backend: MakeBackend) -> Iterator[Backend]:
        client = make_backend()
        yield client
        client.close()

    @pytest.fixture
    def make_backend_with_bad_credentials(self) -> MakeBackend | None:
        return None

    @pytest.fixture
    def make_backend_for_missing_location(self) -> MakeBackend | None:
        return None

    @pytest.fixture
    def make_interrupted_backend(self) -> MakeBackend | None:
        return None

    @pytest.fixture
    def create_is_atomic(self) -> bool:
        return True

    @pytest.fixture
    def make_backend_without_permission(self) -> MakeBackend | None:
        return None

    @pytest.fixture
    def secret_values(self) -> tuple[str, ...] | None:
        return None

    @pytest.fixture
    def backend_settings(self) -> tuple[BackendSpec, dict[str, str]] | None:
        return None

    @pytest.fixture
    def put_foreign_file(self) -> PutForeignFile | None:
        return None

    @pytest.fixture
    def plant_stale_temporary(self) -> PlantStaleTemporary | None:
        return None

    # --- writing and reading back ----------------------------------------------------------------
    def test_empty_location_lists_nothing(self, backend: Backend) -> None:
        assert backend.list() == []

    def test_read_back_equals_written_bytes(self, backend: Backend) -> None:
        payloads = {object_name(1): b"\x00sealed\xff" * 7, object_name(2): os.urandom(BIG), object_name(3): b""}
        for name, data in payloads.items():
            backend.create(name, data)
        for name, data in payloads.items():
            assert backend.read(name) == data

    def test_another_client_reads_what_one_wrote(self, backend: Backend, make_backend: MakeBackend) -> None:
        backend.create(object_name(1), b"from the first client")
        other = make_backend()
        try:
            assert other.read(object_name(1)) == b"from the first client"
        finally:
            other.close()

    def test_create_never_overwrites(self, backend: Backend) -> None:
        name = object_name(1)
        backend.create(name, b"first")
        with pytest.raises(BackendExistsError):
            backend.create(name, b"second, must not replace the first")
        assert backend.read(name) == b"first"

    def test_concurrent_creates_of_one_name(self, make_backend: MakeBackend, create_is_atomic: bool) -> None:
        clients = [make_backend() for _ in range(self.writers)]
        try:
            for round_ in range(self.rounds):
                self._race(clients, object_name(10 + round_), create_is_atomic)
        finally:
            for client in clients:
                client.close()

    def _race(self, clients: list[Backend], name: str, atomic: bool) -> None:
        payloads = [bytes([i]) * (64 * 1024) + os.urandom(16) for i in range(len(clients))]
        barrier = threading.Barrier(len(clients))
        outcome: list[BaseException | None] = [None] * len(clients)

        def write(i: int) -> None:
            barrier.wait()
            try:
                clients[i].create(name, payloads[i])
            except BaseException as exc:
                outcome[i] = exc

        threads = [threading.Thread(target=write, args=(i,)) for i in range(len(clients))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        winners = [i for i, exc in enumerate(outcome) if exc is None]
        losers = [exc for exc in outcome if exc is not None]
        lost = BackendExistsError if atomic else (BackendExistsError, BackendServerError)
        assert all(isinstance(exc, lost) for exc in losers), losers
        assert winners, "no writer succeeded"
        stored = clients[0].read(name)
        if atomic:
            assert len(winners) == 1, f"{len(winners)} writers all created {name}"
            assert stored == payloads[winners[0]]
        else:
            assert stored in [payloads[i] for i in winners], "the stored object is no winner's bytes"

    # --- listing and deleting --------------------------------------------------------------------
    def test_listing_shows_exactly_the_objects(self, backend: Backend) -> None:
        names = [object_name(g, f"t{g}") for g in (3, 1, 2, 12)]
        for name in names:
            backend.create(name, name.encode())
        assert sorted(backend.list()) == sorted(names)

    def test_delete_removes_the_object(self, backend: Backend) -> None:
        backend.create(object_name(1), b"one")
        backend.create(object_name(2), b"two")
        backend.delete(object_name(1))
        assert backend.list() == [object_name(2)]
        with pytest.raises(BackendNotFoundError):
            backend.read(object_name(1))

    def test_missing_object_is_not_found(self, backend: Backend) -> None:
        with pytest.raises(BackendNotFoundError):
            backend.read(object_name(99))
        with pytest.raises(BackendNotFoundError):
            backend.delete(object_name(99))

    def test_names_cannot_escape_the_location(self, backend: Backend) -> None:
        for name in ("../outside", "a/b", ".hidden", "", "x" * 300):
            with pytest.raises(BackendError):
                backend.create(name, b"never written")
        assert backend.list() == []

    # --- failures ----------------------------------------------------------------------------------
    def test_wrong_credentials_are_an_auth_error(self, make_backend_with_bad_credentials: MakeBackend | None) -> None:
        if make_backend_with_bad_credentials is None:
            pytest.skip("this backend has no credentials")
        client = make_backend_with_bad_credentials()
        try:
            with pytest.raises(BackendAuthError):
                client.list()
            with pytest.raises(BackendAuthError):
                client.create(object_name(1), b"never written")
        finally:
            client.close()

    def test_missing_location_is_not_found(self, make_backend_for_missing_location: MakeBackend | None) -> None:
        if make_backend_for_missing_location is None:
            pytest.skip("this backend cannot point at a missing location")
        client = make_backend_for_missing_location()
        try:
            with pytest.raises(BackendNotFoundError):
                client.list()
            with pytest.raises(BackendNotFoundError):
                client.create(object_name(1), b"never written")
        finally:
            client.close()

    def test_not_allowed_to_write_is_a_permission_error(
        self, backend: Backend, make_backend_without_permission: MakeBackend | None
    ) -> None:
        if make_backend_without_permission is None:
            pytest.skip("no client without write permission was provided")
        client = make_backend_without_permission()
        try:
            with pytest.raises(BackendPermissionError):
                client.create(object_name(1), b"never written")
        finally:
            client.close()
        assert backend.list() == []
        backend.create(object_name(1), b"written by a client that may")
        assert backend.read(object_name(1)) == b"written by a client that may"

    def test_aborted_upload_never_appears(self, backend: Backend, make_interrupted_backend: MakeBackend | None) -> None:
        if make_interrupted_backend is None:
            pytest.skip("no way to interrupt an upload was provided")
        name, payload = object_name(5), os.urandom(BIG)
        broken = make_interrupted_backend()
        try:
            with pytest.raises(BackendError):
                broken.create(name, payload)
        finally:
            broken.close()
        assert backend.list() == []
        with pytest.raises(BackendNotFoundError):
            backend.read(name)
        backend.create(name, payload)
        assert backend.read(name) == payload

    # --- what a person never sees, what others leave behind -----------------------------------------
    def test_messages_hold_no_secret(
        self,
        make_backend: MakeBackend,
        make_backend_with_bad_credentials: MakeBackend | None,
        secret_values: tuple[str, ...] | None,
    ) -> None:
        if make_backend_with_bad_credentials is None or not secret_values:
            pytest.skip("this backend has no credentials (set the test to None in your class)")
        good, bad = make_backend(), make_backend_with_bad_credentials()
        texts = [repr(good), repr(bad)]
        try:
            for call in (bad.list, lambda: bad.read(object_name(1)), lambda: bad.create(object_name(1), b"x")):
                with pytest.raises(BackendError) as caught:
                    call()
                texts += [str(caught.value), repr(caught.value)]
        finally:
            good.close()
            bad.close()
        for text in texts:
            for secret in secret_values:
                assert secret not in text, f"a secret sign-in value is in {text!r}"

    def test_foreign_files_are_ignored(self, backend: Backend, put_foreign_file: PutForeignFile | None) -> None:
        if put_foreign_file is None:
            pytest.skip("no way to put a foreign file in the location was provided")
        for name in FOREIGN_NAMES:
            put_foreign_file(name, b"not a backup")
        assert backend.list() == []
        backend.create(object_name(1), b"ours")
        backend.delete(object_name(1))
        backend.create(object_name(2), b"ours too")
        assert backend.list() == [object_name(2)]

    def test_stale_temporaries_are_swept(
        self, backend: Backend, plant_stale_temporary: PlantStaleTemporary | None
    ) -> None:
        if plant_stale_temporary is None:
            pytest.skip("no way to leave a stale temporary object was provided")
        exists = plant_stale_temporary()
        assert exists(), "the planted temporary object is not there"
        backend.create(object_name(1), b"ours")
        assert backend.list() == [object_name(1)]
        assert not exists(), "a stale temporary object was left in place"
        assert backend.read(object_name(1)) == b"ours"

    def test_secret_fields_stay_in_the_vault(
        self,
        backend: Backend,
        backend_settings: tuple[BackendSpec, dict[str, str]] | None,
        tmp_path_factory: pytest.TempPathFactory,
    ) -> None:
        if backend_settings is None:
            pytest.skip("no settings of the backend's form were provided")
        from tuiauth.core.backup import BackupEngine
        from tuiauth.core.crypto import TEST_KDF
        from tuiauth.core.vault import Vault
        from tuiauth.hookspecs import hookimpl
        from tuiauth.pluginmanager import PluginManager

        spec, settings = backend_settings
        secrets = [settings[f.name] for f in spec.fields if f.secret and settings.get(f.name)]
        assert secrets, "the settings fill in no secret field"
        plugins = PluginManager(entrypoints=False, environ={})
        if spec.name not in plugins.backends():

            class Plugin:
                @hookimpl
                def tuiauth_backends(self) -> list[BackendSpec]:
                    return [spec]

            plugins.register(Plugin(), spec.name)
        home = tmp_path_factory.mktemp("home")
        vault, _ = Vault.create(home / "vault.tuiauth", "the vault password", kdf=TEST_KDF)
        try:
            engine = BackupEngine(vault, plugins)
            status = engine.enable("remote", spec.name, settings, "a recovery secret for the tests", kdf=TEST_KDF)
            assert status.last_error is None, status.last_error
            texts = [spec.describe(settings), repr(engine.status())]
        finally:
            vault.close()
        texts += [path.read_bytes().decode("latin-1") for path in home.rglob("*") if path.is_file()]
        texts += [backend.read(name).decode("latin-1") for name in backend.list()]
        assert len(texts) > 3, "nothing was stored"
        for text in texts:
            for secret in secrets:
                assert secret not in text, "a secret sign-in value was written or shown"
