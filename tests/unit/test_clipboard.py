"""The system clipboard counts a copy only when its tool did it: a real xclip with a stale DISPLAY
(X forwarding gone) fails, says why, and writes nothing to the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.clipboard import ClipboardError, SystemClipboard, find_tool
from tuiauth.testing.requirements import require_binary


@pytest.fixture
def stale_display(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    require_binary("xclip", "apt-get install xclip")
    monkeypatch.setenv("DISPLAY", "127.0.0.1:97")  # no X server there
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("XAUTHORITY", str(tmp_path / "no-xauthority"))


def test_a_stale_display_is_a_failed_copy_naming_xclip_and_its_reason(
    stale_display: None, capfd: pytest.CaptureFixture[str]
) -> None:
    tool = find_tool()
    assert tool is not None and tool.name == "xclip"
    with pytest.raises(ClipboardError, match=r"^xclip failed \(.*[Cc]an't open display"):
        SystemClipboard().copy("123456")
    assert not SystemClipboard().clear_if_holds("123456")
    assert capfd.readouterr() == ("", "")  # nothing of xclip's reached our stdout or stderr


def test_without_a_display_there_is_no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")  # no pbcopy either
    assert find_tool() is None
    assert SystemClipboard().copy("123456") is False
