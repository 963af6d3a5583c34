"""The backup screen and marker for an S3 location (the contrib plugin) against a real moto server:
a wrong key, a missing bucket and a gateway's HTML 403 page each give their own message on screen
(sign-in and missing bucket)."""

from __future__ import annotations

from typing import Any

import pytest

from tuiauth.testing import FaultProxy, html_page

from ..backup.servers import new_place, plugins_with_s3, server_for
from .backup_support import (
    assert_not_allowed_by_the_gateway,
    back_up_now,
    enable,
    marker,
    set_setting,
    settle,
)
from .helpers import AppFactory, FakeClock, draft, words


@pytest.fixture
def moto(running_servers: dict[str, Any]) -> Any:
    return server_for("moto", running_servers)


@pytest.fixture
def s3_backup(vault_with: AppFactory, clock: FakeClock, moto: Any) -> Any:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    services.plugins = plugins_with_s3()
    enable(services, "bucket", "s3", new_place("moto", moto).settings, clock)
    return app


async def test_a_wrong_s3_key_needs_signing_in_again(s3_backup: Any) -> None:
    set_setting(s3_backup.services, "bucket", secret_key="not-the-secret-key")
    app = s3_backup
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        text = words(app)
        assert "⚠ Needs signing in again" in text and "Last error: Sign-in failed" in text
        assert "not-the-secret-key" not in text
        await pilot.press("escape")
        assert marker(app) == "⚠ Backup: sign in again · last just now · ! fix"


async def test_a_missing_s3_bucket(s3_backup: Any) -> None:
    set_setting(s3_backup.services, "bucket", bucket="no-such-bucket-here")
    app = s3_backup
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        text = words(app)
        assert "Last error: Not found" in text and "no-such-bucket-here" in text
        await pilot.press("escape")
        assert marker(app) == "⚠ Backup failed: not found · last just now · ! fix"


async def test_an_html_403_page_from_a_gateway_is_not_allowed(s3_backup: Any, moto: Any) -> None:
    """A proxy in front of the store answers with its own HTML page: the status decides."""
    with FaultProxy(moto.port) as proxy:
        proxy.set_fault("error", count=10, status=403, body=html_page(403, "Blocked by the gateway."))
        set_setting(s3_backup.services, "bucket", endpoint=f"http://127.0.0.1:{proxy.port}")
        text, mark = await back_up_now(s3_backup)
    assert_not_allowed_by_the_gateway(text, mark, "refused: these keys are not allowed to list objects in s3://")
