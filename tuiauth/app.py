"""The Textual app: the screens over the shared ``Services``, one wall-clock tick, clipboard, auto-lock.

``make_app(services)`` is the one factory used by the CLI, the Pilot and snapshot tests and the
benchmarks. State lives in the services (vault, config, plugins, clock); screens stay thin and call
the app for the transitions between them (unlocked → accounts, locked → unlock).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar, cast

import rich
from rich.segment import Segments
from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from .agent.client import lock_agent
from .clipboard import ClipboardError, Copied
from .controllers.backup_control import BackupControl
from .controllers.jobs import JobDone, Jobs
from .core.accounts import Account
from .core.codetimer import CodeTimer, delay_to_next_second
from .core.errors import TuiauthError, VaultChangedError
from .core.vault import Vault
from .screens.accounts import AccountsScreen
from .screens.messages import LoggedMessage, MessageLog
from .services import Services
from .typed_ahead import TypedAheadApp
from .widgets.glyphs import UNICODE, Glyphs

#: The app's actions that act on an open vault (hidden from the footer and palette while locked).
VAULT_ACTIONS = frozenset(
    {"lock", "import", "backup", "backup_fix", "change_password", "new_recovery_key", "trash", "doctor"}
)

#: Built-in palette commands that must not exist here: a screenshot writes the codes to disk.
UNSAFE_SYSTEM_COMMANDS = frozenset({"Screenshot"})


class TuiauthApp(TypedAheadApp):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "tuiauth"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, tooltip="Close tuiauth"),
        Binding("f1,question_mark", "help", "Help", id="help", tooltip="Every key on this screen"),
        Binding("ctrl+l", "lock", "Lock", id="lock", tooltip="Lock the vault now"),
        Binding("i", "import", "Import", id="import", show=False, tooltip="Import accounts from another app's export"),
        Binding("b", "backup", "Backup", id="backup", show=False, tooltip="Backup locations: state, back up now, add"),
        Binding(
            "P",
            "change_password",
            "Change password",
            id="change_password",
            show=False,
            tooltip="Set a new vault password (the recovery key stays the same)",
        ),
        Binding(
            "Y",
            "new_recovery_key",
            "New recovery key",
            id="new_recovery_key",
            show=False,
            tooltip="See what the recovery key opens; replace it with a new one, shown once",
        ),
        Binding(
            "exclamation_mark",
            "backup_fix",
            "Fix backup",
            id="backup_fix",
            show=False,
            tooltip="Open what the backup marker asks for: sign in again, try again",
        ),
        Binding("ctrl+g", "messages", "Messages", id="messages", show=False, tooltip="Every message shown so far"),
        Binding(
            "T",
            "trash",
            "Trash",
            id="trash",
            show=False,
            tooltip="Accounts removed here or by another device, and sync conflicts side by side: restore one",
        ),
        Binding(
            "D",
            "doctor",
            "Vault doctor",
            id="doctor",
            show=False,
            tooltip="Duplicates, weak secrets, what another app cannot carry: each with what to do",
        ),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.clock = services.clock
        self.methods = services.plugins.methods()
        self.timer = CodeTimer(
            self.methods.get,
            needs_verification=self._needs_verification,
            on_failure=self._code_failed,
            device_values=self._device_values,
        )
        #: Plugin failures already shown as a toast (a broken method fails again at every period).
        self._failures_shown: set[str] = set()
        self.copied: Copied | None = None
        #: Every notification shown, so none is lost when its toast fades (ctrl+g opens it).
        self.message_log = MessageLog()
        self.last_activity = self.clock()
        #: The clock time of the last tick (the first comes once the clock reaches the next second).
        self.ticked_at = self.last_activity
        #: The one runner of work off the event loop, with the one vault-write lock.
        self.jobs = Jobs(self)
        self.backup = BackupControl(self)
        #: The symbols drawn: the command line picks ASCII for the Linux console and vt100 (from TERM).
        self.glyphs: Glyphs = UNICODE
        #: The last problem reading the vault again after another session's save (said once).
        self._reload_problem = ""

    def _needs_verification(self, account: Account) -> bool:
        """A device-bound account restored here shows no code until verified on this device."""
        from .core.restore import needs_verification

        vault = self.services.vault
        return vault is not None and needs_verification(vault.data, account, self.methods)

    def _device_values(self, account: Account) -> dict[str, str]:
        """The account's device-bound values in the open vault (none when it is locked)."""
        vault = self.services.vault
        return vault.data.device.get(account.id, {}) if vault is not None else {}

    def on_job_done(self, message: JobDone) -> None:
        message.handle()

    def _code_failed(self, message: str) -> None:
        """A method's plugin could not make a code: its row shows none, and this says which plugin
        failed and how (after the redraw under way)."""
        if message not in self._failures_shown:
            self._failures_shown.add(message)
            self.call_later(self.notify, message, title="Plugin failed", severity="error", timeout=10)

    # --- start, screens ------------------------------------------------------------------------
    def on_mount(self) -> None:
        config = self.services.config
        self.set_keymap(config.keymap)
        if config.theme in self.available_themes:
            self.theme = config.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # Screens other than the accounts screen are imported where first shown: start-up time to
        # the first frame with codes is measured (benchmarks/tui_startup.py).
        if self.services.vault is not None:
            self.push_screen(AccountsScreen())
            self.backup.open()
        elif Vault.exists(self.services.paths.vault_file):
            from .screens.unlock import UnlockScreen

            self.push_screen(UnlockScreen())
        else:
            from .screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        self._schedule_tick()

    def _show_only(self, screen: Screen[None]) -> None:
        """Make ``screen`` the one screen above the default one (closing dialogs on the way)."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def vault_opened(self, vault: Vault) -> None:
        """A vault was created or unlocked: keep it in the services and show the accounts."""
        self.services.vault = vault
        self.last_activity = self.clock()
        self.refresh_bindings()
        self._show_only(AccountsScreen())
        self.backup.open()

    def action_lock(self, reason: str = "Locked.") -> None:
        from .screens.unlock import UnlockScreen

        if self.services.vault is None:
            return
        self.backup.close()
        self.services.close()
        self.timer.clear()
        self._show_only(UnlockScreen(message=reason))
        self.run_worker(partial(lock_agent, str(self.services.paths.vault_file)), thread=True, group="agent")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Lock and import only while a vault is open (hidden from the footer otherwise)."""
        if action in VAULT_ACTIONS:
            return self.services.vault is not None
        return True

    def action_import(self) -> None:
        from .screens.import_accounts import ImportScreen

        self.push_screen(ImportScreen(), self._imported)

    def _imported(self, added: list[Account] | None) -> None:
        """Show the imported accounts in the list, the cursor on the first one."""
        for screen in self.screen_stack:
            if added and isinstance(screen, AccountsScreen):
                screen.reload(keep=added[0].id)

    def action_change_password(self, after_recovery: bool = False) -> None:
        from .screens.change_password import ChangePasswordScreen

        self.push_screen(ChangePasswordScreen(after_recovery=after_recovery))

    def action_new_recovery_key(self) -> None:
        from .screens.recovery_rotate import offer_new_recovery_key

        offer_new_recovery_key(self)

    def action_backup(self, fix: bool = False) -> None:
        """The backup screen; ``fix``: at the location that most needs attention, its fix opened."""
        from .screens.backup_screen import BackupScreen

        current = self.screen
        if isinstance(current, BackupScreen):
            current.select_location(fix=fix)
        elif not any(isinstance(screen, BackupScreen) for screen in self.screen_stack):
            self.push_screen(BackupScreen(fix=fix))  # (from a backup form the key does nothing)

    def action_backup_fix(self) -> None:
        self.action_backup(fix=True)

    def action_trash(self) -> None:
        from .screens.trash import TrashScreen

        if not isinstance(self.screen, TrashScreen):
            self.push_screen(TrashScreen())

    def action_doctor(self) -> None:
        from .screens.doctor import DoctorScreen

        if not isinstance(self.screen, DoctorScreen):
            self.push_screen(DoctorScreen())

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_messages(self) -> None:
        from .screens.messages import MessagesScreen

        if not isinstance(self.screen, MessagesScreen):
            self.push_screen(MessagesScreen(self.message_log))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a toast and keep it in the message log. Never parsed as markup: messages carry
        account names, plugin errors and file names."""
        self.message_log.add(LoggedMessage(at=self.clock(), text=message, title=title, severity=severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Refused: a screenshot would write the codes on screen to a file."""
        self.notify("Screenshots are disabled: they would save your codes to disk.", severity="warning")

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Refused like the key: Textual would save into the Downloads folder."""
        self.action_screenshot()
        return None

    def save_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str:
        """Textual's, but only into the folder ``path`` given (never the current folder by default,
        never outside ``path`` through the file name): the SVG holds the codes on screen."""
        if path is None:
            raise ValueError("save_screenshot needs the folder to write to (path=...)")
        folder = Path(path).expanduser().resolve()
        if filename is not None and (folder / filename).resolve().parent != folder:
            raise ValueError(f"the screenshot file name {filename!r} leaves the folder {str(folder)!r}")
        return super().save_screenshot(filename, str(folder), time_format)

    @work(thread=True, exit_on_error=False, group="config")
    def _remember_theme(self, theme: Theme) -> None:
        config = self.services.config
        if config.theme != theme.name:
            config.theme = theme.name
            config.save(self.services.paths.config_file)

    # --- the tick: codes, clipboard, auto-lock -----------------------------------------------------
    def _schedule_tick(self) -> None:
        self.set_timer(delay_to_next_second(self.clock()), self._on_timer, name="tick")

    def _on_timer(self) -> None:
        """The timer wakes about once a second, but the app ticks only when the clock (``services.clock``)
        reached a new second: all timing (codes, auto-lock, backup debounce and retries) follows that
        clock, and a test's fake clock alone decides when time passes."""
        now = self.clock()
        if int(now) != int(self.ticked_at):
            self.tick(now)
        self._schedule_tick()

    def tick(self, now: float) -> None:
        """One second passed: lock when idle, clear the clipboard when due, redraw the codes."""
        self.ticked_at = now
        minutes = self.services.config.auto_lock_minutes
        if self.services.vault is not None and minutes and now - self.last_activity >= minutes * 60:
            self.action_lock(f"Locked after {minutes} minute{'s' if minutes != 1 else ''} without a key press.")
            return
        copied, seconds = self.copied, self.services.config.clipboard_clear_seconds
        if copied and copied.route == "system" and seconds and now - copied.at >= seconds:
            self.copied = None
            self._clear_clipboard(copied.text)
        vault = self.services.vault
        if vault is not None and vault.changed_on_disk():
            self._reload_vault(vault)
        for screen in self.screen_stack:
            if isinstance(screen, AccountsScreen):
                screen.tick(now)
        self.backup.tick(now)

    # --- other sessions on the same vault ----------------------------------------------------------
    @work(thread=True, exclusive=True, group="vault-reload")
    def _reload_vault(self, vault: Vault) -> None:
        """Another session saved the vault: take its version, keeping the selection and the search."""
        try:
            changed = vault.reload()
        except VaultChangedError as exc:
            self.call_from_thread(self._vault_replaced, vault, exc.message)
            return
        except TuiauthError as exc:
            self.call_from_thread(self._reload_failed, exc.message)
            return
        self._reload_problem = ""
        if changed:
            self.call_from_thread(self._vault_reloaded, vault)

    def _vault_reloaded(self, vault: Vault) -> None:
        if self.services.vault is vault:
            for screen in self.screen_stack:
                if isinstance(screen, AccountsScreen):
                    screen.reload()

    def _vault_replaced(self, vault: Vault, message: str) -> None:
        if self.services.vault is vault:
            self.action_lock(f"Locked: {message}.")

    def _reload_failed(self, message: str) -> None:
        """Said once per problem (the check runs every second)."""
        if message != self._reload_problem:
            self._reload_problem = message
            self.notify(f"The vault file could not be read again: {message}", severity="warning")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self.last_activity = self.clock()
        await super().on_event(event)

    # --- clipboard -------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="clipboard")
    def copy_code(self, code: str, label: str) -> None:
        """Copy through the clipboard service; where there is none, or its tool failed (its result
        is checked: ``tuiauth/clipboard.py``), through the terminal by OSC 52. The message says
        which path was taken, and that an OSC 52 copy cannot be cleared."""
        try:
            on_system = self.services.clipboard.copy(code)
        except ClipboardError as exc:
            self.call_from_thread(self._copy_through_terminal, code, label, f"{exc}. ")
            return
        if on_system:
            self.call_from_thread(self._copied, Copied(code, "system", self.clock()), label)
        else:
            self.call_from_thread(self._copy_through_terminal, code, label)

    def _copy_through_terminal(self, code: str, label: str, why: str = "") -> None:
        self.copy_to_clipboard(code)
        self.copied = Copied(code, "terminal", self.clock())
        # OSC 52 has no answer: some terminals (and tmux without set-clipboard) drop it unseen.
        self.notify(
            f"{why}Code of {label} sent to the terminal's clipboard (OSC 52). Paste to check: some terminals "
            "ignore it. tuiauth cannot clear it.",
            title="Sent to the terminal",
            severity="warning" if why else "information",
            timeout=8 if why else 6,
        )

    def _copied(self, copied: Copied, label: str) -> None:
        self.copied = copied
        seconds = self.services.config.clipboard_clear_seconds
        if seconds:
            detail = f"cleared in {seconds} s if still there"
        else:
            detail = "not cleared automatically (clipboard_clear_seconds = 0)"
        self.notify(f"Copied the code of {label} to the system clipboard — {detail}.", title="Copied", timeout=4)

    @work(thread=True, exclusive=True, group="clipboard")
    def _clear_clipboard(self, text: str) -> None:
        if self.services.clipboard.clear_if_holds(text):
            self.call_from_thread(self.notify, "Clipboard cleared.", timeout=2)

    # --- palette, crash handler --------------------------------------------------------------------
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands minus the screenshot, then the screen's and the app's own commands: the
        enabled bindings with an id (the name the keymap and the help screen use), not the text
        editing keys of the focused field."""
        titles: set[str] = set()
        for command in super().get_system_commands(screen):
            if command.title not in UNSAFE_SYSTEM_COMMANDS:
                titles.add(command.title)
                yield command
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.system or not binding.id or not active.enabled or not binding.description:
                continue
            if binding.description in titles:
                continue
            titles.add(binding.description)
            keys = self.get_key_display(binding) or key
            # Textual parses a ``str`` help as markup and passes ``Content`` through unchanged: key
            # names ("[", "/") and tooltips must read as they are.
            what = f"{binding.tooltip} · " if binding.tooltip else ""  # (the title is not repeated)
            help_text = cast(str, Content(f"{what}key {keys}"))

            async def run(action: str = binding.action, node: object = active.node) -> None:
                await self.run_action(action, node)  # type: ignore[arg-type]

            yield SystemCommand(binding.description, help_text, run)

    def _fatal_error(self) -> None:
        """Textual's handler prints the traceback with each frame's local variables, which may hold
        a password, a secret or a code. Print it without them."""
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()


def make_app(services: Services) -> TuiauthApp:
    """The app over ``services``: the CLI, the tests and the benchmarks all start it this way."""
    return TuiauthApp(services)
