"""The app's one way to run work off the event loop, and its one vault-write lock.

``Jobs.run`` runs ``job()`` in a Textual thread worker with ``exit_on_error=False`` (a worker's
failure never ends the app) and posts the outcome to the app as a ``JobDone`` message; on the event
loop it becomes ``then(result)``, or ``failed(error)`` for a ``TuiauthError``. A plugin's failure is
one (``tuiauth/core/plugincall.py`` makes it a ``PluginError`` naming the plugin); anything else a
job raises is a bug of ours, reported by its type only ("unexpected KeyError while saving"), never by
its text, which could hold a secret.

A job that saves the vault passes ``writes_vault=True``: those run one at a time under
``vault_lock``, which the backup and restore controllers' work takes too. An outcome is dropped when
its owner (a screen) is gone, or when its worker was cancelled (an ``exclusive`` job replaced it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import get_current_worker

from ..core.errors import TuiauthError

if TYPE_CHECKING:
    from textual.app import App

T = TypeVar("T")


class JobDone(Message):
    """A job's outcome, handled by the app on its event loop (``TuiauthApp.on_job_done``)."""

    def __init__(self, owner: DOMNode, deliver: Callable[[], object]) -> None:
        super().__init__()
        self.owner = owner
        self.deliver = deliver

    def handle(self) -> None:
        """Deliver, unless the owner is gone (a closed screen learns nothing late)."""
        if self.owner is self.owner.app or self.owner.is_attached:
            self.deliver()


def unexpected(exc: BaseException, label: str) -> TuiauthError:
    """A bug of ours as a one-line error: its type only, its text could hold a secret."""
    return TuiauthError(f"unexpected {type(exc).__name__} while {label[:1].lower()}{label[1:]}")


class Jobs:
    def __init__(self, app: App[Any]) -> None:
        self.app = app
        #: Held by every job that saves the vault: one save at a time, and no job reads the vault
        #: while another changes it.
        self.vault_lock = threading.Lock()

    def run(
        self,
        owner: DOMNode,
        label: str,
        job: Callable[[], T],
        then: Callable[[T], object],
        failed: Callable[[TuiauthError], object],
        *,
        group: str,
        exclusive: bool = False,
        writes_vault: bool = False,
    ) -> None:
        """``job()`` in a thread worker of ``owner`` (a screen, or the app); ``then(result)`` or
        ``failed(error)`` on the event loop while ``owner`` is still there."""

        def work() -> None:
            worker = get_current_worker()
            deliver: Callable[[], object]
            try:
                if writes_vault:
                    with self.vault_lock:
                        result = job()
                else:
                    result = job()
            except KeyboardInterrupt:
                raise
            except TuiauthError as exc:
                error = exc
                deliver = lambda: failed(error)  # noqa: E731
            except BaseException as exc:
                error = unexpected(exc, label)
                deliver = lambda: failed(error)  # noqa: E731
            else:
                deliver = lambda: then(result)  # noqa: E731
            if not worker.is_cancelled:
                self.app.post_message(JobDone(owner, deliver))

        owner.run_worker(work, thread=True, group=group, name=label, exclusive=exclusive, exit_on_error=False)
