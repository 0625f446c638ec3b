"""The viewer shows a photo as one item with its files listed (issue 18.2): its copies in other folders, the RAW
of the shot and a Live Photo's movie beside it; a photo with one file lists nothing."""

from __future__ import annotations

import shutil

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import scan


def test_the_viewer_lists_a_photos_copies_raw_and_movie(qtbot, tmp_path, fake_nets, plain_image):
    from faceorganizer.gui.photos import PhotoView
    from faceorganizer.gui.services import LibraryService
    from faceorganizer.gui.tasks import TaskRunner

    photos = tmp_path / "photos"
    shot = plain_image(photos / "2023" / "IMG_0001.JPG", seed=1)
    (photos / "2023" / "IMG_0001.CR2").write_bytes(b"a RAW, not opened: its JPEG is the photo")
    (photos / "2023" / "IMG_0001.MOV").write_bytes(b"\0\0\0\x14ftypqt  ")
    (photos / "backup").mkdir()
    shutil.copy(shot, photos / "backup" / "IMG_0001.JPG")
    plain_image(photos / "alone.jpg", seed=2)
    path = tmp_path / "lib.sqlite"
    with Catalog.open(path) as cat:
        scan(cat, [photos])
        assert (cat.stats().photos, cat.stats().copies) == (2, 1)
        ids = {p.path: p.id for p in cat.photos() if p.copy_of is None}
    view = PhotoView(LibraryService(path, TaskRunner()))
    qtbot.addWidget(view)
    view.show()
    view.set_photos(list(ids.values()))
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        view.show_photo(ids[str(shot)])
    assert view.files.isVisible()
    text = view.files.text()
    assert "IMG_0001.CR2 (RAW)" in text and "IMG_0001.MOV (Live Photo movie)" in text
    assert f"{photos / 'backup' / 'IMG_0001.JPG'} (copy)" in text
    assert view.files.toolTip().splitlines()[0] == str(shot)
    with qtbot.waitSignal(view.loaded, timeout=5_000):
        view.show_photo(ids[str(photos / "alone.jpg")])
    assert not view.files.isVisible()


def test_the_grid_marks_photos_of_several_files(qtbot, tmp_path, fake_nets, plain_image):
    """A badge in the thumbnail's bottom-left corner, as photo apps mark RAW+JPEG, Live Photos and stacks."""
    import numpy as np

    from faceorganizer.gui.photos import PhotoBrowser
    from faceorganizer.gui.photos.list_model import files_badge
    from faceorganizer.gui.services import LibraryService
    from faceorganizer.gui.tasks import TaskRunner

    badges = [files_badge([], 1), files_badge(["raw"], 1), files_badge(["live", "raw"], 3)]
    assert badges == [None, "RAW", "LIVE RAW \u00d73"]
    photos = tmp_path / "photos"
    shot = plain_image(photos / "IMG_0001.JPG", seed=1, size=(160, 120))
    (photos / "IMG_0001.CR2").write_bytes(b"a RAW, not opened")
    (photos / "backup").mkdir()
    shutil.copy(shot, photos / "backup" / "IMG_0001.JPG")
    plain_image(photos / "alone.jpg", seed=2, size=(160, 120))
    path = tmp_path / "lib.sqlite"
    with Catalog.open(path) as cat:
        scan(cat, [photos])
    browser = PhotoBrowser(LibraryService(path, TaskRunner()))
    qtbot.addWidget(browser)
    browser.resize(900, 600)
    browser.show()
    with qtbot.waitSignal(browser.shown, timeout=5_000):
        browser.reload()
    model = browser.model
    assert model.rowCount() == 2  # by month: the photo once
    rows = {p.path: p for p in model._rows}
    assert rows[str(shot)].files == "RAW \u00d72" and rows[str(photos / "alone.jpg")].files is None
    for row in range(2):
        model.data(model.index(row), 1)  # DecorationRole: asks for the thumbnails
    qtbot.waitUntil(lambda: all(model.cache.get(p.id) is not None for p in model._rows), timeout=10_000)

    def corner(p) -> np.ndarray:
        image = model.cache.get(p.id).convertToFormat(model.cache.get(p.id).Format.Format_RGB888)
        w, h = image.width(), image.height()
        pixels = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())[:, : 3 * w]
        return pixels.reshape(h, w, 3)[h - 20 : h - 6, 6:40].reshape(-1, 3).astype(int)

    marked, plain = corner(rows[str(shot)]), corner(rows[str(photos / "alone.jpg")])
    assert (marked.sum(axis=1) < 200).mean() > 0.3 and ((marked > 200).all(axis=1)).mean() > 0.02  # badge, text
    assert (plain.sum(axis=1) < 200).mean() < 0.05  # no badge
    with qtbot.waitSignal(browser.shown, timeout=5_000):
        browser.mode.setCurrentIndex(1)  # by folder: the backup folder shows the photo, with the same badge
    folders = [browser.groups.item(r).text() for r in range(browser.groups.count())]
    assert folders == [f"{photos} (2)", f"{photos / 'backup'} (1)"]
    with qtbot.waitSignal(browser.shown, timeout=5_000):
        browser.groups.setCurrentRow(1)
    assert [(p.id, p.files) for p in model._rows] == [(rows[str(shot)].id, "\u00d72")]  # (its RAW is not there)
