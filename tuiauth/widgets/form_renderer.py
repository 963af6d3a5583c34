"""Renders a plugin's form — a list of ``FormField`` data — and checks it field by field.

Plugins never import Textual: a backend's sign-in fields (or any other form a plugin describes) are
plain data, and this widget turns them into inputs — text, masked password, whole number, check box,
choice, path, address — each with its help line and its own error line. ``check()`` shows every
invalid field's reason beside it and focuses the first; ``values()`` returns the form as strings,
the shape the plugin's factory takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Select, Static

from ..core.specs import FormField
from .check import Check

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


def field_id(name: str) -> str:
    """A widget id for a field name (plugins may use any characters in their names)."""
    return "field-" + re.sub(r"[^A-Za-z0-9_-]", "_", name)


def check_value(field: FormField, value: str, *, kept: bool = False) -> str | None:
    """Why ``value`` does not fit ``field``, or None. ``kept``: empty means "keep the stored value"."""
    if not value.strip():
        return "Required." if field.required and not field.default and not kept else None
    if field.kind == "int" and not value.strip().isdigit():
        return "A whole number, please."
    if field.kind == "url":
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            example = f", e.g. {field.placeholder}" if field.placeholder else ""
            return f"An address starting with https:// (or http://){example}."
    if field.kind == "choice" and field.choices and value not in field.choices:
        return f"One of: {', '.join(field.choices)}."
    if "\x00" in value or "\n" in value:
        return "One line of text, please."
    return None


class FormRenderer(Vertical):
    """The inputs for ``fields``, filled from ``values`` (else each field's default).

    ``kept`` names secret fields that already hold a stored value: left empty they are not required,
    and ``values()`` leaves them out so the stored value stays.
    """

    DEFAULT_CSS = """
    FormRenderer {
        height: auto;
    }
    FormRenderer .form-row {
        height: 1;
        margin-top: 1;
    }
    FormRenderer .form-label {
        width: 20;
    }
    FormRenderer .form-row Input, FormRenderer .form-row Select {
        width: 1fr;
    }
    FormRenderer .form-help {
        padding-left: 20;
        color: $text-muted;
    }
    FormRenderer .form-error {
        padding-left: 20;
        color: $text-error;
        text-style: bold;
        display: none;
    }
    FormRenderer Checkbox {
        margin-top: 1;
    }
    """

    def __init__(
        self,
        fields: Sequence[FormField],
        values: Mapping[str, str] | None = None,
        *,
        kept: Iterable[str] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.fields = tuple(fields)
        self.initial = dict(values or {})
        self.kept = frozenset(kept)
        self._controls: dict[str, Input | Checkbox | Select[str]] = {}
        self._errors: dict[str, Static] = {}

    # --- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        for field in self.fields:
            value = self.initial.get(field.name, field.default)
            control = self._control(field, value)
            self._controls[field.name] = control
            if isinstance(control, Checkbox):
                yield control
            else:
                with Horizontal(classes="form-row"):
                    yield Label(field.label, classes="form-label", markup=False)
                    yield control
            error = Static(classes="form-error", markup=False)
            self._errors[field.name] = error
            yield error
            if field.help:
                yield Static(field.help, classes="form-help", markup=False)

    def _control(self, field: FormField, value: str) -> Input | Checkbox | Select[str]:
        wid = field_id(field.name)
        if field.kind == "bool":
            return Check(Content(field.label), value.strip().lower() in TRUE_WORDS, id=wid, compact=True)
        if field.kind == "choice" and field.choices:
            options = [(Content(choice), choice) for choice in field.choices]
            start = value if value in field.choices else Select.NULL
            blank = not field.required or start is Select.NULL
            return Select(options, value=start, allow_blank=blank, id=wid, compact=True)
        secret = field.secret or field.kind == "password"
        placeholder = field.placeholder or ("" if field.required else "optional")
        if field.name in self.kept:
            placeholder = "unchanged when left empty"
        if secret:
            value = ""  # a stored secret is never put back on screen
        restrict = r"[0-9]*" if field.kind == "int" else None
        return Input(value, placeholder=placeholder, password=secret, restrict=restrict, id=wid, compact=True)

    # --- reading -------------------------------------------------------------------------------
    def control(self, name: str) -> Input | Checkbox | Select[str]:
        return self._controls[name]

    def raw(self, field: FormField) -> str:
        control = self._controls[field.name]
        if isinstance(control, Checkbox):
            return "true" if control.value else "false"
        if isinstance(control, Select):
            return "" if control.value is Select.NULL else str(control.value)
        secret = field.secret or field.kind == "password"
        return control.value if secret else control.value.strip()

    def values(self) -> dict[str, str]:
        """Every field's value as text (kept secrets left empty are left out)."""
        out: dict[str, str] = {}
        for field in self.fields:
            value = self.raw(field)
            if field.name in self.kept and not value:
                continue
            out[field.name] = value
        return out

    # --- checking ------------------------------------------------------------------------------
    def check(self) -> bool:
        """Show each invalid field's reason beside it; focus the first one. True when all are valid."""
        errors = {}
        for field in self.fields:
            reason = check_value(field, self.raw(field), kept=field.name in self.kept)
            if reason:
                errors[field.name] = reason
        self.show_errors(errors)
        return not errors

    def show_errors(self, errors: Mapping[str, str]) -> None:
        for name, box in self._errors.items():
            box.update(errors.get(name, ""))
            box.display = name in errors
        first = next((f.name for f in self.fields if f.name in errors), None)
        if first is not None:
            control = self._controls[first]
            control.focus(scroll_visible=False)
            self.call_after_refresh(control.scroll_visible, animate=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        """A field showing an error is checked again as it is typed in, so the reason goes once fixed."""
        for field in self.fields:
            if self._controls[field.name] is event.input and self._errors[field.name].display:
                reason = check_value(field, self.raw(field), kept=field.name in self.kept)
                self._errors[field.name].update(reason or "")
                self._errors[field.name].display = reason is not None
