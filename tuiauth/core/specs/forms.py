"""Form fields described as data: plugins say what to ask for, the core's screens and CLI ask it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "password", "int", "bool", "choice", "path", "url"]


@dataclass(frozen=True, kw_only=True)
class FormField:
    """One question of a plugin's form (a backend's sign-in, a re-verification step).

    The app renders it as an input, the command line as ``--set name=value`` (or a prompt); the
    plugin receives every value as text, keyed by ``name``.
    """

    #: The key of the value in the settings handed to the plugin.
    name: str
    #: What the person reads beside the input.
    label: str
    #: ``text``, ``password``, ``int``, ``bool``, ``choice`` (one of ``choices``), ``path`` or ``url``.
    kind: FieldKind = "text"
    #: Whether the form can be sent with the field empty.
    required: bool = True
    #: The value the field starts with (text, as every value).
    default: str = ""
    #: The allowed values of a ``choice`` field.
    choices: tuple[str, ...] = ()
    #: One line shown under the field.
    help: str = ""
    #: An example shown in the empty input.
    placeholder: str = ""
    #: A secret field (password, access key) is masked on screen and stored only in the vault.
    secret: bool = False
