"""Review mode in the app: Ctrl+R (or the sidebar's Review) asks the library's open questions one at a time;
Y / N / S / X / a name answer each, stored at once, the next question shown straight away and nothing
re-sorted under the user's eyes. A synthetic library, no reference data needed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.people import People


@pytest.fixture
def review_library(tmp_path, add_faces):
    """Ann (named, 4 faces) with 3 children's faces suggested as her; unnamed people of 4 and 3 faces; a face
    seen once."""
    path = tmp_path / "library.sqlite"
    with Catalog.open(path) as cat:
        cat.add_root(tmp_path)
        ids = add_faces(cat, tmp_path, [0] * 4 + [1] * 4 + [2] * 3)
        people = People(cat)
        people.recluster()
        people.rename(cat.face(ids[0]).person_id, "Ann")
        add_faces(cat, tmp_path, [0, 0, 0], start=20, age=5.0)
        add_faces(cat, tmp_path, [3], start=30)
        people.update()
    return path


@pytest.fixture
def review(qtbot, review_library):
    from faceorganizer.gui.app import build_window

    win = build_window(review_library)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    with qtbot.waitSignal(win.people_model.loaded, timeout=20_000):
        win.show()
    win.activateWindow()
    win.shortcut_actions["review"].trigger()  # Ctrl+R
    view = win.review_view
    qtbot.waitUntil(lambda: win.stack.currentWidget() is view and view.current is not None, timeout=10_000)
    yield win, view
    win.close()


def _catalog(path):
    return Catalog.open(path, read_only=True)


def _settle(qtbot, win) -> None:
    """Wait for every write and read the answers caused."""
    qtbot.waitUntil(lambda: win.library.runner.wait(0), timeout=10_000)
    QApplication.processEvents()


def test_ctrl_r_opens_review_on_the_first_suggestion_with_the_keys_going_to_it(review, qtbot):
    win, view = review
    assert win.stack.currentWidget() is view
    assert view.title.text() == "Is this Ann?"
    assert QApplication.focusWidget() is view
    assert [q.kind for q in view.queue] == ["suggestion"] * 3 + ["person", "person", "strangers"]
    assert "Y yes" in view.hints.text()


def test_y_n_s_answer_suggestions_at_once_and_the_next_shows_before_the_write(review, qtbot, review_library):
    win, view = review
    first, second, third = (q.faces[0].face_id for q in view.queue[:3])
    queue = list(view.queue)
    qtbot.keyClick(view, Qt.Key.Key_Y)
    assert view.at == 1  # shown now, whatever the write thread is doing
    qtbot.keyClick(view, Qt.Key.Key_N)
    qtbot.keyClick(view, Qt.Key.Key_S)
    assert view.at == 3 and view.current is not None and view.current.kind == "person"
    _settle(qtbot, win)
    assert view.queue == queue  # the writes' reloads did not re-sort the queue under the cursor
    with _catalog(review_library) as cat:
        ann = next(p.id for p in cat.people() if p.name == "Ann")
        assert (cat.face(first).person_id, cat.face(first).state) == (ann, "confirmed")
        assert cat.face(second).person_id != ann  # No
        assert (cat.face(third).person_id, cat.face(third).state) == (ann, "suggested")  # Skip stores nothing
        assert [d.kind for d in cat.decisions(face_id=second)] == ["reject"]


def test_typing_a_name_names_the_unnamed_person_and_x_hides_a_stranger(review, qtbot, review_library):
    win, view = review
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_S)
    person = view.current
    assert person is not None and person.kind == "person" and view.title.text() == "Who is this?"
    qtbot.keyClicks(view, "B")  # a letter starts the name
    assert view.name_edit.isVisible() and view.name_edit.text() == "B"
    qtbot.keyClicks(view.name_edit, "ea")
    qtbot.keyClick(view.name_edit, Qt.Key.Key_Return)
    nxt = view.current
    assert nxt is not None and nxt.kind == "person" and nxt.person_id != person.person_id
    assert QApplication.focusWidget() is view  # back to single keys
    qtbot.keyClick(view, Qt.Key.Key_X)
    _settle(qtbot, win)
    with _catalog(review_library) as cat:
        assert cat.person(person.person_id).name == "Bea"
        assert cat.person(nxt.person_id).hidden


def test_f2_then_a_name_starting_with_an_answer_key(review, qtbot, review_library):
    win, view = review
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_S)
    person = view.current
    assert person is not None
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.name_edit.hasFocus() and view.name_edit.text() == ""
    qtbot.keyClicks(view.name_edit, "Yusuf")
    qtbot.keyClick(view.name_edit, Qt.Key.Key_Return)
    _settle(qtbot, win)
    with _catalog(review_library) as cat:
        assert cat.person(person.person_id).name == "Yusuf"


def test_the_stranger_bucket_goes_with_one_key_and_walking_through_reads_the_queue_again(review, qtbot,
                                                                                          review_library):  # fmt: skip
    win, view = review
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_S)
    assert view.current is not None and view.current.kind == "strangers"
    single = view.current.faces[0].face_id
    qtbot.keyClick(view, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: not view.loading and view.current is None, timeout=10_000)  # all skipped or answered
    assert view.title.text() == "Nothing left to review"
    with _catalog(review_library) as cat:
        assert cat.face(single).state == "rejected"
    win.undo_bar.undo()  # Ctrl+Z brings the strangers back
    _settle(qtbot, win)
    win.shortcut_actions["review"].trigger()  # opening Review again asks the skipped questions again
    qtbot.waitUntil(lambda: not view.loading and view.current is not None, timeout=10_000)
    assert [q.kind for q in view.queue] == ["suggestion"] * 3 + ["person", "person", "strangers"]
