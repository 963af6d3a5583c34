"""Form fields described as data: plugins say what to ask for, the core's screens and CLI ask it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "password", "int", "bool", "choice", "path", "url"]


@dataclass(frozen=True, kw_only=True)
class FormField:
    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = True
    default: str = ""
    choices: tuple[str, ...] = ()
    help: str = ""
    placeholder: str = ""
    #: A secret field (password, access key) is masked on screen and stored only in the vault.
    secret: bool = False
