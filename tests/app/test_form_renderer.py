"""The form renderer on its own: every field kind, field-by-field checks, stored secrets kept."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Checkbox, Input, Select

from tuiauth.core.specs import FormField
from tuiauth.widgets.form_renderer import FormRenderer

from .helpers import words

# --- the form renderer on its own ----------------------------------------------------------------------------
FIELDS = (
    FormField(name="host", label="Host", placeholder="dav.example.org", help="Where the server is"),
    FormField(name="token", label="Token", kind="password", secret=True),
    FormField(name="port", label="Port", kind="int", default="443", required=False),
    FormField(name="tls", label="Use TLS", kind="bool", default="true", required=False),
    FormField(name="style", label="Style", kind="choice", choices=("path", "virtual"), required=True),
    FormField(name="ca", label="CA file", kind="path", required=False),
    FormField(name="endpoint", label="Endpoint", kind="url", required=False),
)


class FormApp(App[None]):
    def __init__(self, **kwargs: object) -> None:
        super().__init__()
        self.kwargs = kwargs

    def compose(self) -> ComposeResult:
        yield FormRenderer(FIELDS, **self.kwargs)  # type: ignore[arg-type]


async def test_form_renderer_renders_every_kind_and_checks_field_by_field() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 40)) as pilot:
        form = app.query_one(FormRenderer)
        text = words(app)
        for shown in ("Host dav.example.org", "Where the server is", "Port 443", "Use TLS", "Style"):
            assert shown in text, shown
        token = form.control("token")
        assert isinstance(token, Input) and token.password
        assert isinstance(form.control("tls"), Checkbox) and form.control("tls").value is True
        assert isinstance(form.control("style"), Select)
        form.control("endpoint").value = "not an address"
        assert not form.check()
        await pilot.pause()
        text = words(app)
        assert "Host dav.example.org Required." in text and "Token Required." in text
        assert text.count("Required.") == 3  # host, token, style; the optional ones may stay empty
        assert "An address starting with https://" in text
        assert app.focused is form.control("host")
        await pilot.press(*"h.example")
        assert "Host h.example Where" in words(app)  # the reason goes once the field is fixed
        form.control("token").value = "s3cret"
        form.control("style").value = "virtual"  # type: ignore[assignment]
        form.control("endpoint").value = ""
        form.control("port").focus()
        await pilot.press("backspace", "backspace", "backspace", *"8a0")
        assert form.check()
        assert form.values() == {
            "host": "h.example", "token": "s3cret", "port": "80", "tls": "true", "style": "virtual", "ca": "",
            "endpoint": "",
        }  # fmt: skip


async def test_form_renderer_keeps_stored_secrets_unless_typed_again() -> None:
    app = FormApp(values={"host": "dav.example.org", "token": "stored", "style": "path"}, kept=["token"])
    async with app.run_test(size=(80, 40)):
        form = app.query_one(FormRenderer)
        assert form.control("token").value == ""  # a stored secret is never put back on screen
        assert "unchanged when left empty" in words(app)
        assert form.check() and "token" not in form.values()
        form.control("token").value = "new"
        assert form.values()["token"] == "new"
