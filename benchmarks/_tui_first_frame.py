"""Child process of tui_startup.py: open the vault (fast test KDF), start the app under ``run_test``
and print FIRST-FRAME as soon as a frame showing the codes has been drawn. Not a benchmark itself."""

from __future__ import annotations

import asyncio
import os
import re
import sys


async def main(password: str, issuer: str) -> None:
    from tuiauth.app import make_app
    from tuiauth.core.crypto import TEST_KDF
    from tuiauth.core.vault import Vault
    from tuiauth.services import Services

    services = Services.create(entrypoints=False, kdf=TEST_KDF)
    services.vault = Vault.open(services.paths.vault_file, password=password, write=True)
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        name = re.escape(issuer)  # the row, drawn with its code (before or after the names)
        row = re.compile(rf"\d{{3}} \d{{3}} .*{name}|{name} .* \d{{3}} \d{{3}} ")
        while True:
            strips = app.screen._compositor.render_strips()
            if any(row.search("".join(s.text for s in strip)) for strip in strips):
                break
            await pilot.pause()
        print("FIRST-FRAME", flush=True)
        os._exit(0)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
