"""Loading plugins in a test the way the app does, whatever the test's environment says.

``installed_plugins()`` reads the ``tuiauth`` entry points of the installed packages, as ``tuiauth``
itself does, and ignores ``TUIAUTH_NO_ENTRYPOINTS`` and ``TUIAUTH_PLUGINS_ALLOW``/``BLOCK`` (a test
suite may set them to keep other tests free of installed plugins). With ``entrypoints=False`` it
holds the built-in plugins only, which shows that a name is not built in. The object answers
``backend(name)``, ``importer(name)``, ``exporter(name)``, ``method(name)``, ``backends()`` … and
``info()``: what ``tuiauth plugins`` lists, each plugin with its ``name``, ``package``, ``status``
(``loaded``, ``failed``, ``blocked``, ``incompatible``) and ``error``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..pluginmanager import PluginManager


def installed_plugins(*, entrypoints: bool = True) -> PluginManager:
    """A fresh plugin manager over the installed plugins (or only the built-in ones)."""
    from ..pluginmanager import PluginManager

    return PluginManager(entrypoints=entrypoints, environ={})
