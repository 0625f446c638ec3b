"""The Camera window: the live view of a camera (the default one, or one chosen from the list) or of a video
file, each face boxed with its landmarks, expression, age/gender and the name of the library's person it is
(the library's FaceMatcher, read off the UI thread), and the frames per second the analysis reaches.

Nothing is recorded or stored: frames are shown and analysed, then let go. Snapshot saves the frame on show
(as the camera gave it, without the overlays) as a JPEG in a folder the user chooses, once asked."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...api.live import FrameAnalyzer, FrameResult, live_options
from ..i18n import QT_TRANSLATE_NOOP
from ..media import multimedia_problem
from ..services import LibraryService
from ..settings.theme import icon
from ..tasks import TaskRunner
from .analysis import LiveAnalysis
from .canvas import LiveCanvas

log = logging.getLogger("faceorganizer.gui.camera")

# How often the frames-per-second line is brought up to date (ms).
STATS_INTERVAL_MS = 500
VIDEO_FILTER = QT_TRANSLATE_NOOP("CameraWindow", "Videos (*.mp4 *.mkv *.webm *.avi *.mov *.m4v *.mpg *.ogv);;"
                                 "All files (*)")  # fmt: skip


def snapshot_name(folder: Path) -> Path:
    """A new file name in ``folder`` for a snapshot: camera-YYYYMMDD-HHMMSS.jpg (-2, -3... when taken)."""
    stem = time.strftime("camera-%Y%m%d-%H%M%S")
    path, n = folder / f"{stem}.jpg", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.jpg"
    return path


def save_snapshot(image: QImage, folder: Path) -> Path:
    """Write ``image`` as a JPEG in ``folder`` (a worker thread); its path, or OSError. Written under a temporary
    name first, then renamed: a folder watcher (the library's) never sees a half-written photo."""
    path = snapshot_name(folder)
    partial = path.with_name(f".{path.name}.part")
    try:
        # PySide6 takes the format as a str (bytes raise ValueError), its type stubs say bytes
        if not image.save(str(partial), "JPEG", 92):  # type: ignore[call-overload]
            raise OSError(f"cannot write {partial}")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


class CameraWindow(QMainWindow):
    """The live view. ``library``: whose named people name the faces (None: every face is "Unknown");
    ``runner``: where snapshots are written (the library's by default). Call :meth:`start_camera` or
    :meth:`open_file`; ``analysed(FrameResult)`` follows each frame analysed."""

    analysed = Signal(object)

    def __init__(
        self,
        library: LibraryService | None = None,
        runner: TaskRunner | None = None,
        input_size: int = 320,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("faceorganizer — Camera"))
        self.library = library
        self.runner = runner or (library.runner if library is not None else TaskRunner(workers=1))
        self.canvas = LiveCanvas()
        self.cameras = QComboBox()
        self.cameras.setToolTip(self.tr("The camera to show"))
        self.open_button = QPushButton(self.tr("Open video…"))
        self.snapshot_button = QPushButton(self.tr("Snapshot"))
        self.snapshot_button.setToolTip(self.tr("Save the frame on show as a photo in a folder you choose"))
        self.snapshot_button.setEnabled(False)
        self.names_label = QLabel()
        self.fps_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Camera:")))
        bar.addWidget(self.cameras, 1)
        for w in (self.open_button, self.snapshot_button):
            bar.addWidget(w)
        column = QVBoxLayout()
        column.addLayout(bar)
        column.addWidget(self.canvas, 1)
        info = QHBoxLayout()
        info.addWidget(self.fps_label, 1)
        info.addWidget(self.names_label)
        column.addLayout(info)
        central = QWidget()
        central.setLayout(column)
        self.setCentralWidget(central)
        self.open_button.setIcon(icon("open_video"))
        self.snapshot_button.setIcon(icon("snapshot"))
        self.open_button.clicked.connect(self.choose_file)
        self.snapshot_button.clicked.connect(self.snapshot)
        self.analyzer = FrameAnalyzer(live_options(input_size))
        self.analysis: LiveAnalysis | None = None  # made when a source starts, closed with the window
        self.source: Any = None
        self.frames_shown = 0
        self._shown_since = (time.perf_counter(), 0)
        self.snapshot_folder: Path | None = None
        self.results = 0  # frames analysed since the source started
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._show_stats)
        self._list_cameras()
        self.cameras.activated.connect(self._camera_chosen)
        self.load_names()
        if library is not None:
            library.changed.connect(self.load_names)
        self.resize(960, 720)

    # -- names ---------------------------------------------------------------------------------

    def load_names(self) -> None:
        """Read the library's named people as a FaceMatcher off the UI thread; faces are named from then on."""
        if self.library is None:
            self.names_label.setText(self.tr("No library: faces show as Unknown"))
            return
        self.library.read(lambda lib: lib.face_matcher(), self._names_loaded)

    def _names_loaded(self, matcher: Any, error: BaseException | None) -> None:
        if error is not None:
            log.warning("cannot read the library's people: %s", error)
            self.names_label.setText(self.tr("Cannot read the library's people: faces show as Unknown"))
            return
        self.analyzer.matcher = matcher
        if matcher is None:
            self.names_label.setText(self.tr("No named people in the library yet: faces show as Unknown"))
        else:
            count = len({ld.label for ld in matcher.labeled_descriptors})
            self.names_label.setText(self.tr("Named people in the library: {count}").format(count=count))

    # -- sources -------------------------------------------------------------------------------

    def _list_cameras(self) -> None:
        self.cameras.clear()
        problem = multimedia_problem()
        if problem is not None:
            self.cameras.setEnabled(False)
            self.open_button.setEnabled(False)
            self._fail(self.tr("Camera and video support is not available: {error}").format(error=problem))
            return
        from ..media.sources import cameras

        for device in cameras():
            self.cameras.addItem(device.description(), device)
        if not self.cameras.count():
            self.cameras.addItem(self.tr("No camera"))
            self.cameras.setEnabled(False)

    def _camera_chosen(self, index: int) -> None:
        device = self.cameras.itemData(index)
        if device is not None:
            self.start_camera(device)

    def start_camera(self, device: Any = None) -> None:
        """Show the camera ``device`` (a QCameraDevice; default: the one chosen in the list, else the system's
        default). A missing, busy or denied camera is said in the window."""
        if multimedia_problem() is not None:
            return
        from ..media.sources import CameraSource

        if device is None:
            device = self.cameras.currentData()
        self._use(CameraSource(device, self))

    def choose_file(self) -> None:
        """Open video…: ask for a video file and show it as the source."""
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation) or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open video"), start, self.tr(VIDEO_FILTER))
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> None:
        """Show the video file at ``path`` (played at its frame rate) as the source."""
        if multimedia_problem() is not None:
            return
        from ..media.sources import FileSource

        self._use(FileSource(path, self))

    def _use(self, source: Any) -> None:
        self.stop()
        if self.analysis is None:  # first source, or the window was closed and is shown again
            self.analysis = LiveAnalysis(self.analyzer, self)
            self.analysis.analysed.connect(self._on_analysed)
        self._timer.start(STATS_INTERVAL_MS)
        self.statusBar().clearMessage()
        self.source = source
        self.results = 0
        source.frame.connect(self._on_frame)
        source.failed.connect(self._fail)
        source.ended.connect(self._ended)
        self.canvas.show_message(self.tr("Starting {name}…").format(name=source.name))
        self.setWindowTitle(self.tr("faceorganizer — Camera — {name}").format(name=source.name))
        source.start()

    def stop(self) -> None:
        """Stop the source shown (if any)."""
        if self.source is not None:
            self.source.frame.disconnect(self._on_frame)
            self.source.stop()
            self.source.deleteLater()
            self.source = None
        self.snapshot_button.setEnabled(False)

    def _fail(self, message: str) -> None:
        log.info("camera window: %s", message)
        self.canvas.show_message(message)
        self.snapshot_button.setEnabled(False)
        self.statusBar().showMessage(message)

    def _ended(self) -> None:
        self.statusBar().showMessage(self.tr("The video ended"), 10_000)

    # -- frames --------------------------------------------------------------------------------

    def _on_frame(self, image: QImage, at: float) -> None:
        """A new frame: shown at once, handed to the analysis (which drops it if busy)."""
        self.canvas.set_frame(image)
        self.frames_shown += 1
        self.snapshot_button.setEnabled(True)
        if self.analysis is not None:
            self.analysis.submit(image, at)

    def _on_analysed(self, result: FrameResult) -> None:
        self.results += 1
        self.canvas.set_result(result)
        self.analysed.emit(result)

    def _show_stats(self) -> None:
        if self.analysis is None:
            return
        stats = self.analysis.stats()
        now, shown = time.perf_counter(), self.frames_shown
        since, before = self._shown_since
        video_fps = (shown - before) / (now - since) if now > since else 0.0
        self._shown_since = (now, shown)
        if not stats.analysed:
            self.fps_label.setText("")
            return
        faces = len(self.canvas.result.faces) if self.canvas.result is not None else 0
        text = self.tr("Analysis: {fps:.1f} frames/s · video {video:.1f} frames/s · dropped {dropped} · faces {faces}")
        self.fps_label.setText(text.format(fps=stats.recent_fps, video=video_fps, dropped=stats.dropped, faces=faces))

    # -- snapshot ------------------------------------------------------------------------------

    def snapshot(self) -> None:
        """Save the frame on show in the snapshot folder (asked for the first time), on a worker thread."""
        image = self.canvas.image
        if image is None:
            return
        if self.snapshot_folder is None:
            start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
            folder = QFileDialog.getExistingDirectory(self, self.tr("Save snapshots in"), start or str(Path.home()))
            if not folder:
                return
            self.snapshot_folder = Path(folder)
        target, frame = self.snapshot_folder, image.copy()
        self.runner.run_task(lambda: save_snapshot(frame, target), self._saved)

    def _saved(self, path: Path | None, error: BaseException | None) -> None:
        if error is not None or path is None:
            self.statusBar().showMessage(self.tr("Cannot save the snapshot: {error}").format(error=error), 10_000)
        else:
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 10_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        self.stop()
        if self.analysis is not None:  # a source that starts again makes a new one
            self.analysis.close()
            self.analysis = None
        super().closeEvent(event)
