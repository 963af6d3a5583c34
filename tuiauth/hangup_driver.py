"""Textual's Linux driver that also ends the app when its terminal goes away.

Textual's own ``LinuxDriver`` (Textual 8) reads the end of input as "nothing yet" and
loops on it at full CPU, stops its output thread at the first write error (after which every write
blocks), and turns a read error into a traceback. ``HangupDriver`` exits the app with
``HANGUP_EXIT`` on each of a hangup (SIGHUP), the end of the terminal (``poll`` reports ``POLLHUP`` on
standard input), a read error and a write error: the CLI then closes the services (the vault is
locked) as on any exit (tuiauth/cli.py). After a write error, output goes to ``/dev/null``, so no
later write or flush fails.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from textual.drivers.linux_driver import LinuxDriver

from .terminal import HANGUP_EXIT

if TYPE_CHECKING:
    from textual.app import App

#: macOS's poll() does not work on terminals (it reports POLLNVAL at once): there only the hangup
#: signal and the read and write errors end the app.
POLL_SEES_HANGUP = sys.platform.startswith("linux")


class GuardedOutput:
    """The file Textual's output thread writes to: the first write error reports the hangup (once)
    instead of ending that thread; later writes are dropped."""

    def __init__(self, file: IO[str], on_error: Callable[[], None]) -> None:
        self._file = file
        self._on_error = on_error
        self._failed = False

    def _guarded(self, write: Callable[[], object]) -> None:
        if self._failed:
            return
        try:
            write()
        except OSError:
            self._failed = True
            self._on_error()

    def write(self, text: str) -> None:
        self._guarded(lambda: self._file.write(text))

    def flush(self) -> None:
        self._guarded(self._file.flush)

    def fileno(self) -> int:
        return self._file.fileno()


class HangupWatcher(threading.Thread):
    """Waits, without spinning, until ``poll`` reports a hangup or an error on ``fd`` (it asks for no
    other event), or until ``stop()``."""

    def __init__(self, fd: int, on_hangup: Callable[[], None]) -> None:
        super().__init__(daemon=True, name="tuiauth-hangup")
        self._fd = fd
        self._on_hangup = on_hangup
        self._wake_read, self._wake_write = os.pipe()

    def run(self) -> None:
        poller = select.poll()
        poller.register(self._fd, 0)  # POLLHUP, POLLERR and POLLNVAL are always reported
        poller.register(self._wake_read, select.POLLIN)
        if any(fd == self._fd for fd, _mask in poller.poll()):
            self._on_hangup()

    def stop(self) -> None:
        os.write(self._wake_write, b".")
        self.join()
        os.close(self._wake_read)
        os.close(self._wake_write)


class HangupDriver(LinuxDriver):
    """Textual's Linux driver that exits the app with ``HANGUP_EXIT`` when the terminal goes away."""

    def __init__(
        self, app: App[Any], *, debug: bool = False, mouse: bool = True, size: tuple[int, int] | None = None
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self._file = GuardedOutput(sys.__stderr__, self._output_failed)  # type: ignore[arg-type,assignment]
        self._watcher: HangupWatcher | None = None
        self._hung_up = threading.Lock()

    def start_application_mode(self) -> None:
        self._loop.add_signal_handler(signal.SIGHUP, self.hang_up)
        super().start_application_mode()  # type: ignore[no-untyped-call]
        if POLL_SEES_HANGUP:
            self._watcher = HangupWatcher(self.fileno, self.hang_up)
            self._watcher.start()

    def stop_application_mode(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        super().stop_application_mode()

    def close(self) -> None:
        super().close()
        self._loop.remove_signal_handler(signal.SIGHUP)

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        except OSError:  # EIO: the terminal is gone
            self.hang_up()

    def hang_up(self) -> None:
        """The terminal is gone: exit the app (from any thread; only the first call acts)."""
        if self._hung_up.acquire(blocking=False) and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._app.exit, None, HANGUP_EXIT)

    def _output_failed(self) -> None:
        """Writing to the terminal failed: send standard output and error to ``/dev/null`` (so what
        is still buffered, or printed on the way out, is flushed there) and hang up."""
        null = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.__stdout__, sys.__stderr__):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    os.dup2(null, stream.fileno())
        os.close(null)
        self.hang_up()
