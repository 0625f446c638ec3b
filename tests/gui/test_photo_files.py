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
