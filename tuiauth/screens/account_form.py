"""Add an account (an ``otpauth://`` URI, a QR code image, or a form) or edit one (the form).

The form is validated field by field: each field says what is wrong with it, next to it. Parsing,
decoding the QR image and saving run in a thread worker; the screen is dismissed with the account.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TabbedContent, TabPane

from ..core import account_ops
from ..core.accounts import ALGORITHMS, MAX_DIGITS, MAX_PERIOD, MIN_DIGITS, Account, AccountDraft
from ..core.errors import AccountError, TuiauthError
from ..core.otpauth import parse_uri
from ..core.secrets import b32decode
from ..core.vault import Vault
from ..widgets.check import Check
from ..widgets.key_bar import KeyBar
from .qr_image import read_qr_text

if TYPE_CHECKING:
    from ..app import TuiauthApp

FIELDS = ("issuer", "name", "secret", "type", "algorithm", "digits", "period", "counter", "groups")
INT_RANGES = {"digits": (MIN_DIGITS, MAX_DIGITS), "period": (1, MAX_PERIOD), "counter": (0, 2**63 - 1)}


def field(value: str, name: str, placeholder: str = "", *, password: bool = False) -> Input:
    """A one-line input for the form (compact, so the whole form fits in 24 rows)."""
    return Input(value, placeholder=placeholder, password=password, id=name, compact=True)


def sentence(message: str) -> str:
    """An error message as a sentence: capital first letter, one final full stop."""
    return message[:1].upper() + message[1:].rstrip(".") + "."


class FormScroll(VerticalScroll, can_focus=False):
    """The form's scrolling area: Tab goes from field to field, never to the area itself (text
    typed there was lost)."""


class AccountFormScreen(ModalScreen[Account | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save_account", priority=True),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    app: TuiauthApp

    def __init__(self, account: Account | None = None) -> None:
        super().__init__()
        self.account = account

    # --- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        title = f"Edit {self.account.label}" if self.account else "Add an account"
        with Vertical(id="form-panel"):
            yield Static(title, classes="title", markup=False)
            if self.account:
                yield from self._form()
                return
            with TabbedContent(initial="by-uri"):
                with TabPane("URI", id="by-uri"):
                    yield Label("Paste an otpauth:// URI, then press Enter")
                    yield Input(placeholder="otpauth://totp/Issuer:account?secret=…", id="uri")
                    yield Static(id="uri-error", classes="error", markup=False)
                with TabPane("QR image", id="by-qr"):
                    yield Label("Path of an image holding the QR code (a screenshot), then Enter")
                    yield Input(placeholder="~/Downloads/qr.png", id="qr-path")
                    yield Static(id="qr-error", classes="error", markup=False)
                with TabPane("Form", id="by-form"):
                    yield from self._form()
        yield KeyBar()

    def _form(self) -> ComposeResult:
        acc = self.account or AccountDraft()
        types = [(Content(m.label), name) for name, m in self.app.methods.items() if not m.device_bound]
        self._type = acc.type
        with FormScroll(id="form"):
            for name, label, widget in (
                ("issuer", "Issuer", field(acc.issuer, "issuer", "e.g. GitHub")),
                ("name", "Account", field(acc.name, "name", "e.g. alice@example.com")),
                ("secret", "Secret", field("", "secret", self._secret_hint(), password=True)),
                ("type", "Type", Select(types, value=acc.type, allow_blank=False, id="type", compact=True)),
                ("algorithm", "Algorithm", Select(self._algorithms(acc.type), value=acc.algorithm,
                                                  allow_blank=False, id="algorithm", compact=True)),
                ("digits", "Digits", field(str(acc.digits), "digits")),
                ("period", "Period (s)", field(str(acc.period), "period")),
                ("counter", "Counter", field(str(acc.counter), "counter")),
                ("groups", "Groups", field(", ".join(acc.groups), "groups", "work, personal")),
            ):  # fmt: skip
                with Horizontal(classes="field", id=f"{name}-row"):
                    yield Label(label, classes="field-label")
                    yield widget
                yield Static(id=f"{name}-error", classes="error field-error", markup=False)
            yield Check("Favourite (pinned on top)", acc.favourite, id="favourite", compact=True)
            yield Static(id="form-error", classes="error", markup=False)
            yield Button("Save (ctrl+s)", id="save", variant="primary")

    def _algorithms(self, type_name: str) -> list[tuple[str, str]]:
        """The algorithms the method of ``type_name`` allows, as the Select's options."""
        method = self.app.methods.get(type_name)
        return [(a, a) for a in (method.algorithms if method is not None else ALGORITHMS)]

    def _secret_hint(self) -> str:
        return "leave empty to keep the secret" if self.account else "base32, e.g. JBSW Y3DP EHPK 3PXP"

    def on_mount(self) -> None:
        self.query_one("#issuer" if self.account else "#uri", Input).focus()
        if self.query("#form"):
            self._show_fields(self._type)

    # --- the type decides the other fields -------------------------------------------------------
    def on_select_changed(self, event: Select.Changed) -> None:
        """Another type: its defaults (from the method plugin) for digits, algorithm and period, and
        only the fields that apply to it."""
        if event.select.id != "type" or str(event.value) == self._type:
            return
        self._type = str(event.value)
        method = self.app.methods.get(self._type)
        if method is not None:
            self.query_one("#digits", Input).value = str(method.default_digits)
            algorithm = self.query_one("#algorithm", Select)
            algorithm.set_options(self._algorithms(self._type))
            algorithm.value = method.default_algorithm
            self.query_one("#period", Input).value = str(method.default_period)
        self._show_fields(self._type)

    def _applies(self, name: str, type_name: str) -> bool:
        """Period for time-based methods only, counter for counter-based ones only."""
        method = self.app.methods.get(type_name)
        counter_based = method is not None and method.counter_based
        return {"period": not counter_based, "counter": counter_based}.get(name, True)

    def _show_fields(self, type_name: str) -> None:
        for name in ("period", "counter"):
            shown = self._applies(name, type_name)
            self.query_one(f"#{name}-row").display = shown
            if not shown:
                self.query_one(f"#{name}-error").display = False

    # --- by URI / QR ---------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("uri", "qr-path"):
            self._add_by(event.input.id, event.value)
        else:
            self.action_save()

    def _add_by(self, input_id: str, text: str) -> None:
        """Add the account the URI tab's text, or the QR tab's image, describes."""
        if input_id == "uri":
            self._add_from(lambda: parse_uri(text, self.app.methods), "uri-error")
        else:
            path = Path(text.strip())
            self._add_from(lambda: parse_uri(read_qr_text(path), self.app.methods), "qr-error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save()

    def _add_from(self, draft_of: Callable[[], AccountDraft], error_id: str) -> None:
        self.query_one(f"#{error_id}", Static).update("Reading…")
        self._save(lambda vault: account_ops.add_account(vault, draft_of(), self.app.methods), error_id)

    # --- the form ------------------------------------------------------------------------------
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        """Save what was typed on the tab that is open (the URI, the QR image's path, or the form),
        once the keys typed before ctrl+s have reached their field (ctrl+s is a priority binding: it
        runs before the field's queued keys otherwise)."""
        tabs = self.query(TabbedContent)
        field_id = {"by-uri": "uri", "by-qr": "qr-path"}.get(tabs.first().active if tabs else "")
        if field_id is not None:
            (self.focused or self).call_later(
                lambda: self._add_by(field_id, self.query_one(f"#{field_id}", Input).value)
            )
        elif self.query("#form"):
            (self.focused or self).call_later(self._save_form)

    def _save_form(self) -> None:
        draft = self.read_form()
        if draft is None:
            return
        if self.account is None:
            self._save(lambda vault: account_ops.add_account(vault, draft, self.app.methods), "form-error")
            return
        account_id = self.account.id
        changes = {f: getattr(draft, f) for f in (*FIELDS, "favourite") if f != "secret"}
        if draft.secret:
            changes["secret"] = draft.secret
        self._save(lambda vault: account_ops.update_account(vault, account_id, **changes), "form-error")

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def read_form(self) -> AccountDraft | None:
        """The draft the form describes, or None after showing each invalid field's reason."""
        errors: dict[str, str] = {}
        issuer, name = self._value("issuer"), self._value("name")
        if not issuer and not name:
            errors["issuer"] = "Give an issuer, an account name, or both."
        secret = b""
        if self._value("secret") or self.account is None:
            try:
                secret = b32decode(self._value("secret"))
            except AccountError as exc:
                errors["secret"] = sentence(exc.message)
        numbers: dict[str, int] = {}
        defaults = self.account or AccountDraft()
        method = self.app.methods.get(self._select("type"))
        for key, (low, high) in INT_RANGES.items():
            if key == "digits" and method is not None:
                low, high = method.min_digits, method.max_digits
            text = self._value(key)
            if not self._applies(key, self._select("type")):  # hidden: kept as it was
                numbers[key] = int(text) if text.isdigit() and low <= int(text) <= high else getattr(defaults, key)
            elif not text.isdigit():
                errors[key] = "A whole number, please."
            elif not low <= int(text) <= high:
                errors[key] = f"Between {low} and {high}." if low < high else f"Always {low} for this type."
            else:
                numbers[key] = int(text)
        self._show_errors(errors)
        if errors:
            return None
        draft = AccountDraft(
            issuer=issuer, name=name, secret=secret or (self.account.secret if self.account else b""),
            type=self._select("type"), algorithm=self._select("algorithm"), digits=numbers["digits"],
            period=numbers["period"], counter=numbers["counter"],
            groups=[g.strip() for g in self._value("groups").split(",") if g.strip()],
            favourite=self.query_one("#favourite", Check).value,
        )  # fmt: skip
        try:
            self.app.methods[draft.type].accept(draft)
        except (TuiauthError, KeyError) as exc:  # what the method (or its failing plugin) says, under its type
            self._show_errors({"type": sentence(exc.message) if isinstance(exc, TuiauthError) else "Unknown type."})
            return None
        draft.secret = secret
        return draft

    def _select(self, name: str) -> str:
        return str(self.query_one(f"#{name}", Select).value)

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Each reason under its field; the first invalid field focused, its reason scrolled into view."""
        for name in (*FIELDS, "form"):
            box = self.query_one(f"#{name}-error", Static)
            box.update(errors.get(name, ""))
            box.display = name in errors or name == "form"
        first = next((n for n in (*FIELDS, "form") if n in errors), None)
        if first is not None:
            self._point_at(self.query_one("#save" if first == "form" else f"#{first}"), f"{first}-error")

    def _point_at(self, control: Widget, error_id: str) -> None:
        """Focus ``control`` and scroll so that it and its message below it are both on screen."""
        control.focus(scroll_visible=False)
        box = self.query_one(f"#{error_id}", Static)
        self.call_after_refresh(box.scroll_visible, animate=False)

    # --- saving --------------------------------------------------------------------------------
    def _save(self, job: Callable[[Vault], Account], error_id: str) -> None:
        vault = self.app.services.vault
        assert vault is not None, "accounts are only added or edited with an open vault"

        self.app.jobs.run(
            self,
            "Saving the account",
            lambda: job(vault),
            self._saved,
            lambda error: self._refused(error_id, error.message),
            group="save account",
            exclusive=True,
            writes_vault=True,
        )

    def _refused(self, error_id: str, message: str) -> None:
        box = self.query_one(f"#{error_id}", Static)
        box.update(sentence(message))
        box.display = True
        if error_id == "form-error":
            self._point_at(self.query_one("#save"), error_id)

    def _saved(self, account: Account) -> None:
        verb = "Saved" if self.account else "Added"
        self.app.notify(f"{verb} {account.label}.", timeout=3)
        self.dismiss(account)
