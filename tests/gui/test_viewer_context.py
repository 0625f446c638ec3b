"""The photo viewer walks the photos of where it was opened from (issue 14.5): a person's photos or a search's
results, with Left / Right as well as Previous / Next, and a way back; All photos walks the library."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt

from faceorganizer.library.catalog import Catalog, PhotoInfo


def _library(tmp_path, n: int = 5):
    path = tmp_path / "lib.sqlite"
    ids = []
    with Catalog.open(path) as cat:
        cat.add_root(tmp_path)
        for i in range(n):
            photo = tmp_path / f"p{i}.jpg"
            Image.new("RGB", (64, 48), (40 * i, 90, 120)).save(photo)
            pid = cat.add_photo(None, str(photo), 1, 1)
            cat.store_indexed(pid, PhotoInfo(1, 1, f"h{i}", 64, 48), [])
            ids.append(pid)
    return path, ids


def test_previous_next_and_arrows_stay_in_the_context_and_back_returns(qtbot, tmp_path):
    from faceorganizer.gui.photos import PhotoView
    from faceorganizer.gui.services import LibraryService
    from faceorganizer.gui.tasks import TaskRunner

    path, ids = _library(tmp_path)
    view = PhotoView(LibraryService(path, TaskRunner()))
    qtbot.addWidget(view)
    view.show()
    view.set_photos(ids)
    context = [ids[3], ids[1]]  # e.g. Ann's photos, in her order
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        view.show_in(ids[3], context, "Ann")
    assert view.back_button.isVisible() and view.back_button.text() == "◀ Back to Ann"
    qtbot.waitUntil(lambda: view.title.text().startswith("1 of 2 · Ann"), timeout=5_000)
    view.canvas.setFocus()
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
    assert view.current == ids[1]
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.current == ids[3]  # wraps within Ann's photos, not the library's
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        qtbot.keyClick(view.canvas, Qt.Key.Key_Left)
    assert view.current == ids[1]
    with qtbot.waitSignal(view.back, timeout=2_000):
        qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    view.leave_context()
    assert not view.back_button.isVisible()
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
    assert view.current == ids[2]  # the library's next after ids[1]


def test_the_window_opens_photos_in_their_context_and_goes_back(app_window, qtbot):
    """From a person: their photos; Back returns to the person. All photos is the browser."""
    win = app_window
    first = win.people_model.person(0)
    with qtbot.waitSignal(win.person_view.model.loaded, timeout=10_000):
        win.open_person(first.id)
    qtbot.waitUntil(lambda: len(win.person_view.model.rows) == first.face_count, timeout=10_000)
    photos = [r.face.photo_id for r in win.person_view.model.rows]
    with qtbot.waitSignal(win.photo_view.loaded, timeout=10_000):
        win.person_view.photo_requested.emit(photos[1], None)
    assert win.stack.currentWidget() is win.photo_view
    assert win.photo_view.context == ("Unnamed", photos) and win.photo_view.current == photos[1]
    win.photo_view.back.emit()
    assert win.stack.currentWidget() is win.person_view
    win.nav.setCurrentRow(1)  # All photos: the browser, the viewer walks the library again
    assert win.stack.currentWidget() is win.browser and win.photo_view.context is None
