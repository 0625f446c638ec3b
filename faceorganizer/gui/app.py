"""Starting the app (``run_gui``; the Camera window alone: ``run_camera``), reopening it on another library
(File > Open library: ``open_library``) and rendering a view offscreen to a PNG (``render_screenshot``)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ..library.catalog import CatalogError
from ..library.metadata.exchange import ImportSummary
from .i18n import install_translator
from .main_window import MainWindow
from .scan_status import ScanController
from .services import LibraryService
from .settings.theme import apply_scheme, follow_scheme
from .tasks import TaskRunner
from .watching import WatchController, sidecar_message

SCREENSHOT_SIZE = (1280, 800)
VIEWS = ("people", "photos", "photo", "person", "review")
#: Windows opened by ``open_library``: Qt keeps no parentless window alive, so Python must (until it closes).
_opened: list[MainWindow] = []


def application(scheme: str | None = None) -> QApplication:
    """The app's QApplication (made once), its palette following the system's colour scheme, or ``scheme``
    ("light" / "dark") when given."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("faceorganizer")
        app.setOrganizationName("faceorganizer")
        assert isinstance(app, QApplication)
        install_translator(app)
        follow_scheme(app, SCHEMES.get(scheme or ""))
    elif scheme in SCHEMES:
        assert isinstance(app, QApplication)
        apply_scheme(app, SCHEMES[scheme])
    assert isinstance(app, QApplication)
    return app


#: The colour schemes a user may force (``gui --color-scheme``).
SCHEMES = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}


def build_window(library_path: str | os.PathLike[str], nets=None, *, watch: bool = False) -> MainWindow:
    """The main window on the library at ``library_path`` (created if new), with its thread pools; File > Open
    library replaces it with a window on the library chosen (watched and resumed as at start when ``watch``)."""
    runner = TaskRunner()
    library = LibraryService(library_path, runner)
    library.catalog().close()  # create or migrate it now, so errors show before the window does
    window = MainWindow(library, ScanController(library_path, nets=nets))
    window.library_chosen.connect(lambda path: open_library(window, path, nets, watch=watch))
    return window


def open_library(
    old: MainWindow, library_path: str | os.PathLike[str], nets=None, *, watch: bool = False
) -> MainWindow:
    """The app reopened on another library: a new window on ``library_path`` where ``old`` was (same geometry),
    then ``old`` closed, which stops its scan and shuts its thread pools down (and its folder watching). With
    ``watch``, the new library's folders are watched and its scan resumed, as ``run_gui`` does at start. If the
    library cannot be opened after all (locked, on read-only media while it needs migrating), ``old`` says why
    and stays."""
    try:
        window = build_window(library_path, nets, watch=watch)
    except (CatalogError, OSError) as exc:
        text = QCoreApplication.translate("MainWindow", "Cannot open {path}:\n\n{error}")
        QMessageBox.warning(
            old, QCoreApplication.translate("MainWindow", "Open library"), text.format(path=library_path, error=exc)
        )
        return old
    window.setGeometry(old.geometry())
    _opened.append(window)

    def forget() -> None:
        if window in _opened:
            _opened.remove(window)

    window.closed.connect(forget)
    if watch:
        start_watching(window)
    # shown before the old one closes: the app does not quit on its last window closed
    if old.isMaximized():
        window.showMaximized()
    else:
        window.show()
    old.close()
    if watch:
        resume_scan(window)
    return window


def run_gui(library_path: str | os.PathLike[str], add_folders: Sequence[str] = (), scheme: str | None = None) -> int:
    """Open the app on the library (adding and scanning ``add_folders`` first) and run until its window
    closes; the exit status."""
    app = application(scheme)
    window = build_window(library_path, watch=True)
    if not window.geometry_restored:
        window.resize(*SCREENSHOT_SIZE)
    watching = start_watching(window)
    app.aboutToQuit.connect(watching.stop)
    window.show()
    for folder in add_folders:
        window.add_folder(folder)
    if not add_folders:
        resume_scan(window)
    return int(app.exec())


def run_camera(source: str | None = None, library: str | os.PathLike[str] | None = None, input_size: int = 320) -> int:
    """Open the Camera window on its own (`faceorganizer camera`) on the video file ``source`` (default: the
    camera), naming the people of the library at ``library`` (default: the default library, when there is one;
    none is created), and run until it closes; the exit status."""
    from ..library.catalog import resolve_library_path
    from .camera import CameraWindow

    app = application()
    runner = TaskRunner(workers=1)
    path = resolve_library_path(library)
    window = CameraWindow(LibraryService(path, runner) if path.exists() else None, runner, input_size)
    window.show()
    if source:
        window.open_file(source)
    else:
        window.start_camera()
    code = int(app.exec())
    runner.shutdown()
    return code


def resume_scan(window: MainWindow) -> None:
    """At start, scan the library's folders when it has any: photos left pending by a scan that was stopped
    (quit, cancel, a crash) are indexed, and what changed while the app was closed is found, as digiKam's
    "scan for new items at startup" does. A re-scan of an unchanged library does no model work."""

    def start(roots: list | None, error: BaseException | None) -> None:
        if roots and not window.scans.busy:
            window.scans.start()

    window.library.read(lambda lib: lib.roots(), start)


def start_watching(window: MainWindow) -> WatchController:
    """Keep the library's folders indexed while the app runs; views reload after each batch. Sidecars another
    program changed are imported: the status bar says so, and their conflicts go to the Sidecar conflicts dialog."""
    library = window.library
    watching = WatchController(library.path, window.settings.index_options())

    def watch(roots: list[str] | None, error: BaseException | None) -> None:
        if roots is not None:
            watching.ensure(roots)

    def watch_roots(*_args) -> None:  # read the folders off the UI thread, then watch the new ones
        library.read(lambda lib: [r.path for r in lib.roots()], watch)

    watch_roots()
    watching.batch_indexed.connect(lambda _summary: library.changed.emit())

    def sidecars(summary: ImportSummary) -> None:
        library.changed.emit()
        window.conflicts_dialog.add(summary.conflict_list)  # every conflict, for the user to decide on
        if (text := sidecar_message(summary)) is not None:
            window.statusBar().showMessage(text, 20_000)

    watching.sidecars_imported.connect(sidecars)
    window.scans.finished.connect(watch_roots)
    window.closed.connect(watching.stop)  # the window is gone (quit, or another library opened): so is its watch
    return watching


def wait_until(condition, timeout_ms: int = 20_000) -> bool:
    """Process events until ``condition()`` holds; False on timeout."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            return False
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)
    return True


def wait_for(signal, timeout_ms: int = 20_000) -> bool:
    """Run the event loop until ``signal`` fires; False on timeout."""
    loop = QEventLoop()
    fired: list[tuple[object, ...]] = []

    def fire(*args: object) -> None:
        fired.append(args)
        loop.quit()

    signal.connect(fire)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return bool(fired)


def _open_busiest_person(window: MainWindow) -> None:
    """Open the Person view of the person with the most faces and wait for its crops."""
    people = [window.people_model.person(r) for r in range(window.people_model.rowCount())]
    if not people:
        raise RuntimeError("the library has no people")
    busiest = max(people, key=lambda p: (p.face_count, -p.id))
    model = window.person_view.model
    loaded: list[bool] = []
    model.loaded.connect(lambda: loaded.append(True))
    window.open_person(busiest.id)
    if not wait_until(lambda: bool(loaded)):
        raise RuntimeError("timed out loading the person")
    QApplication.processEvents()  # the grid asks for its crops
    wait_until(lambda: not model.pending)


def render_screenshot(
    library_path: str | os.PathLike[str], out: str | os.PathLike[str], view: str = "people", scheme: str | None = None
) -> Path:
    """Render ``view`` at 1280x800 to a PNG: "people", "photos" (the photo browser), "photo" (the photo with
    the most faces, overlays on), "person" (the person with the most faces) or "review" (Review mode)."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, got {view!r}")
    application(scheme)
    window = build_window(library_path)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    loaded: list[bool] = []
    window.people_model.loaded.connect(lambda: loaded.append(True))
    if not wait_until(lambda: bool(loaded) and window.refreshed):
        raise RuntimeError("timed out loading the library")
    if view == "people":
        window.nav.setCurrentRow(0)
        QApplication.processEvents()  # the grid asks for its crops; they arrive from worker threads
        wait_until(lambda: not window.people_model.pending)
    elif view == "person":
        _open_busiest_person(window)
    elif view == "photos":
        shown: list[bool] = []
        window.browser.shown.connect(lambda: shown.append(True))
        window.nav.setCurrentRow(1)
        if not wait_until(lambda: bool(shown)):
            raise RuntimeError("timed out loading the photos")
        window.grab()  # the grid asks for the thumbnails it shows
        wait_until(lambda: not window.browser.model.pending)
    elif view == "review":
        window.open_review()
        wait_until(lambda: window.review_view.current is not None or not window.review_view.loading)
        wait_until(lambda: not window.review_view._wanted)
    else:
        photo_id = window.library.busiest_photo()
        if photo_id is None:
            raise RuntimeError("the library has no photo with faces")
        window.open_photo(photo_id)
        if not wait_for(window.photo_view.loaded):
            raise RuntimeError("timed out loading the photo")
    QApplication.processEvents()
    out = Path(out)
    if not window.grab().save(str(out), "PNG"):
        raise OSError(f"cannot write {out}")
    window.remember_geometry = False  # a screenshot is not where the user left the window
    window.close()
    return out
