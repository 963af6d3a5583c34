"""Keys typed faster than screens open reach the screen they were meant for, in order.

Textual hands a key to the widget focused when the app reads it, and looks up bindings when
the key comes back up unused. A person typing "a" then "otpauth://…" at once (or a busy
machine reading them at once) had every letter handed to the list before "a" had opened the
form, or to the form before it had mounted and focused its field: the letters were lost.
A person's keystrokes are never lost: those keys go, in order, to the field the new screen
focuses.
"""

from __future__ import annotations

import asyncio
from typing import Any
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.screen import Screen


class TypedAheadApp(App[None]):
    """An app that holds keys typed while the screen on top is still being built (``on_event``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Keys typed while the screen on top was still being built, in order (see ``on_event``).
        self._typed_ahead: list[events.Key] = []
        self._earlier_held = 0
        #: The screen on top when each key in flight was typed (see ``on_key``).
        self._typed_at: WeakKeyDictionary[events.Key, Screen[object]] = WeakKeyDictionary()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._keys_in_flight_elsewhere():
                self._hold(event)
                return
            await self._deliver(event)
            return
        await super().on_event(event)

    async def _deliver(self, key: events.Key) -> None:
        if self._typed_ahead or not self.screen.is_mounted:
            self._hold(key)
            return
        self._typed_at[key] = self.screen
        await super().on_event(key)

    def _keys_in_flight_elsewhere(self) -> bool:
        """Whether a key typed at another screen is still being handled (it comes first)."""
        return any(screen is not self.screen for screen in self._typed_at.values())

    def _hold(self, key: events.Key, *, earlier: bool = False) -> None:
        """Keep ``key`` until the screen on top is mounted and has focused its field.
        ``earlier``: a key typed before the keys held so far that are not ``earlier``."""
        if earlier:
            self._typed_ahead.insert(self._earlier_held, key)
            self._earlier_held += 1
        else:
            self._typed_ahead.append(key)
        if len(self._typed_ahead) == 1:
            self.call_later(self._release_typed_ahead)

    async def _release_typed_ahead(self, mounted: bool = False) -> None:
        """Asked again (each time after the other messages queued meanwhile) until the screen on top
        is mounted, then once more: the focus calls of its ``on_mount`` were queued before that."""
        if not mounted:
            self.call_later(self._release_typed_ahead, self.screen.is_mounted)
            return
        keys, self._typed_ahead, self._earlier_held = self._typed_ahead, [], 0
        for key in keys:
            await self._deliver(key)

    async def typed_keys_delivered(self) -> None:
        """Return once no key read so far is held or still on its way up from a screen no longer on
        top (a test posting a burst of keys waits on it; it waits on no clock)."""
        while self._typed_ahead or self._keys_in_flight_elsewhere():
            await asyncio.sleep(0)  # lets the app's and the screens' queues run

    async def on_key(self, event: events.Key) -> None:
        """A key no widget took, typed at a screen that is no longer on top (an earlier key opened
        or closed one before this key was handled): it was meant for the screen now on top."""
        typed_at = self._typed_at.pop(event, None)
        if typed_at is not None and typed_at is not self.screen:
            event.prevent_default()  # not looked up again in the bindings of the screen now on top
            self._hold(events.Key(event.key, event.character), earlier=True)
