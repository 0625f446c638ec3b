"""Issue 14.3, the command line's powers in the app: File > Import names from XMP / Export names to XMP over the
whole library (on the write thread, then counts in the status bar and failures listed), File > Open library
(Ctrl+Shift+O; a file that is not a library is refused, a good one reopens the window on it), and the setting
that reads other tools' XMP names as photos are added."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.metadata import export_xmp


def _window(qtbot, path: Path):
    """The app's window on the library at ``path``, shown, its folders read."""
    from faceorganizer.gui.app import build_window

    win = build_window(path)
    qtbot.addWidget(win)
    win.resize(900, 600)
    win.show()
    qtbot.waitUntil(lambda: win.refreshed, timeout=10_000)
    return win


def _tagged_library(xmp_libraries, name: str = "lib") -> Path:
    """A closed catalog over a.jpg and b.jpg: a has Amy (confirmed) and Raj (auto), b has Raj (confirmed)."""
    lib = xmp_libraries.build(name)
    xmp_libraries.tag(lib)
    lib.catalog.close()
    return xmp_libraries.tmp_path / f"{name}.sqlite"


def _warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the message boxes ``QMessageBox.warning`` would have shown."""
    shown: list[str] = []

    def warning(_parent, _title, text, *_rest, **_kw):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


def _answer(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    """``QMessageBox.question`` answers ``answer``; the questions asked."""
    asked: list[str] = []

    def question(_parent, _title, text, *_rest, **_kw):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _status(win) -> str:
    return win.statusBar().currentMessage()


# -- File > Export names to XMP ------------------------------------------------------------------


def test_export_asks_first_then_writes_sidecars_and_says_how_many(qtbot, xmp_libraries, monkeypatch):
    path = _tagged_library(xmp_libraries)
    folder = xmp_libraries.tmp_path / "photos"
    photos = {p: p.read_bytes() for p in folder.glob("*.jpg")}
    win = _window(qtbot, path)
    action = win.shortcut_actions["export_xmp"]
    assert action.text().replace("&", "") == "Export names to XMP…"

    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    action.trigger()
    assert len(asked) == 1 and "photo.jpg.xmp" in asked[0] and "never modified" in asked[0]
    assert not list(folder.glob("*.xmp"))  # cancelled: nothing written

    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    shown = _warnings(monkeypatch)
    action.trigger()
    qtbot.waitUntil(lambda: _status(win).startswith("Wrote"), timeout=10_000)
    assert _status(win) == "Wrote 2 XMP sidecars"
    assert not shown  # no errors: no message box
    a, b = (folder / "a.jpg.xmp").read_text(), (folder / "b.jpg.xmp").read_text()
    assert "Amy" in a and "Raj" in a and "Raj" in b
    assert {p: p.read_bytes() for p in folder.glob("*.jpg")} == photos  # photos are never modified
    assert action.isEnabled()


def test_export_lists_the_photos_that_failed(qtbot, xmp_libraries, monkeypatch):
    path = _tagged_library(xmp_libraries)
    (xmp_libraries.tmp_path / "photos" / "b.jpg").unlink()  # gone since it was indexed
    win = _window(qtbot, path)
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    shown = _warnings(monkeypatch)
    win.shortcut_actions["export_xmp"].trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert _status(win) == "Wrote 1 XMP sidecar, 1 error"
    assert len(shown) == 1 and "1 photo got no sidecar" in shown[0]
    line = shown[0].splitlines()[-1]
    assert line.startswith(str(xmp_libraries.tmp_path / "photos" / "b.jpg") + ": ") and "gone" in line


# -- File > Import names from XMP ------------------------------------------------------------------


def test_import_reads_the_names_tagged_in_xmp_and_the_views_reload(qtbot, xmp_libraries, monkeypatch):
    tagged = xmp_libraries.build("tagged")
    xmp_libraries.tag(tagged)
    assert export_xmp(tagged.catalog).written == 2  # another library (another tool) tagged the photos
    tagged.catalog.close()
    plain = xmp_libraries.build("plain")  # the same photos, nobody named
    faces = plain.faces
    plain.catalog.close()
    path = xmp_libraries.tmp_path / "plain.sqlite"
    win = _window(qtbot, path)
    action = win.shortcut_actions["import_xmp"]
    assert action.text().replace("&", "") == "Import names from XMP…"
    shown = _warnings(monkeypatch)
    with qtbot.waitSignal(win.library.changed, timeout=10_000):  # a write: the views reload after it
        action.trigger()
    qtbot.waitUntil(lambda: _status(win).startswith("Read names"), timeout=10_000)
    assert _status(win) == "Read names from XMP: 3 faces named in 2 photos, 2 new people"
    assert not shown
    with Catalog.open(path, read_only=True) as cat:

        def name(face_id: int) -> str | None:
            face = cat.face(face_id)
            person = cat.person(face.person_id) if face and face.person_id else None
            return person.name if person else None

        assert [name(f) for f in faces["a.jpg"][:2]] == ["Amy", "Raj"]
        assert name(faces["b.jpg"][0]) == "Raj"
    qtbot.waitUntil(lambda: {"Amy", "Raj"} <= {p.name for p in win._people_items()}, timeout=10_000)

    action.trigger()  # again: nothing new
    qtbot.waitUntil(lambda: "named already" in _status(win), timeout=10_000)
    assert _status(win) == "Read names from XMP: 0 faces named in 2 photos, 3 named already"


# -- File > Open library -------------------------------------------------------------------------


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path | str) -> list[str]:
    """``QFileDialog.getOpenFileName`` picks ``path``; the filters it was offered."""
    filters: list[str] = []

    def chooser(_parent, _caption, _folder="", filter="", *_rest, **_kw):  # noqa: A002 (Qt's name)
        filters.append(filter)
        return str(path), "faceorganizer library (*.sqlite)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", chooser)
    return filters


def test_open_library_refuses_a_file_that_is_not_a_library(qtbot, xmp_libraries, monkeypatch, tmp_path):
    win = _window(qtbot, _tagged_library(xmp_libraries))
    action = win.shortcut_actions["open_library"]
    assert action.shortcut().toString() == "Ctrl+Shift+O" and "Open library" in action.text().replace("&", "")
    notes = tmp_path / "notes.sqlite"
    notes.write_text("my shopping list\n")
    filters = _choose(monkeypatch, notes)
    shown = _warnings(monkeypatch)
    chosen: list[str] = []
    win.library_chosen.connect(chosen.append)
    action.trigger()
    assert filters == ["faceorganizer library (*.sqlite);;All files (*)"]
    assert len(shown) == 1 and "not a faceorganizer library" in shown[0] and str(notes) in shown[0]
    assert notes.read_text() == "my shopping list\n" and sorted(tmp_path.glob("notes*")) == [notes]  # untouched
    assert not chosen and win.isVisible()


def test_open_library_reopens_the_window_on_the_chosen_library(qtbot, xmp_libraries, monkeypatch):
    from faceorganizer.gui.app import start_watching
    from faceorganizer.gui.main_window import MainWindow

    first = _window(qtbot, _tagged_library(xmp_libraries, "first"))
    second_path = _tagged_library(xmp_libraries, "second")
    first.resize(840, 560)
    size = first.size()
    watching = start_watching(first)
    shut: list[str] = []
    runner_shutdown, scans_wait = first.library.runner.shutdown, first.scans.wait
    monkeypatch.setattr(first.library.runner, "shutdown", lambda *a: shut.append("runner") or runner_shutdown(*a))
    monkeypatch.setattr(first.scans, "wait", lambda *a: shut.append("scans") or scans_wait(*a))
    _choose(monkeypatch, second_path)
    first.shortcut_actions["open_library"].trigger()

    def opened() -> list[MainWindow]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]

    qtbot.waitUntil(lambda: len(opened()) == 1 and opened()[0] is not first, timeout=10_000)
    second = opened()[0]
    qtbot.addWidget(second)
    assert second.library.path == second_path.resolve() or second.library.path == second_path
    assert "second.sqlite" in second.windowTitle()
    assert second.size() == size
    assert not first.isVisible() and shut == ["scans", "runner"]  # the old window's scan and threads stopped
    assert not watching._started  # and its folder watching
    qtbot.waitUntil(lambda: second.refreshed and second.folders.count() == 1, timeout=10_000)
    second.close()


# -- Settings: read names from XMP when photos are added -------------------------------------------


def test_reading_xmp_names_is_on_by_default_and_the_setting_turns_it_off(qtbot, app_window, monkeypatch):
    from faceorganizer.gui.settings import Settings, SettingsDialog

    assert Settings().index_options().read_xmp is True
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.read_xmp.isChecked()
    assert dialog.read_xmp.text() == "Read names from XMP tags (digiKam, Lightroom, Picasa) when photos are added"

    def uncheck(d: SettingsDialog) -> QDialog.DialogCode:
        d.read_xmp.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", uncheck)
    app_window.shortcut_actions["settings"].trigger()
    assert app_window.settings.index_options().read_xmp is False
    assert app_window.scans.options.read_xmp is False  # the next scan
    loaded = Settings.load()  # stored with the other settings
    assert loaded.read_xmp is False and loaded.index_options().read_xmp is False
    assert SettingsDialog(loaded).read_xmp.isChecked() is False
