"""A rough password strength hint: an entropy estimate from length and character classes, with the
most common passwords and simple repetitions marked weak. It advises; only the length is enforced."""

from __future__ import annotations

import math
import string

from textual.widgets import Static

MIN_LENGTH = 8
COMMON = frozenset(
    {"password", "passw0rd", "123456789", "12345678", "qwertyuiop", "iloveyou", "11111111", "sunshine",
     "princess", "football", "baseball", "welcome1", "trustno1", "letmein1", "password1", "qwerty123"}
)  # fmt: skip
LEVELS = (
    (28, "very weak"),
    (40, "weak"),
    (60, "fair"),
    (80, "strong"),
)


def entropy_bits(password: str) -> float:
    pool = 0
    for chars, size in (
        (string.ascii_lowercase, 26),
        (string.ascii_uppercase, 26),
        (string.digits, 10),
        (string.punctuation + " ", 33),
    ):
        if any(c in chars for c in password):
            pool += size
    if any(ord(c) > 127 for c in password):
        pool += 100
    distinct = len(set(password))
    return min(len(password), distinct * 2) * math.log2(max(pool, 2))


def good_enough(password: str) -> bool:
    return len(password) >= MIN_LENGTH and password.casefold() not in COMMON and entropy_bits(password) >= 40


def strength(password: str) -> str:
    """One line: the level and what would improve it."""
    if not password:
        return f"At least {MIN_LENGTH} characters; a few unrelated words make a strong password."
    if password.casefold() in COMMON:
        return "Very weak: this is one of the most common passwords."
    if len(password) < MIN_LENGTH:
        return f"Too short: at least {MIN_LENGTH} characters ({len(password)} so far)."
    bits = entropy_bits(password)
    for limit, name in LEVELS:
        if bits < limit:
            return f"Strength: {name} — add another word or some digits and symbols."
    return "Strength: very strong."


def password_problem(password: str, again: str) -> tuple[str, str]:
    """Why a new password cannot be used yet and the id of its field ("#password" or "#again"), or
    two empty strings."""
    if len(password) < MIN_LENGTH:
        return f"The password needs at least {MIN_LENGTH} characters.", "#password"
    if password != again:
        return "The two passwords differ: type the same password twice.", "#again"
    return "", ""


class StrengthHint(Static):
    """Shows ``strength()`` of the password typed so far."""

    def show(self, password: str) -> None:
        self.update(strength(password))
        self.set_class(password != "" and not good_enough(password), "weak")
