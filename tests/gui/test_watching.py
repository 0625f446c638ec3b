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


def test_a_watch_outliving_its_window_finishes_quietly(qtbot, tmp_path, fake_nets, plain_image, caplog):
    """The window closes while the watcher analyses a batch and its stop gives up waiting; the controller goes
    with the window. The batch is still stored, and its report, with no one left to tell, is not an error."""
    import logging
    import threading

    import shiboken6

    from faceorganizer.gui.watching import WatchController

    folder = tmp_path / "photos"
    folder.mkdir()
    library = tmp_path / "lib.sqlite"
    with Catalog.open(library) as cat:
        cat.add_root(str(folder))
    fake_nets.block = threading.Event()
    watching = WatchController(library)
    watcher = watching._watcher
    watcher.debounce = 0.05
    watching.ensure([str(folder)])
    qtbot.waitUntil(lambda: str(folder) in watching.watched, timeout=10_000)
    plain_image(folder / "new.png", seed=3)
    qtbot.waitUntil(lambda: fake_nets.calls >= 1, timeout=20_000)  # the batch is being analysed
    watching.stop(timeout=0.1)  # gave up waiting
    shiboken6.delete(watching)
    with caplog.at_level(logging.ERROR, logger="faceorganizer"):
        fake_nets.block.set()
        watcher._thread.join(20)
    assert not watcher.running
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    with Catalog.open(library) as cat:
        assert cat.stats().photos == 1 and cat.stats().faces == 1
