"""The Person view (a person's faces: confirm, reject, split, cover) and editing in the photo viewer
(click a face to name it, draw a box to add a face, zoom), on the session's real library."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt

from faceorganizer.gui.people.person_model import FACE_ID_ROLE, SUGGESTED_ROLE
from faceorganizer.library.catalog import Catalog


def busiest_person(library) -> int:
    with Catalog.open(library) as cat:
        return max(cat.people(), key=lambda p: (p.face_count, -p.id)).id


def open_person(qtbot, window, person_id: int):
    view = window.person_view
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        window.open_person(person_id)
    assert window.stack.currentWidget() is view
    return view


def select(view, rows) -> None:
    sel = view.grid.selectionModel()
    sel.clearSelection()
    for row in rows:
        sel.select(view.model.index(row), sel.SelectionFlag.Select)


def test_activating_a_person_opens_their_faces_most_similar_first(qtbot, window, library):
    pid = busiest_person(library)
    row = next(r for r in range(window.people_model.rowCount()) if window.people_model.person(r).id == pid)
    with qtbot.waitSignal(window.person_view.model.loaded, timeout=10_000):
        window.people_view.grid.activated.emit(window.people_view.proxy.index(row, 0))
    view = window.person_view
    assert window.stack.currentWidget() is view
    with Catalog.open(library) as cat:
        expected = cat.person(pid).face_count
        stored = {f.id for f in cat.faces_of_person(pid)}
    assert view.model.rowCount() == expected >= 3
    assert {view.model.index(r).data(FACE_ID_ROLE) for r in range(expected)} == stored
    distances = [r.distance for r in view.model.rows]
    assert distances == sorted(distances)
    assert view.model.index(0).data(Qt.ItemDataRole.DisplayRole).endswith(".jpg")
    assert view.model.rows[0].photo_path in view.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    # the grid asks for the crops it shows; they are made on worker threads and cached
    qtbot.waitUntil(lambda: all(view.model.cache.get(r.face.id) for r in view.model.rows), timeout=10_000)
    view.back_button.click()
    assert window.stack.currentWidget() is window.people_view


def test_one_click_confirm_of_a_suggested_face(qtbot, window, library):
    pid = busiest_person(library)
    with Catalog.open(library) as cat:
        face_id = cat.faces_of_person(pid)[-1].id
        cat.assign_faces([face_id], pid, state="suggested")
    view = open_person(qtbot, window, pid)
    row = next(r for r in range(view.model.rowCount()) if view.model.index(r).data(FACE_ID_ROLE) == face_id)
    assert view.model.index(row).data(SUGGESTED_ROLE) and "1 suggested" in view.title.text()
    rect = view.grid.visualRect(view.model.index(row))
    badge = view.delegate.badge_rect(rect).center()
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=badge)
    with Catalog.open(library) as cat:
        assert cat.face(face_id).state == "confirmed" and cat.face(face_id).person_id == pid
        assert [d.face_id for d in cat.decisions(kind="confirm")] == [face_id]
    assert not any(view.model.index(r).data(SUGGESTED_ROLE) for r in range(view.model.rowCount()))


def test_reject_split_and_cover(qtbot, window, library):
    pid = busiest_person(library)
    view = open_person(qtbot, window, pid)
    n = view.model.rowCount()
    rejected = view.model.index(n - 1).data(FACE_ID_ROLE)
    select(view, [n - 1])
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        view.reject_button.click()
    assert view.model.rowCount() == n - 1
    moved = view.model.index(view.model.rowCount() - 1).data(FACE_ID_ROLE)
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        view.move_faces([moved], None)  # "Move to… > New person"
    cover = view.model.index(0).data(FACE_ID_ROLE)
    select(view, [0])
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        view.cover_button.click()
    assert view.model.rowCount() == n - 2
    with Catalog.open(library) as cat:
        face = cat.face(rejected)
        assert face.person_id != pid and [d.person_id for d in cat.decisions(kind="reject", face_id=rejected)] == [pid]
        split = cat.face(moved)
        assert split.person_id not in (None, pid) and split.state == "confirmed"
        assert cat.person(split.person_id).face_count == 1
        assert cat.person(pid).cover_face_id == cover


def test_move_menu_offers_new_person_and_the_others(qtbot, window, library):
    view = open_person(qtbot, window, busiest_person(library))
    select(view, [0])
    view._fill_move_menu()
    texts = []
    for action in view.move_menu.actions():
        sub = action.menu()
        texts += [a.text() for a in sub.actions()] if sub is not None else [action.text()] if action.text() else []
    # every other person once, told apart (unnamed people in a submenu, by number and size)
    assert texts[0] == "New person" and len(texts) == window.people_model.rowCount()
    assert len(set(texts)) == len(texts) and "Unnamed" not in texts


def show_busiest_photo(qtbot, window):
    photo_id = window.library.busiest_photo()
    window.nav.setCurrentRow(1)
    with qtbot.waitSignal(window.photo_view.loaded, timeout=20_000):
        window.photo_view.show_photo(photo_id)
    return window.photo_view, photo_id


def widget_point(canvas, x: float, y: float) -> QPoint:
    target = canvas.image_rect()
    s = canvas.scale_to_image * target.width() / canvas.image.width()
    return QPoint(round(target.x() + x * s), round(target.y() + y * s))


def test_click_a_face_to_name_it(qtbot, window, library):
    view, _ = show_busiest_photo(qtbot, window)
    face = view.canvas.photo.faces[0]
    centre = widget_point(view.canvas, face.box.x + face.box.width / 2, face.box.y + face.box.height / 2)
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=centre)
    assert view.popup.isVisible()
    view.popup.edit.setText("Leonard")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(view.popup.edit, Qt.Key.Key_Return)
    assert not view.popup.isVisible() and view.canvas.photo.names[face.id] == "Leonard"
    with Catalog.open(library) as cat:
        named = cat.face(face.id)
        assert cat.person(named.person_id).name == "Leonard" and named.state == "confirmed"


def test_draw_a_box_to_add_a_manual_face_and_zoom(qtbot, window, library):
    view, photo_id = show_busiest_photo(qtbot, window)
    canvas = view.canvas
    before = len(canvas.photo.faces)
    start, end = widget_point(canvas, 10, 10), widget_point(canvas, 90, 110)
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, shift, start)
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, shift, end)
    assert view.popup.isVisible()
    view.popup.edit.setText("Stuart")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(view.popup.edit, Qt.Key.Key_Return)
    assert len(canvas.photo.faces) == before + 1
    with Catalog.open(library) as cat:
        manual = [f for f in cat.faces_of_photo(photo_id) if f.source == "manual"]
        assert len(manual) == 1 and manual[0].state == "confirmed"
        assert cat.person(manual[0].person_id).name == "Stuart"
        box = manual[0].box
        assert abs(box.x - 10) < 3 and abs(box.width - 80) < 3 and abs(box.height - 100) < 3
    # zoom keeps the point under the cursor in place; Ctrl+0 fits again
    at = QPointF(widget_point(canvas, 200, 150))
    spot = canvas.to_photo(at)
    canvas.zoom_by(2.0, at)
    assert canvas.zoom == 2.0 and abs(canvas.to_photo(at).x() - spot.x()) < 1e-6
    canvas.reset_view()
    assert canvas.zoom == 1.0


def test_person_screenshot_is_1280x800(library, tmp_path):
    from PIL import Image

    from faceorganizer.cli import main

    out = tmp_path / "person.png"
    assert main(["gui", "--library", str(library), "--screenshot", str(out), "--view", "person"]) == 0
    with Image.open(out) as im:
        assert im.size == (1280, 800)


def test_similarity_is_measured_to_the_confirmed_faces(library):
    from faceorganizer.library.people import People
    from faceorganizer.library.people.browse import person_faces

    pid = busiest_person(library)
    with Catalog.open(library) as cat:
        before = person_faces(cat, pid)
        last = before[-1].face.id  # the least typical face
        People(cat).confirm([last])
        after = person_faces(cat, pid)
    assert len(after) == len(before) and after[0].face.id == last and after[0].distance == 0.0
    assert all(a.distance <= b.distance for a, b in zip(after, after[1:]))
