"""Naming people from the keyboard in the People grid: F2 or Enter names the current person, Enter stores the
name and moves on to the next unnamed person, Esc cancels; the grid keeps its place across the reloads that
every write causes. Runs on a synthetic library (faces in well-separated groups), no reference data needed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from faceorganizer.library.catalog import Catalog


def _editor(grid) -> QLineEdit | None:
    """The name editor open in ``grid``, once it has the focus."""
    focus = QApplication.focusWidget()
    editing = grid.state() == QAbstractItemView.State.EditingState
    return focus if editing and isinstance(focus, QLineEdit) and focus.parent() is grid.viewport() else None


def _name_current(qtbot, win, name: str, key=Qt.Key.Key_F2) -> None:
    grid = win.people_view.grid
    qtbot.keyClick(grid, key)
    qtbot.waitUntil(lambda: _editor(grid) is not None, timeout=3_000)
    editor = _editor(grid)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, name)
    with qtbot.waitSignal(win.people_model.loaded, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def _names(path) -> list[str | None]:
    with Catalog.open(path, read_only=True) as cat:
        return sorted((p.name for p in cat.people()), key=lambda n: (n is None, n or ""))


def test_the_app_opens_on_people_with_the_grid_focused_and_the_first_person_current(app_window, qtbot):
    grid = app_window.people_view.grid
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid, timeout=3_000)
    assert grid.currentIndex().isValid() and grid.currentIndex().row() == 0


def test_f2_name_enter_then_right_three_times_names_three_people(app_window, qtbot, unnamed_library):
    """The user's sequence from the issue: each rename must land on the person under the cursor."""
    grid = app_window.people_view.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))
    for name in ("Leonard", "Raj", "Sheldon"):
        _name_current(qtbot, app_window, name)
        qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert _names(unnamed_library) == ["Leonard", "Raj", "Sheldon", None]


def test_enter_stores_the_name_and_moves_to_the_next_unnamed_person(app_window, qtbot, unnamed_library):
    grid = app_window.people_view.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))
    for name in ("Ann", "Bob", "Cid", "Dee"):  # Enter on an unnamed person starts naming it, too
        _name_current(qtbot, app_window, name, key=Qt.Key.Key_Return)
    assert _names(unnamed_library) == ["Ann", "Bob", "Cid", "Dee"]
    # every face keeps the person it had: names went to four different people
    with Catalog.open(unnamed_library, read_only=True) as cat:
        assert sorted(p.face_count for p in cat.people()) == [2, 3, 4, 5]


def test_escape_cancels_naming(app_window, qtbot, unnamed_library):
    grid = app_window.people_view.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: _editor(grid) is not None, timeout=3_000)
    editor = _editor(grid)
    assert editor is not None
    qtbot.keyClicks(editor, "Nobody")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.wait(200)
    assert _names(unnamed_library) == [None, None, None, None]
    assert grid.currentIndex().row() == 0


def test_what_is_typed_survives_covers_arriving_and_reloads(app_window, qtbot, unnamed_library):
    """A cover crop arriving (dataChanged) or a reload during a scan (model reset) must not wipe or close the
    editor the user is typing in."""
    grid, model = app_window.people_view.grid, app_window.people_model
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))
    first = app_window.people_view.current_person_id()
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: _editor(grid) is not None, timeout=3_000)
    editor = _editor(grid)
    assert editor is not None
    qtbot.keyClicks(editor, "Ann")
    model.dataChanged.emit(model.index(0), model.index(model.rowCount() - 1))
    task = model.reload()
    qtbot.waitUntil(task.finished.is_set, timeout=5_000)
    qtbot.wait(200)  # its result is delivered to the UI thread
    assert _editor(grid) is editor and editor.text() == "Ann"
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert model.person(model.row_of(first)).name == "Ann"  # the reload held back did not bring back None
    with Catalog.open(unnamed_library, read_only=True) as cat:
        assert cat.person(first).name == "Ann"


def test_each_action_is_confirmed_with_undo_and_ctrl_z_undoes_ctrl_shift_z_redoes(app_window, qtbot, unnamed_library):
    grid, model, bar = app_window.people_view.grid, app_window.people_model, app_window.undo_bar
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))
    first = app_window.people_view.current_person_id()
    _name_current(qtbot, app_window, "Ann")
    qtbot.waitUntil(lambda: bar.isVisible() and bar.label.text() == "Name Ann", timeout=5_000)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _names(unnamed_library) == [None] * 4, timeout=5_000)
    assert "Undone: Name Ann" in app_window.statusBar().currentMessage()
    redo = app_window.shortcut_actions["redo"]
    assert redo.shortcut().toString() == "Ctrl+Shift+Z"
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        redo.trigger()
    qtbot.waitUntil(lambda: _names(unnamed_library) == ["Ann", None, None, None], timeout=5_000)
    undo = app_window.shortcut_actions["undo"]
    assert undo.shortcut().toString() == "Ctrl+Z"
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        undo.trigger()
    qtbot.waitUntil(lambda: _names(unnamed_library) == [None] * 4, timeout=5_000)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        undo.trigger()  # nothing left: said so, nothing breaks
    qtbot.waitUntil(lambda: "nothing to undo" in app_window.statusBar().currentMessage(), timeout=5_000)
    assert model.person(model.row_of(first)).name is None


def test_a_name_in_use_asks_before_merging(app_window, qtbot, unnamed_library, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    grid = app_window.people_view.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))
    _name_current(qtbot, app_window, "Ann")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or answers.pop(0))
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: _editor(grid) is not None, timeout=3_000)
    qtbot.keyClicks(_editor(grid), "ann")
    qtbot.keyClick(_editor(grid), Qt.Key.Key_Return)  # cancelled: nothing stored
    qtbot.wait(300)
    assert asked == ["Ann already exists."] and _names(unnamed_library) == ["Ann", None, None, None]
    app_window.activateWindow()  # as closing the real dialog would (the patched one never opened)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid, timeout=3_000)  # the keys still go to the grid
    _name_current(qtbot, app_window, "ann")  # merged this time
    assert len(asked) == 2
    qtbot.waitUntil(lambda: _names(unnamed_library) == ["Ann", None, None], timeout=5_000)


def test_a_name_in_use_can_make_another_person_of_that_name(app_window, qtbot, unnamed_library, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    grid = app_window.people_view.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))
    _name_current(qtbot, app_window, "Ann")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.No)  # "a new person also..."
    _name_current(qtbot, app_window, "ann")
    qtbot.waitUntil(lambda: _names(unnamed_library) == ["Ann", "Ann", None, None], timeout=5_000)


def _answer_dialog(monkeypatch, text: str) -> list[str]:
    """Let the next name dialogs answer ``text``; returns the titles they were shown with."""
    from PySide6.QtWidgets import QDialog, QInputDialog

    titles: list[str] = []

    def run(dialog):
        titles.append(dialog.windowTitle())
        dialog.setTextValue(text)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", run)
    return titles


def test_f2_with_several_people_selected_names_them_as_one(app_window, qtbot, unnamed_library, monkeypatch):
    view, model = app_window.people_view, app_window.people_model
    titles = _answer_dialog(monkeypatch, "  Zoe  ")
    selection = view.grid.selectionModel()
    selection.clearSelection()
    for row in (1, 2):
        selection.select(view.proxy.index(row, 0), selection.SelectionFlag.Select)
    faces = sum(p.face_count for p in view.selected())
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        app_window.shortcut_actions["rename"].trigger()  # F2
    assert titles == ["Name these 2 people"]
    qtbot.waitUntil(lambda: _names(unnamed_library) == ["Zoe", None, None], timeout=5_000)
    with Catalog.open(unnamed_library, read_only=True) as cat:
        assert next(p for p in cat.people() if p.name == "Zoe").face_count == faces


def test_several_faces_of_a_person_named_at_once_move_to_that_person(app_window, qtbot, unnamed_library,
                                                                     monkeypatch):  # fmt: skip
    titles = _answer_dialog(monkeypatch, "Yan")
    first = app_window.people_model.person(0)
    app_window.open_person(first.id)
    pv = app_window.person_view
    qtbot.waitUntil(lambda: len(pv.model.rows) == first.face_count, timeout=10_000)
    selection = pv.grid.selectionModel()
    for row in (0, 1):
        selection.select(pv.model.index(row), selection.SelectionFlag.Select)
    chosen = pv.selected_faces()
    app_window.shortcut_actions["rename"].trigger()  # F2 in a person's view names the selected faces
    assert titles == ["Who are these 2 faces?"]
    qtbot.waitUntil(lambda: "Yan" in _names(unnamed_library), timeout=5_000)
    with Catalog.open(unnamed_library, read_only=True) as cat:
        yan = next(p for p in cat.people() if p.name == "Yan")
        assert {cat.face(f).person_id for f in chosen} == {yan.id} and yan.face_count == 2
        assert cat.person(first.id).face_count == first.face_count - 2
