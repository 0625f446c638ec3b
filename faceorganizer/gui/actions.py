"""The window's menus and keyboard shortcuts, declared once as a table (menu, name, text, keys) and bound to
the slots the window hands in, so this module knows nothing of the window's insides."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from .settings.theme import icon


@dataclass(frozen=True)
class MenuEntry:
    menu: str  # "&File", "&Edit": the menu bar's title
    name: str  # the slot's key, and the action's name for tests
    text: str
    keys: str  # "" for none


ENTRIES = (
    MenuEntry("&File", "open_library", "&Open library…", "Ctrl+Shift+O"),
    MenuEntry("&File", "add_folder", "&Add folder…", "Ctrl+O"),
    MenuEntry("&File", "rescan", "&Rescan folders", "F5"),  # Ctrl+R is Review's
    MenuEntry("&File", "import_xmp", "&Import names from XMP…", ""),  # rare: the menu, no key
    MenuEntry("&File", "export_xmp", "&Export names to XMP…", ""),
    MenuEntry("&File", "quit", "&Quit", "Ctrl+Q"),
    MenuEntry("&Edit", "undo", "&Undo", "Ctrl+Z"),
    MenuEntry("&Edit", "redo", "&Redo", "Ctrl+Shift+Z"),
    MenuEntry("&Edit", "find", "&Find people", "Ctrl+F"),
    MenuEntry("&Edit", "rename", "&Rename person", "F2"),
    MenuEntry("&Edit", "hide", "&Hide / unhide people", "Delete"),
    MenuEntry("&Edit", "review", "Re&view faces", "Ctrl+R"),
    MenuEntry("&Edit", "settings", "&Settings…", "Ctrl+,"),
)


def shortcut(
    owner: QWidget, keys: str | QKeySequence.StandardKey, slot: Callable[[], object], text: str = ""
) -> QAction:
    """An action on ``owner`` that fires on ``keys`` anywhere in the window (also with the menu bar hidden)."""
    action = QAction(text, owner)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    owner.addAction(action)
    return action


def install_menus(window: QMainWindow, slots: Mapping[str, Callable[[], object]]) -> dict[str, QAction]:
    """The menus of ``ENTRIES`` before the Help menu, each action bound to ``slots[name]``; actions by name."""
    bar = window.menuBar()
    menus = {}
    actions = {}
    for entry in ENTRIES:
        if entry.menu not in menus:
            menus[entry.menu] = bar.addMenu(entry.menu)
        actions[entry.name] = shortcut(window, entry.keys, slots[entry.name], entry.text)
        actions[entry.name].setIcon(icon(entry.name))
        menus[entry.menu].addAction(actions[entry.name])
    # the Help menu already exists: keep it last
    for a in [a for a in bar.actions() if a.menu() is not None and a.text() == "&Help"]:
        bar.removeAction(a)
        bar.addAction(a)
    return actions
