"""The window's menus and keyboard shortcuts for the common actions (Ctrl+O add a folder, Ctrl+F search
people, F2 rename, Delete hide the selected people, Ctrl+, settings, Ctrl+Q quit), and the Settings
dialog opened from them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from .settings import Settings
from .settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from .main_window import MainWindow


def _action(window: MainWindow, text: str, keys: str, slot) -> QAction:
    action = QAction(text, window)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work with the menu bar hidden too
    return action


def focus_people_search(window: MainWindow) -> None:
    window.nav.setCurrentRow(0)
    window.show_page(0)  # also when row 0 was current already (e.g. the Person view is showing)
    window.people_view.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.people_view.search.selectAll()


def rename_current_person(window: MainWindow) -> None:
    grid = window.people_view.grid
    if window.stack.currentWidget() is window.people_view and grid.currentIndex().isValid():
        grid.edit(grid.currentIndex())


def hide_selected_people(window: MainWindow) -> None:
    if window.stack.currentWidget() is window.people_view and window.people_view.selected():
        window.people_view.toggle_hidden_selected()


def edit_settings(window: MainWindow) -> None:
    """Open the Settings dialog; OK stores the settings and applies them to the next scan."""
    dialog = SettingsDialog(window.settings, window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        window.apply_settings(dialog.result_settings(), store=True)


def install_actions(window: MainWindow) -> dict[str, QAction]:
    """File and Edit menus with their shortcuts; the actions by name (for tests)."""
    file_menu = window.menuBar().addMenu("&File")
    edit_menu = window.menuBar().addMenu("&Edit")
    actions = {
        "add_folder": _action(window, "&Add folder…", "Ctrl+O", window.choose_folder),
        "quit": _action(window, "&Quit", "Ctrl+Q", window.close),
        "find": _action(window, "&Find people", "Ctrl+F", lambda: focus_people_search(window)),
        "rename": _action(window, "&Rename person", "F2", lambda: rename_current_person(window)),
        "hide": _action(window, "&Hide / unhide people", "Delete", lambda: hide_selected_people(window)),
        "settings": _action(window, "&Settings…", "Ctrl+,", lambda: edit_settings(window)),
    }
    for name in ("add_folder", "quit"):
        file_menu.addAction(actions[name])
    for name in ("find", "rename", "hide", "settings"):
        edit_menu.addAction(actions[name])
    # the Help menu already exists: keep File and Edit before it
    bar = window.menuBar()
    help_actions = [a for a in bar.actions() if a.menu() is not None and a.text() == "&Help"]
    for a in help_actions:
        bar.removeAction(a)
        bar.addAction(a)
    return actions


def apply_to_scans(window: MainWindow, settings: Settings) -> None:
    """The next scan indexes and matches with ``settings``."""
    window.scans.options = settings.index_options()
    window.scans.assignment = settings.assignment_params()
