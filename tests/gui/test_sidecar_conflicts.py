"""Every conflict of an XMP sidecar import is listed for the user (not only the first, in the status bar): the
status bar's "Sidecar conflicts (N)" opens a dialog with one row per face (crop, file, the sidecar's name and the
user's), where "Keep my name" dismisses a row and "Use the sidecar's name" moves the face to the person of that
name (created if needed) as an undoable people operation. Conflicts of several imports accumulate, one row per
face, the latest winning; no key but the buttons changes the catalog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from faceorganizer.gui.services import LibraryService
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.metadata.exchange import ImportSummary, XmpConflict
from faceorganizer.library.people import People


@pytest.fixture
def named(unnamed_library) -> dict[str, object]:
    """Ann (the 5 faces' person) and Bob (the 4 faces'), their faces confirmed: the faces an import would find
    "confirmed as someone else"; the face ids and people by name."""
    with Catalog.open(unnamed_library) as cat:
        people = People(cat)
        by_size = sorted(cat.people(), key=lambda p: -p.face_count)
        ann, bob = (people.rename(p.id, name) for p, name in zip(by_size, ("Ann", "Bob")))
        ann_faces = [f.id for f in cat.faces_of_person(ann)]
        bob_faces = [f.id for f in cat.faces_of_person(bob)]
        people.confirm(ann_faces + bob_faces)
    return {"Ann": ann, "Bob": bob, "ann_faces": ann_faces, "bob_faces": bob_faces}


def _person_of(library, face_id: int) -> str | None:
    with Catalog.open(library, read_only=True) as cat:
        face = cat.face(face_id)
        person = cat.person(face.person_id) if face.person_id is not None else None
        return person.name if person is not None else None


def _rows(dialog) -> dict[int, str]:
    from faceorganizer.gui.people.conflicts_dialog import FACE_ROLE

    items = [dialog.list.item(row) for row in range(dialog.list.count())]
    return {int(item.data(FACE_ROLE)): item.text() for item in items}


def _select(dialog, *face_ids: int) -> None:
    from faceorganizer.gui.people.conflicts_dialog import FACE_ROLE

    dialog.list.clearSelection()
    for row in range(dialog.list.count()):
        item = dialog.list.item(row)
        item.setSelected(int(item.data(FACE_ROLE)) in face_ids)


def test_every_conflict_is_listed_and_each_can_be_kept_or_taken_from_the_sidecar(
    qtbot, app_window, unnamed_library, named
):
    from faceorganizer.gui.app import start_watching

    a, b = named["ann_faces"][:2]
    (c,) = named["bob_faces"][:1]
    button, dialog = app_window.conflicts_button, app_window.conflicts_dialog
    assert button.isHidden() and not dialog.pending
    watching = start_watching(app_window)
    try:
        first = ImportSummary(conflicts=2, conflict_list=[XmpConflict("/p/a.jpg", a, "Carl", "Ann"),
                                                          XmpConflict("/p/b.jpg", b, "Zed", "Ann")])  # fmt: skip
        with qtbot.waitSignal(app_window.library.changed, timeout=5_000):
            watching.sidecars_imported.emit(first)  # as the watcher's thread does, through the queued signal
        message = app_window.statusBar().currentMessage()
        assert message.startswith("a.jpg:") and "\u201cCarl\u201d" in message and "2 conflicts in all" in message
        assert button.isVisibleTo(app_window) and button.text() == "Sidecar conflicts (2)"
        # a later import: a new face, and face a again with another name (one row, the latest wins)
        second = ImportSummary(conflicts=2, conflict_list=[XmpConflict("/p/c.jpg", c, "Ann", "Bob"),
                                                           XmpConflict("/p/a.jpg", a, "Bob", "Ann")])  # fmt: skip
        with qtbot.waitSignal(app_window.library.changed, timeout=5_000):
            watching.sidecars_imported.emit(second)
    finally:
        watching.stop()
    assert button.text() == "Sidecar conflicts (3)"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.isModal()
    rows = _rows(dialog)
    assert list(rows) == [a, b, c]
    assert rows[a].splitlines() == ["a.jpg", "In the sidecar: Bob", "Here: Ann"]
    assert rows[c].splitlines() == ["c.jpg", "In the sidecar: Ann", "Here: Bob"]
    assert dialog.list.item(0).toolTip() == "/p/a.jpg"
    qtbot.waitUntil(lambda: {a, b, c} <= set(app_window.people_model.cache._items), timeout=10_000)  # crops made
    assert dialog.list.currentRow() == 0 and dialog.keep_button.isEnabled()  # keyboard-first: on the first row
    dialog.list.clearSelection()
    assert not dialog.keep_button.isEnabled() and not dialog.use_button.isEnabled()  # nothing selected

    # Enter on a row presses no button: the catalog is as it was
    _select(dialog, a)
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert _person_of(unnamed_library, a) == "Ann" and len(_rows(dialog)) == 3

    # Use the sidecar's name: face a moves to Bob (an existing person)
    assert dialog.use_button.isEnabled()
    with qtbot.waitSignal(dialog.pending_changed, timeout=10_000):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert _person_of(unnamed_library, a) == "Bob"
    assert list(_rows(dialog)) == [b, c] and button.text() == "Sidecar conflicts (2)"
    with Catalog.open(unnamed_library, read_only=True) as cat:
        assert cat.face(a).state == "confirmed"
    # ... an ordinary people operation: the app's undo takes it back
    with qtbot.waitSignal(app_window.undo_bar.message, timeout=10_000):
        app_window.undo_bar.undo()
    assert _person_of(unnamed_library, a) == "Ann"

    # Keep my name: the row goes, the catalog is untouched
    _select(dialog, c)
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert list(_rows(dialog)) == [b] and button.text() == "Sidecar conflicts (1)"
    assert _person_of(unnamed_library, c) == "Bob"

    # Use the sidecar's name for a name nobody has: the person is created; none left, the button hides
    _select(dialog, b)
    with qtbot.waitSignal(dialog.pending_changed, timeout=10_000):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert _person_of(unnamed_library, b) == "Zed"
    assert _person_of(unnamed_library, named["ann_faces"][2]) == "Ann"  # only that face moved
    assert not dialog.pending and dialog.list.count() == 0
    assert button.isHidden() and not dialog.isVisible()


def test_delete_dismisses_and_escape_closes_leaving_the_conflicts_pending(qtbot, app_window, unnamed_library, named):
    a, b = named["ann_faces"][:2]
    dialog, button = app_window.conflicts_dialog, app_window.conflicts_button
    dialog.add([XmpConflict("/p/a.jpg", a, "Carl", "Ann"), XmpConflict("/p/b.jpg", b, "Zed", "Ann")])
    dialog.present()
    qtbot.waitExposed(dialog)
    app_window.people_view.grid.selectAll()  # what the main window's Delete would hide
    _select(dialog, b)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert list(_rows(dialog)) == [a] and button.text() == "Sidecar conflicts (1)"
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and [c.face_id for c in dialog.pending] == [a]
    assert button.isVisibleTo(app_window)
    assert _person_of(unnamed_library, a) == "Ann" and _person_of(unnamed_library, b) == "Ann"
    qtbot.wait(200)  # Delete was the dialog's, not the main window's "hide people" shortcut
    with Catalog.open(unnamed_library, read_only=True) as cat:
        assert not any(p.hidden for p in cat.people())
    assert "&Keep my name" == dialog.keep_button.text() and "&Use the sidecar's name" == dialog.use_button.text()


def test_file_import_names_from_xmp_lists_its_conflicts_too(qtbot, app_window, named, monkeypatch):
    a = named["ann_faces"][0]
    summary = ImportSummary(photos=1, regions=1, conflicts=1, conflict_list=[XmpConflict("/p/a.jpg", a, "Eve", "Ann")])
    monkeypatch.setattr(LibraryService, "import_names_from_xmp", lambda self: summary)
    app_window.import_names_from_xmp()
    qtbot.waitUntil(lambda: app_window.conflicts_button.isVisibleTo(app_window), timeout=10_000)
    assert app_window.conflicts_button.text() == "Sidecar conflicts (1)"
    assert [c.in_sidecar for c in app_window.conflicts_dialog.pending] == ["Eve"]
