"""Correcting people without surprises: the merge question says what happens and shows the faces, the move
menu tells unnamed people apart, confirming a face leaves the grid where it was, and the app says "Unnamed"
everywhere (no detection score dressed up as a recognition certainty)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from faceorganizer.geometry import Box
from faceorganizer.gui.photos.overlay import face_label
from faceorganizer.library.catalog import Catalog, Face


def _face(state: str = "auto", score: float | None = 0.99) -> Face:
    return Face(id=1, photo_id=1, box=Box(0, 0, 10, 10), score=score, landmarks=None, descriptor=None,
                expressions=None, expression=None, age=None, gender=None, gender_probability=None, quality=None,
                person_id=None, state=state, source="detector", created_at=0.0)  # fmt: skip


def test_the_box_label_is_the_name_or_unnamed_without_the_detection_score():
    assert face_label(_face(), None) == "Unnamed"
    assert face_label(_face(), "Ann") == "Ann"
    assert face_label(_face("suggested"), "Ann") == "Ann?"
    assert "0.99" not in face_label(_face(), "Ann")


def test_merging_unnamed_people_asks_a_question_that_makes_sense_and_shows_their_faces(qtbot, app_window, monkeypatch):
    view, model = app_window.people_view, app_window.people_model
    asked: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box) or QMessageBox.StandardButton.Cancel)
    sel = view.grid.selectionModel()
    for row in (0, 1):
        sel.select(view.proxy.index(row, 0), sel.SelectionFlag.Select)
    view.merge_selected()
    (box,) = asked
    text = box.text() + " " + box.informativeText()
    assert "into Unnamed" not in text and "Unnamed's" not in text
    assert "2 unnamed people" in text and "9 faces" in text  # 5 + 4
    assert not box.iconPixmap().isNull() and box.iconPixmap().width() > box.iconPixmap().height()  # two faces
    assert model.rowCount() == 4  # cancelled: nothing merged


def test_merging_into_a_named_person_says_whose_faces_they_become(qtbot, app_window, monkeypatch, unnamed_library):
    view, model = app_window.people_view, app_window.people_model
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.setData(model.index(1), "Ann")
    asked: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box) or QMessageBox.StandardButton.Yes)
    sel = view.grid.selectionModel()
    sel.clearSelection()
    for row in range(model.rowCount()):
        if model.person(row).face_count in (4, 3):
            sel.select(view.proxy.index(row, 0), sel.SelectionFlag.Select)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        view.merge_selected()
    (box,) = asked
    assert "into Ann" in box.text() and "7 faces become Ann's" in box.informativeText()
    with Catalog.open(unnamed_library, read_only=True) as cat:
        assert sorted((p.name, p.face_count) for p in cat.people() if p.name) == [("Ann", 7)]


def test_confirming_a_face_keeps_the_faces_in_their_places(qtbot, app_window):
    app_window.open_person(app_window.people_model.person(0).id)
    pv = app_window.person_view
    qtbot.waitUntil(lambda: len(pv.model.rows) == 5, timeout=10_000)
    order = [r.face.id for r in pv.model.rows]
    # confirming the face farthest from the rest changes the reference the library sorts by
    with qtbot.waitSignal(pv.model.loaded, timeout=10_000):
        pv.confirm([order[-1]])
    assert [r.face.id for r in pv.model.rows] == order
    assert pv.model.rows[-1].face.state == "confirmed"
