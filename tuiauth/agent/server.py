"""The agent: an open vault in its own process, answering requests on a UNIX socket.

One request at a time, in one thread: a request is short (a code, a list), an unlock derives the
key once. The agent locks itself (drops the vault and its key) after ``idle_seconds`` without a
request, and exits after ``lifetime_seconds``; both are measured on ``clock`` (tests pass a fake
one). Before answering, it checks whether the vault file changed on disk (another session saved,
a sync restored) and reads it again with the key it holds.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import stat
import struct
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..commands.common import account_json, back_up_changes, say_waiting
from ..core import account_ops
from ..core.accounts import Account
from ..core.errors import TuiauthError, VaultError
from ..core.vault import Vault
from ..services import Services
from .hardening import Hardening
from .protocol import ProtocolError, encode, receive

if TYPE_CHECKING:
    from .protocol import Message

#: How long one client may take to send its request.
CONNECTION_TIMEOUT = 5.0
#: The shortest wait for a request (a zero timeout would make the socket non-blocking).
MIN_WAIT = 0.01


def refusal(message: str, exit_code: int = 1) -> Message:
    return {"error": message, "exit": exit_code}


class Agent:
    """The agent's state and its answers; ``serve`` feeds it the requests."""

    def __init__(
        self,
        services: Services,
        *,
        idle_seconds: float,
        lifetime_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        hardening: Hardening | None = None,
    ) -> None:
        self.services = services
        self.idle_seconds = idle_seconds
        self.lifetime_seconds = lifetime_seconds
        self.clock = clock
        self.hardening = hardening
        self.vault_file = os.path.realpath(services.paths.vault_file)
        self.started = clock()
        self.last_used = self.started
        self.stopping = False
        self.vault: Vault | None = None
        #: How long ``serve`` waits for a request before ``tick`` (None: no limit).
        self.wait: float | None = self.seconds_to_next_event()
        #: The accounts list an index was made for, and that index (made again after a reload).
        self._indexed: tuple[list[Account], account_ops.AccountIndex] | None = None

    # --- time --------------------------------------------------------------------------------------
    def tick(self) -> None:
        """Lock when idle too long; stop when the lifetime is over."""
        now = self.clock()
        if self.lifetime_seconds and now - self.started >= self.lifetime_seconds:
            self.lock()
            self.stopping = True
        elif self.idle_seconds and self.vault is not None and now - self.last_used >= self.idle_seconds:
            self.lock()

    def _idle_end(self) -> float:
        return self.last_used + self.idle_seconds

    def seconds_to_next_event(self) -> float | None:
        """Until the idle lock or the end of the lifetime, whichever comes first (None: neither)."""
        now = self.clock()
        ends = []
        if self.lifetime_seconds:
            ends.append(self.started + self.lifetime_seconds)
        if self.idle_seconds and self.vault is not None:
            ends.append(self._idle_end())
        return max(0.0, min(ends) - now) if ends else None

    # --- the vault ---------------------------------------------------------------------------------
    def lock(self) -> None:
        if self.vault is not None:
            self.vault.close()
            self.vault = None
            self._indexed = None

    def _open_vault(self) -> Vault | None:
        """The vault, read again first if its file changed; None (and locked) if it went away or
        is no longer the vault this key opens."""
        if self.vault is None:
            return None
        if self.vault.changed_on_disk():
            try:
                self.vault.reload()
            except VaultError:
                self.lock()
                return None
        return self.vault

    def _index(self, vault: Vault) -> account_ops.AccountIndex:
        """The lookup index of the vault's accounts, kept while the list is the same (an HOTP code
        replaces an account in place, issuer and name unchanged; a reload makes a new list)."""
        accounts = vault.data.accounts
        if self._indexed is None or self._indexed[0] is not accounts or len(accounts) != len(self._indexed[1].ids):
            index = account_ops.AccountIndex.of(accounts)
            index.keep_exact()
            self._indexed = (accounts, index)
        return self._indexed[1]

    # --- requests ----------------------------------------------------------------------------------
    def handle(self, request: Message) -> Message:
        """The reply to ``request``; also decides how long ``serve`` waits for the next one, before
        the reply leaves (so that nothing the client does next can change that)."""
        try:
            return self._reply(request)
        finally:
            self.wait = self.seconds_to_next_event()

    def _reply(self, request: Message) -> Message:
        self.tick()
        if request.get("vault", self.vault_file) != self.vault_file:
            return {"other_vault": True}
        op = request.get("op")
        handler = getattr(self, f"_op_{op}", None) if isinstance(op, str) else None
        if handler is None:
            return refusal(f"the agent does not know the request {op!r}", 2)
        try:
            reply: Message = handler(request)
        except TuiauthError as exc:
            return refusal(exc.message, exc.exit_code)
        except (KeyError, TypeError, ValueError):
            return refusal("the agent got a malformed request", 2)
        except Exception as exc:  # like the command line: no traceback, no locals, no secret
            return refusal(f"internal error ({type(exc).__name__}); please report it", 70)
        return reply

    def _used(self) -> None:
        self.last_used = self.clock()

    def _op_status(self, request: Message) -> Message:
        vault = self.vault
        return {
            "ok": True,
            "pid": os.getpid(),
            "locked": vault is None,
            "accounts": None if vault is None else len(vault.data.accounts),
            "vault": str(self.services.paths.vault_file),
            "locks_in": None
            if vault is None or not self.idle_seconds
            else self.last_used + self.idle_seconds - self.clock(),
            "exits_in": None if not self.lifetime_seconds else self.started + self.lifetime_seconds - self.clock(),
            "hardening": [] if self.hardening is None else self.hardening.lines(),
        }

    def _op_unlock(self, request: Message) -> Message:
        password = request["password"]
        if not isinstance(password, str):
            raise TypeError("password")
        if self.vault is None:
            path = self.services.paths.vault_file
            if not Vault.exists(path):
                raise VaultError(f"there is no vault at {path}: run 'tuiauth init' first")
            self.vault = Vault.open(path, password=password)
        self._used()
        return {"ok": True, "accounts": len(self.vault.data.accounts)}

    def _op_lock(self, request: Message) -> Message:
        self.lock()
        return {"ok": True}

    def _op_stop(self, request: Message) -> Message:
        self.lock()
        self.stopping = True
        return {"ok": True}

    def _op_list(self, request: Message) -> Message:
        vault = self._open_vault()
        if vault is None:
            return {"locked": True}
        self._used()
        return {"ok": True, "accounts": [account_json(a) for a in vault.data.accounts]}

    def _op_code(self, request: Message) -> Message:
        query, at = request["query"], float(request["at"])
        if not isinstance(query, str):
            raise TypeError("query")
        vault = self._open_vault()
        if vault is None:
            return {"locked": True}
        self._used()
        account = account_ops.resolve_one(vault.data.accounts, query, self._index(vault))
        method = self.services.plugins.method(account.type)
        said = io.StringIO()
        if method.counter_based:
            try:
                with contextlib.redirect_stderr(said):  # what the command line would print there
                    vault.make_writable(on_wait=say_waiting)
                    code = account_ops.use_code(vault, {account.type: method}, account.id, at)
                    back_up_changes(self.services, vault)
            finally:
                vault.close()  # read-only again; the data and key stay
        else:
            code = account_ops.use_code(vault, {account.type: method}, account.id, at)
        period = method.period(account)
        reply: dict[str, Any] = {
            "ok": True,
            "account": account_json(account),
            "code": code,
            "period": period,
            "remaining": None if period is None else int(period - (at % period)),
        }
        if said.getvalue():
            reply["stderr"] = said.getvalue()
        return reply


# --- the socket ----------------------------------------------------------------------------------------
def peer_uid(conn: socket.socket) -> int | None:
    """The user id of the process at the other end (Linux ``SO_PEERCRED``), None when unknown."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    _pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i")))
    return int(uid)


def answer(agent: Agent, conn: socket.socket) -> None:
    """One connection: refuse another user, else read one request and send the reply."""
    conn.settimeout(CONNECTION_TIMEOUT)
    try:
        try:
            request = receive(conn)
        except ProtocolError:
            conn.sendall(encode(refusal("the agent got a malformed request", 2)))
            return
        if peer_uid(conn) != os.getuid():  # the request is read first so that the refusal arrives
            conn.sendall(encode(refusal("the agent answers only the user who started it")))
            return
        conn.sendall(encode(agent.handle(request)))
    except OSError:  # the client went away or took too long: nothing to tell it
        pass


def listen(path: str) -> socket.socket:
    """A listening socket at ``path``, mode 0600 from its creation."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)
    try:
        listener.bind(path)
    finally:
        os.umask(old_umask)
    os.chmod(path, 0o600)
    listener.listen(16)
    return listener


def serve(agent: Agent, listener: socket.socket) -> None:
    """Answer until stopped or the lifetime ends; the idle lock happens on time without a request."""
    while not agent.stopping:
        listener.settimeout(None if agent.wait is None else max(agent.wait, MIN_WAIT))
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            agent.tick()
            agent.wait = agent.seconds_to_next_event()
            continue
        with conn:
            answer(agent, conn)


def remove_socket(path: str) -> None:
    """Remove a socket file left at ``path`` (a killed agent's): only a socket, never another file."""
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISSOCK(os.lstat(path).st_mode):
            os.unlink(path)
