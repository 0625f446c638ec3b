"""Faces the user draws in the photo viewer: the drawn box stays painted (pending) while the name popup asks
for it, Escape drops it and stores nothing, an answer stores it; and a drawn face can be deleted from its
popup, while a detector face's popup offers no Delete. A tiny library of one real JPEG: no reference data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage

from faceorganizer.geometry import Box
from faceorganizer.gui.photos.edit import DRAW_COLOR, EditableCanvas
from faceorganizer.gui.photos.viewer import PhotoView
from faceorganizer.gui.services import LibraryService
from faceorganizer.gui.tasks import TaskRunner
from faceorganizer.library.catalog import Catalog, FaceData, PhotoInfo
from faceorganizer.library.people import People

PHOTO_SIZE = (320, 240)
GREY = (128, 128, 128)
DETECTOR_BOX = Box(200, 60, 80, 90)
MANUAL_BOX = Box(30, 40, 70, 80)


@dataclass
class TinyLibrary:
    path: Path
    photo_id: int
    detector_face: int
    manual_face: int | None = None


def _tiny_library(tmp_path: Path) -> TinyLibrary:
    """One grey 320x240 JPEG, indexed with one detector face (no networks)."""
    folder = tmp_path / "photos"
    folder.mkdir()
    jpeg = folder / "grey.jpg"
    Image.new("RGB", PHOTO_SIZE, GREY).save(jpeg, quality=95)
    path = tmp_path / "library.sqlite"
    st = jpeg.stat()
    with Catalog.open(path) as cat:
        root = cat.add_root(folder)
        with cat.transaction():
            photo_id = cat.add_photo(root.id, str(jpeg), st.st_size, st.st_mtime_ns)
        info = PhotoInfo(st.st_size, st.st_mtime_ns, "grey", *PHOTO_SIZE)
        (detector,) = cat.store_indexed(photo_id, info, [FaceData(DETECTOR_BOX, score=0.9)]).face_ids
    return TinyLibrary(path, photo_id, detector)


@pytest.fixture
def tiny(tmp_path) -> TinyLibrary:
    return _tiny_library(tmp_path)


@pytest.fixture
def view(qtbot, tiny) -> Iterator[PhotoView]:
    """A PhotoView on the tiny library, 800x600, shown (photo not loaded yet: see :func:`show`)."""
    runner = TaskRunner()
    widget = PhotoView(LibraryService(tiny.path, runner))
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.popup.hide()
    assert runner.shutdown()


def show(qtbot, view: PhotoView, photo_id: int) -> None:
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show_photo(photo_id)
    assert view.canvas.photo is not None and view.canvas.image is not None


def widget_point(canvas: EditableCanvas, x: float, y: float) -> QPoint:
    """The widget point of displayed-photo pixel (x, y)."""
    target = canvas.image_rect()
    s = canvas._scale()
    return QPoint(round(target.x() + x * s), round(target.y() + y * s))


def draw(qtbot, canvas: EditableCanvas, start: QPoint, end: QPoint) -> None:
    """Shift-drag from ``start`` to ``end``."""
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, shift, start)
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, shift, end)


def _near(colour: QColor, want: QColor, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour.getRgb()[:3], want.getRgb()[:3], strict=True))


def drawn_share_of_top_edge(image: QImage, rect: QRectF) -> float:
    """The share of the top edge of ``rect`` (the pen's two rows) painted in the drawing colour (dashed: not all)."""
    y = round(rect.top())
    xs = range(round(rect.left()) + 1, round(rect.right()) - 1)
    hits = sum(any(_near(image.pixelColor(x, row), DRAW_COLOR) for row in (y - 1, y)) for x in xs)
    return hits / len(xs)


def manual_faces(library: Path, photo_id: int) -> list:
    with Catalog.open(library, read_only=True) as cat:
        return [f for f in cat.faces_of_photo(photo_id) if f.source == "manual"]


def test_drawn_box_stays_painted_while_named_and_escape_drops_it(qtbot, view, tiny):
    show(qtbot, view, tiny.photo_id)
    canvas = view.canvas
    start, end = widget_point(canvas, 20, 30), widget_point(canvas, 120, 150)
    draw(qtbot, canvas, start, end)
    assert view.popup.isVisible() and view.popup.prompt.text() == "New face: who is it?"
    assert not view.popup.delete_button.isVisible()  # nothing to delete yet
    # the drawn box is still what the canvas paints while the popup asks
    assert canvas.band is None and canvas.pending is not None
    rect = canvas.pending_rect()
    assert rect is not None
    assert abs(rect.left() - start.x()) <= 1 and abs(rect.top() - start.y()) <= 1
    assert abs(rect.right() - end.x()) <= 1 and abs(rect.bottom() - end.y()) <= 1
    assert drawn_share_of_top_edge(canvas.grab().toImage(), rect) > 0.3
    # Escape cancels: the box goes, nothing is stored
    qtbot.keyClick(view.popup.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.popup.isVisible(), timeout=2_000)
    assert canvas.pending is None
    assert drawn_share_of_top_edge(canvas.grab().toImage(), rect) == 0
    qtbot.wait(200)  # a write, had one been queued, would have landed
    assert manual_faces(tiny.path, tiny.photo_id) == []
    assert [f.source for f in canvas.photo.faces] == ["detector"]


def test_answered_drawn_box_is_stored_and_replaced_by_the_stored_face(qtbot, view, tiny):
    show(qtbot, view, tiny.photo_id)
    canvas = view.canvas
    draw(qtbot, canvas, widget_point(canvas, 20, 30), widget_point(canvas, 120, 150))
    assert view.popup.isVisible()
    view.popup.edit.setText("Stuart")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(view.popup.edit, Qt.Key.Key_Return)
        assert canvas.pending is not None  # answered, not stored yet: still painted
    (stored,) = manual_faces(tiny.path, tiny.photo_id)
    assert abs(stored.box.x - 20) < 3 and abs(stored.box.width - 100) < 3 and abs(stored.box.height - 120) < 3
    assert stored.id in {f.id for f in canvas.photo.faces} and canvas.photo.names[stored.id] == "Stuart"
    assert canvas.pending is None  # the stored face shows now, the drawn box gave way to it


def click_face(qtbot, view: PhotoView, box: Box) -> None:
    centre = widget_point(view.canvas, box.x + box.width / 2, box.y + box.height / 2)
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=centre)
    assert view.popup.isVisible() and view.popup.prompt.text() == "Who is this?"


def test_a_drawn_face_can_be_deleted_from_its_popup(qtbot, view, tiny):
    with Catalog.open(tiny.path) as cat:
        manual = People(cat).add_manual_face(tiny.photo_id, MANUAL_BOX, "Amy")
    show(qtbot, view, tiny.photo_id)
    assert manual in {f.id for f in view.canvas.photo.faces}
    # a detector face cannot be deleted: no Delete button
    click_face(qtbot, view, DETECTOR_BOX)
    assert not view.popup.delete_button.isVisible()
    qtbot.keyClick(view.popup.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.popup.isVisible(), timeout=2_000)
    # the drawn one can
    click_face(qtbot, view, MANUAL_BOX)
    button = view.popup.delete_button
    assert button.isVisible() and button.text() == "Delete this face"
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not view.popup.isVisible()
    qtbot.waitUntil(lambda: manual not in {f.id for f in view.canvas.photo.faces}, timeout=5_000)
    with Catalog.open(tiny.path, read_only=True) as cat:
        assert cat.face(manual) is None and cat.face(tiny.detector_face) is not None
    assert [f.id for f in view.canvas.photo.faces] == [tiny.detector_face]
