"""The window's menus and keyboard shortcuts, declared once as a table (menu, name, text, keys) and bound to
the slots the window hands in, so this module knows nothing of the window's insides."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from .i18n import QT_TRANSLATE_NOOP
from .settings.theme import set_icon


@dataclass(frozen=True)
class MenuEntry:
    menu: str  # "&File", "&Edit": the menu bar's title
    name: str  # the slot's key, and the action's name for tests
    text: str
    keys: str  # "" for none


ENTRIES = (
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&File"),
        "open_library",
        QT_TRANSLATE_NOOP("MainWindow", "&Open library…"),
        "Ctrl+Shift+O",
    ),
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&File"),
        "add_folder",
        QT_TRANSLATE_NOOP("MainWindow", "&Add folder…"),
        "Ctrl+O",
    ),
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&File"), "rescan", QT_TRANSLATE_NOOP("MainWindow", "&Rescan folders"), "F5"
    ),  # Ctrl+R is Review's
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&File"),
        "import_xmp",
        QT_TRANSLATE_NOOP("MainWindow", "&Import names from XMP…"),
        "",
    ),  # rare: the menu, no key
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&File"),
        "export_xmp",
        QT_TRANSLATE_NOOP("MainWindow", "&Export names to XMP…"),
        "",
    ),
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&File"), "camera", QT_TRANSLATE_NOOP("MainWindow", "&Camera…"), "Ctrl+Shift+C"
    ),  # the live view: faces named as they appear
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&File"),
        "open_video",
        QT_TRANSLATE_NOOP("MainWindow", "Open &video…"),
        "",
    ),  # the live view on a video file
    MenuEntry(QT_TRANSLATE_NOOP("MainWindow", "&File"), "quit", QT_TRANSLATE_NOOP("MainWindow", "&Quit"), "Ctrl+Q"),
    MenuEntry(QT_TRANSLATE_NOOP("MainWindow", "&Edit"), "undo", QT_TRANSLATE_NOOP("MainWindow", "&Undo"), "Ctrl+Z"),
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&Edit"), "redo", QT_TRANSLATE_NOOP("MainWindow", "&Redo"), "Ctrl+Shift+Z"
    ),
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&Edit"), "find", QT_TRANSLATE_NOOP("MainWindow", "&Find people"), "Ctrl+F"
    ),
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&Edit"), "rename", QT_TRANSLATE_NOOP("MainWindow", "&Rename person"), "F2"
    ),
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&Edit"),
        "hide",
        QT_TRANSLATE_NOOP("MainWindow", "&Hide / unhide people"),
        "Delete",
    ),
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&Edit"), "review", QT_TRANSLATE_NOOP("MainWindow", "Re&view faces"), "Ctrl+R"
    ),
    MenuEntry(
        QT_TRANSLATE_NOOP("MainWindow", "&Edit"), "settings", QT_TRANSLATE_NOOP("MainWindow", "&Settings…"), "Ctrl+,"
    ),
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
            menus[entry.menu] = bar.addMenu(QCoreApplication.translate("MainWindow", entry.menu))
        text = QCoreApplication.translate("MainWindow", entry.text)
        actions[entry.name] = shortcut(window, entry.keys, slots[entry.name], text)
        set_icon(actions[entry.name], entry.name)
        menus[entry.menu].addAction(actions[entry.name])
    # the Help menu already exists: keep it last
    for a in [
        a
        for a in bar.actions()
        if a.menu() is not None and a.text() == QCoreApplication.translate("MainWindow", "&Help")
    ]:
        bar.removeAction(a)
        bar.addAction(a)
    return actions
