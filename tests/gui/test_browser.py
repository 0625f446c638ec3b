"""The photo browser (issue 14.2): the library's photos by month (EXIF date, else the file's time) or by folder,
thumbnails kept on disk by content hash and size, opened in the viewer among their month's photos."""

from __future__ import annotations

import os

import pytest
from PIL import Image

from faceorganizer.library.catalog import Catalog, PhotoInfo


@pytest.fixture
def dated_library(tmp_path):
    """6 photos: 3 taken in May 2024, 2 in March 2023 (one in a subfolder), 1 undated (file time: Jan 2020)."""
    path = tmp_path / "lib.sqlite"
    dates = ["2024-05-01T10:00:00", "2024-05-20T09:00:00", "2024-05-03T08:00:00", "2023-03-02T12:00:00",
             "2023-03-09T12:00:00", None]  # fmt: skip
    with Catalog.open(path) as cat:
        cat.add_root(tmp_path)
        for i, taken in enumerate(dates):
            folder = tmp_path / ("trip" if i == 4 else "photos")
            folder.mkdir(exist_ok=True)
            photo = folder / f"p{i}.jpg"
            Image.new("RGB", (320, 240), (40 * i, 90, 120)).save(photo)
            os.utime(photo, (1579000000, 1579000000))  # 2020-01-14
            pid = cat.add_photo(None, str(photo), photo.stat().st_size, photo.stat().st_mtime_ns)
            cat.store_indexed(pid, PhotoInfo(1, photo.stat().st_mtime_ns, f"hash{i}", 320, 240, taken_at=taken), [])
    return path


def _browser(qtbot, path, store):
    from faceorganizer.gui.photos import PhotoBrowser
    from faceorganizer.gui.services import LibraryService
    from faceorganizer.gui.tasks import TaskRunner

    browser = PhotoBrowser(LibraryService(path, TaskRunner()), store)
    qtbot.addWidget(browser)
    browser.resize(1000, 700)
    browser.show()
    return browser


def test_months_newest_first_then_folders_and_their_photos_in_order(qtbot, dated_library, tmp_path):
    from faceorganizer.gui.photos import ThumbnailStore

    browser = _browser(qtbot, dated_library, ThumbnailStore(tmp_path / "thumbs"))
    with qtbot.waitSignal(browser.shown, timeout=5_000):
        browser.reload()
    groups = [browser.groups.item(r).text() for r in range(browser.groups.count())]
    assert groups == ["May 2024 (3)", "March 2023 (2)", "January 2020 (1)"]
    names = [os.path.basename(p.path) for p in browser.model._rows]
    assert names == ["p0.jpg", "p2.jpg", "p1.jpg"]  # by date taken
    with qtbot.waitSignal(browser.shown, timeout=5_000):
        browser.mode.setCurrentIndex(1)  # by folder
    folders = [browser.groups.item(r).text() for r in range(browser.groups.count())]
    assert folders == [f"{tmp_path / 'photos'} (5)", f"{tmp_path / 'trip'} (1)"]
    opened: list = []
    browser.photo_activated.connect(lambda *a: opened.append(a))
    browser.grid.activated.emit(browser.model.index(0))
    assert opened and opened[0][1] == browser.model.photo_ids() and opened[0][2] == str(tmp_path / "photos")


def test_thumbnails_are_kept_on_disk_by_content_hash_and_size_and_the_cache_is_bounded(qtbot, dated_library, tmp_path,
                                                                                        monkeypatch):  # fmt: skip
    from faceorganizer.gui.photos import ThumbnailStore, list_model, thumbnails

    store = ThumbnailStore(tmp_path / "thumbs")
    browser = _browser(qtbot, dated_library, store)
    with qtbot.waitSignal(browser.shown, timeout=5_000):
        browser.reload()
    browser.grab()  # paint: the thumbnails on screen are made
    qtbot.waitUntil(lambda: not browser.model.pending and len(browser.model.cache) == 3, timeout=10_000)
    ratio = browser.model.cache.ratio
    kept = sorted(p.name for p in (tmp_path / "thumbs").glob("*/*.jpg"))
    px = round(list_model.THUMB_SIZE * ratio)
    assert kept == [f"hash{i}-{px}.jpg" for i in (0, 1, 2)]
    monkeypatch.setattr(thumbnails, "photo_thumbnail", lambda *a: pytest.fail("decoded again"))
    again = ThumbnailStore(tmp_path / "thumbs").thumbnail("/nowhere.jpg", "hash0", list_model.THUMB_SIZE, ratio)
    assert not again.isNull() and again.devicePixelRatio() == ratio  # read from disk, no decode
    small = ThumbnailStore(tmp_path / "thumbs", max_bytes=1)
    assert small.clean() == 3 and not list((tmp_path / "thumbs").glob("*/*.jpg"))
