"""Issue 14, menus: File > Rescan folders (F5), Add folder starting in the Pictures folder, Remove folder only
with a folder selected, a Settings note in plain words, and an About box that helps instead of listing files."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_rescan_folders_scans_every_folder_on_f5(app_window, monkeypatch: pytest.MonkeyPatch):
    action = app_window.shortcut_actions["rescan"]
    assert action.shortcut().toString() == "F5" and "Rescan folders" in action.text().replace("&", "")
    calls: list[tuple] = []
    monkeypatch.setattr(app_window.scans, "start", lambda *a, **k: calls.append((a, k)) or True)
    action.trigger()
    assert calls == [((), {})]  # no folders named: all of the library's


def test_add_folder_opens_in_the_pictures_folder(app_window, monkeypatch: pytest.MonkeyPatch):
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def chooser(_parent, _caption, folder="", *_rest, **_kw):
        asked.append(folder)
        return ""  # the user cancels

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", chooser)
    app_window.shortcut_actions["add_folder"].trigger()
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    expected = pictures if pictures and Path(pictures).is_dir() else str(Path.home())
    assert asked == [expected]


def test_remove_folder_is_enabled_only_with_a_folder_selected(qtbot, app_window):
    qtbot.waitUntil(lambda: app_window.refreshed and app_window.folders.count() == 1, timeout=10_000)
    app_window.folders.clearSelection()
    app_window.folders.setCurrentRow(-1)
    assert not app_window.remove_button.isEnabled()
    app_window.folders.setCurrentRow(0)
    assert app_window.remove_button.isEnabled()
    app_window.refresh()  # the list is rebuilt: nothing selected any more
    qtbot.waitUntil(lambda: not app_window.remove_button.isEnabled(), timeout=10_000)


def test_settings_note_says_how_to_apply_the_changes(qtbot):
    from PySide6.QtWidgets import QLabel

    from faceorganizer.gui.settings import Settings, SettingsDialog

    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "next scan" not in texts
    assert "File > Rescan folders" in texts


def test_about_tells_what_to_do_not_which_files_ship(app_window):
    import faceorganizer
    from faceorganizer.gui.about import about_text

    text = about_text()
    assert ".onnx" not in text and "convert" not in text.lower() and "MODELS.md" not in text
    for hint in ("Add folder", "F2", "Enter", "Ctrl+R", "Ctrl+Z", "Shift"):
        assert hint in text, hint
    assert f"faceorganizer {faceorganizer.__version__}" in text and "MIT" in text
