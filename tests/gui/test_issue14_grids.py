"""Issue 14, thumbnail grids: Unnamed faces showed 62x14 px strips (the item size was measured before the lazy
crop arrived), and Find photos clipped long file names under thumbnails of different heights."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image


def test_unnamed_faces_cells_are_full_size_before_and_after_crops_and_resizes(qtbot, app_window):
    from PySide6.QtGui import QColor, QImage

    from faceorganizer.gui.people.unnamed_view import FACE_ROLE

    win = app_window
    win.nav.setCurrentRow(2)  # Unnamed faces; the synthetic photos are not on disk: placeholders arrive
    view = win.unnamed_view
    qtbot.waitUntil(lambda: view.grid.count() == 14, timeout=10_000)
    qtbot.wait(50)
    line = view.grid.fontMetrics().height()

    def cells() -> set[tuple[int, int]]:
        return {(r.width(), r.height()) for r in map(view.grid.visualItemRect, map(view.grid.item, range(14)))}

    first = cells()
    assert len(first) == 1  # one size for every cell
    width, height = next(iter(first))
    assert width >= 96 and height >= 96 + line  # the whole 96 px crop and its caption, not a strip
    crop = QImage(96, 96, QImage.Format.Format_RGB32)
    crop.fill(QColor("#888"))
    item = view.grid.item(0)
    view._cropped(int(item.data(FACE_ROLE)), crop)  # a crop arrives (as from the worker thread)
    win.resize(900, 640)
    qtbot.wait(100)
    assert cells() == first
    win.resize(1280, 800)
    qtbot.wait(100)
    assert cells() == first


def test_find_photos_names_fit_under_thumbnails_of_any_shape(qtbot, tmp_path: Path):
    from PySide6.QtWidgets import QStyleOptionViewItem

    from faceorganizer.gui.photos.find_view import FiltersView
    from faceorganizer.gui.photos.list_model import FoundPhoto
    from faceorganizer.gui.services import LibraryService
    from faceorganizer.gui.tasks import TaskRunner

    shapes = {"a_very_long_file_name_of_a_wide_holiday_photo_taken_in_2019.jpg": (64, 220), "tall.jpg": (220, 64),
              "square_but_also_with_quite_a_long_name.jpg": (120, 120)}  # fmt: skip
    photos = []
    for n, (name, (h, w)) in enumerate(shapes.items(), 1):
        Image.fromarray(np.full((h, w, 3), 40 * n, np.uint8)).save(tmp_path / name)
        photos.append(FoundPhoto(n, str(tmp_path / name)))
    runner = TaskRunner()
    view = FiltersView(LibraryService(tmp_path / "library.sqlite", runner))
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.model.set_photos(photos)
    qtbot.waitUntil(lambda: view.model.requested == 3 and view.model.pending == 0, timeout=10_000)
    qtbot.wait(50)
    results, thumb = view.results, view.model.thumb_size
    option = QStyleOptionViewItem()
    results.initViewItemOption(option)
    rects = [results.visualRect(view.model.index(row)) for row in range(3)]
    assert len({(r.width(), r.height()) for r in rects}) == 1  # a fixed cell
    assert rects[0].height() >= thumb + results.fontMetrics().height()  # room for a name under any thumbnail
    for row, rect in enumerate(rects):
        needed = results.itemDelegate().sizeHint(option, view.model.index(row))  # thumbnail + the name as drawn
        assert needed.width() <= rect.width() and needed.height() <= rect.height(), (row, needed, rect)
    runner.shutdown()
