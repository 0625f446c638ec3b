"""Issue 14, the status bar: counts in correct plurals, speed and time left while indexing, up to date after the
folder watcher indexes photos, and the files that failed listed with a way to try them again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def status(qtbot, tmp_path: Path):
    """A ScanStatus on a controller that never scans, with a clock the test moves."""
    from faceorganizer.gui.scan_status import ScanController, ScanStatus

    controller = ScanController(tmp_path / "library.sqlite")
    widget = ScanStatus(controller)
    qtbot.addWidget(widget)
    now = [100.0]
    widget.clock = lambda: now[0]
    widget.now = now  # the test's handle on the clock
    return widget


def test_progress_says_one_face_one_error_speed_and_time_left(status):
    from faceorganizer.library.indexing import Progress

    status.controller.started.emit()
    status.show_progress(Progress("indexing", 0, 100, "/p/a.jpg", 0, 0))
    status.now[0] += 10.0  # 20 photos in 10 s: 2 photos/s, 80 to go: 40 s
    status.show_progress(Progress("indexing", 20, 100, "/p/b.jpg", 1, 1))
    text = status.label.text()
    assert "Indexing 20/100" in text and "b.jpg" in text
    assert "1 face " in text + " " and "1 faces" not in text
    assert "1 error " in text + " " and "1 errors" not in text
    assert "2.0 photos/s" in text and "less than a minute left" in text
    status.now[0] += 30.0  # 20 more in 30 s overall 40 in 40 s: 1 photo/s, 60 to go
    status.show_progress(Progress("indexing", 40, 100, "/p/c.jpg", 2, 1))
    assert "1.0 photos/s" in status.label.text() and "about 1 min left" in status.label.text()


def test_summary_says_one_photo_one_face_one_error(status):
    from faceorganizer.library.indexing import FileError, ScanSummary

    status.show_finished(ScanSummary(indexed=1, faces=1, errors=[FileError("/p/x.jpg", "broken")]), None)
    text = status.label.text()
    assert text.startswith("Indexed: 1 photo, 1 face, 1 error")
    assert "photos" not in text and "faces" not in text and "errors" not in text


def test_status_bar_follows_the_folder_watcher(qtbot, tmp_path: Path, fake_nets, plain_image):
    from faceorganizer.gui.app import build_window, start_watching
    from faceorganizer.library.catalog import Catalog

    folder = tmp_path / "photos"
    folder.mkdir()
    library = tmp_path / "lib.sqlite"
    with Catalog.open(library) as cat:
        cat.add_root(str(folder))
    window = build_window(library)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.scan_status.label.text().endswith("0 photos, 0 faces"), timeout=10_000)
    watching = start_watching(window)
    try:
        qtbot.waitUntil(lambda: bool(watching.watched), timeout=10_000)
        for n in range(3):  # made elsewhere, then moved in whole: the watcher never sees half a file
            made = plain_image(tmp_path / "made" / f"w{n}.png", seed=n)
            os.replace(made, folder / made.name)
        qtbot.waitUntil(lambda: window.scan_status.label.text().endswith("3 photos, 3 faces"), timeout=60_000)
        assert "new photo" in window.scan_status.label.text()
    finally:
        watching.stop()
        window.close()


def test_errors_are_listed_and_retried(qtbot, tmp_path: Path, fake_nets, plain_image):
    """A photo that failed (status 'error', its reason in photos.error) and is unchanged since: a plain rescan
    leaves it; the status bar's "1 error" lists it, and Retry indexes it again."""
    from faceorganizer.gui.app import build_window
    from faceorganizer.library.catalog import Catalog

    folder = tmp_path / "photos"
    image = plain_image(folder / "once-broken.png")
    library = tmp_path / "lib.sqlite"
    with Catalog.open(library) as cat:
        root = cat.add_root(str(folder))
        st = os.stat(image)
        photo_id = cat.add_photo(root.id, str(image), st.st_size, st.st_mtime_ns)
        cat.record_error(photo_id, "cannot decode: truncated file")
    window = build_window(library)
    qtbot.addWidget(window)
    window.show()
    bar = window.scan_status
    with qtbot.waitSignal(window.scans.finished, timeout=60_000) as blocker:
        assert window.scans.start()  # File > Rescan folders: the unchanged failed file is left as it is
    assert blocker.args[1] is None and blocker.args[0].indexed == 0
    qtbot.waitUntil(lambda: bar.errors_button.isVisible(), timeout=10_000)
    assert bar.errors_button.text() == "1 error"
    with qtbot.waitSignal(bar.errors_shown, timeout=10_000):
        bar.errors_button.click()
    dialog = bar.errors_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.rows() == [(str(image), "cannot decode: truncated file")]
    with qtbot.waitSignal(window.scans.finished, timeout=60_000) as blocker:
        dialog.retry_button.click()
    summary, error = blocker.args
    assert error is None and summary.indexed == 1 and not dialog.isVisible()
    with Catalog.open(library) as cat:
        assert cat.photo(photo_id).status == "indexed"
    qtbot.waitUntil(lambda: not bar.errors_button.isVisible(), timeout=10_000)
    window.close()


def test_a_scan_outliving_its_window_finishes_quietly(qtbot, tmp_path, fake_nets, plain_image):
    """Quitting mid-scan: the window stops the scan and waits at most a while (``ScanController.wait``), then
    the controller goes with the window. The scan's last reports must not raise on the gone controller: it
    ends as a stopped scan whose stored faces are matched, as when the wait was long enough."""
    import threading

    import shiboken6

    from faceorganizer.gui.scan_status import ScanController
    from faceorganizer.library.catalog import Catalog

    for i in range(4):
        plain_image(tmp_path / "photos" / f"p{i}.png", seed=i)
    library = tmp_path / "library.sqlite"
    with Catalog.open(library) as cat:
        cat.add_root(tmp_path / "photos")
    fake_nets.block = threading.Event()
    controller = ScanController(library)
    assert controller.start()
    job = controller.job
    assert job is not None
    qtbot.waitUntil(lambda: fake_nets.calls >= 1, timeout=10_000)
    controller.wait(0)  # gave up waiting: the scan still runs
    shiboken6.delete(controller)  # what the window's end does to it
    fake_nets.block.set()
    job._thread.join(20)
    assert not job._thread.is_alive()
    assert job.error is None, job.error
    assert job.summary is not None and job.summary.faces >= 1  # what was in flight when it was stopped is stored
    with Catalog.open(library, read_only=True) as cat:
        assert cat.scalar("SELECT count(*) FROM faces") == job.summary.faces
        assert cat.scalar("SELECT count(*) FROM people_pending") == 0
