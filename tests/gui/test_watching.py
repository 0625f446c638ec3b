"""While the app runs, the library's folders are watched: a photo dropped into one gets indexed."""

from __future__ import annotations

import shutil

from faceorganizer.gui.app import build_window, start_watching
from faceorganizer.library.catalog import Catalog


def test_new_photo_in_a_watched_folder_is_indexed(qtbot, tmp_path, faceapi_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    library = tmp_path / "lib.sqlite"
    with Catalog.open(library) as cat:
        cat.add_root(str(folder))
    window = build_window(library)
    qtbot.addWidget(window)
    watching = start_watching(window)
    try:
        qtbot.waitUntil(lambda: str(folder.resolve()) in watching.watched or str(folder) in watching.watched,
                        timeout=10_000)  # fmt: skip
        with qtbot.waitSignal(watching.batch_indexed, timeout=60_000):
            shutil.copy(faceapi_path("people-photos", "amy", "amy1.jpg"), folder / "amy1.jpg")
        with Catalog.open(library) as cat:
            assert cat.stats().photos == 1 and cat.stats().faces == 1
    finally:
        watching.stop()
