"""Where the Camera window's frames come from, through QtMultimedia: a camera (QCamera in a
QMediaCaptureSession) or a video file (QMediaPlayer), each into a QVideoSink whose frames become QImages
(``frame``, on the UI thread). A camera that is missing, busy or denied, or a file that cannot be played, is
a ``failed`` message for the user. Nothing is recorded: frames are only shown and analysed.

Imported only when the window needs a source: QtMultimedia is in PySide6-Addons and needs system libraries
(libpulse) that a server may lack; ``multimedia_problem`` says why it cannot load instead of failing."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLoggingCategory, QObject, QUrl, Signal
from PySide6.QtGui import QImage

from ..i18n import Texts

# QtMultimedia's FFmpeg backend warns of every optional library it does not find (PipeWire, VA-API hardware
# decoding) as it loads, and tells of its FFmpeg version and of having no hardware decoder: nothing a user can
# or needs to act on. Set before QtMultimedia loads; QT_LOGGING_RULES still overrides it.
QUIET_CATEGORIES = ("qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.ffmpeg.info=false\n"
                    "qt.multimedia.playbackengine.codec.info=false")  # fmt: skip
QLoggingCategory.setFilterRules(QUIET_CATEGORIES)

from PySide6.QtMultimedia import (  # noqa: E402 - after the logging rules
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QMediaPlayer,
    QVideoFrame,
    QVideoSink,
)

CameraSources = Texts("CameraSources")  # the sources' messages to the user


def cameras() -> list[QCameraDevice]:
    """The cameras the system has, the default one first."""
    found = list(QMediaDevices.videoInputs())
    default = QMediaDevices.defaultVideoInput()
    return sorted(found, key=lambda d: d.id() != default.id())


class FrameSource(QObject):
    """A source of frames: ``frame(image, seconds)`` for each new frame, ``failed(message)`` when it cannot
    deliver (the user is told why), ``ended()`` at the end of a video."""

    frame = Signal(QImage, float)
    failed = Signal(str)
    ended = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._on_frame)
        self._started = time.perf_counter()

    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        start = frame.startTime()  # microseconds from the start of the video; -1 when the camera says none
        at = start / 1e6 if start >= 0 else time.perf_counter() - self._started
        self.frame.emit(image, at)

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class CameraSource(FrameSource):
    """The camera ``device`` (default: the system's default camera)."""

    def __init__(self, device: QCameraDevice | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.device = device if device is not None else QMediaDevices.defaultVideoInput()
        self.camera = QCamera(self.device, self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self.sink)
        self.camera.errorOccurred.connect(self._on_error)

    @property
    def name(self) -> str:
        return self.device.description()

    def start(self) -> None:
        if self.device.isNull():
            self.failed.emit(CameraSources.tr("No camera found. Connect a camera, or open a video file (Open video…)."))
            return
        if (denied := _permission_denied()) is not None:
            self.failed.emit(denied)
            return
        self._started = time.perf_counter()
        self.camera.start()

    def stop(self) -> None:
        self.camera.stop()

    def _on_error(self, error: QCamera.Error, message: str) -> None:
        if error == QCamera.Error.NoError:
            return
        text = CameraSources.tr("The camera {name} cannot be used: it may be busy in another program, or "
                                "access to it was denied. ({error})")  # fmt: skip
        self.failed.emit(text.format(name=self.name or CameraSources.tr("(unnamed)"), error=message or error.name))


def _permission_denied() -> str | None:
    """A message when the system denies the app the camera (macOS, Windows, Flatpak portals), else None."""
    try:
        from PySide6.QtCore import QCameraPermission, Qt

        app = QCoreApplication.instance()
        if app is None or app.checkPermission(QCameraPermission()) != Qt.PermissionStatus.Denied:
            return None
    except (ImportError, AttributeError, RuntimeError):  # no permission API here: nothing is asked
        return None
    return CameraSources.tr("Access to the camera was denied. Allow faceorganizer to use the camera in the "
                            "system's privacy settings, then open the camera again.")  # fmt: skip


class FileSource(FrameSource):
    """The video file at ``path``, played at its own frame rate (no sound)."""

    def __init__(self, path: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.player = QMediaPlayer(self)
        self.player.setVideoOutput(self.sink)
        self.player.errorOccurred.connect(self._on_error)
        self.player.mediaStatusChanged.connect(self._on_status)
        self._start_at = 0.0

    @property
    def name(self) -> str:
        return self.path.name

    def start(self, at: float = 0.0) -> None:
        """Play from the start, or from ``at`` seconds (the photo viewer plays a video from the frame it shows)."""
        if not self.path.is_file():
            self.failed.emit(CameraSources.tr("{path}: no such file").format(path=self.path))
            return
        self._started = time.perf_counter()
        self._start_at = at
        self.player.setSource(QUrl.fromLocalFile(str(self.path.resolve())))
        if at > 0:
            self.player.setPosition(round(at * 1000))
        self.player.play()

    def pause(self) -> None:
        """Hold the frame on show; ``resume`` goes on from it."""
        self.player.pause()

    def resume(self) -> None:
        self.player.play()

    def stop(self) -> None:
        self.player.stop()

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            text = CameraSources.tr("Cannot play {path}: {error}")
            self.failed.emit(text.format(path=self.path.name, error=message or error.name))

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._start_at > 0:
            # a position set before the file was loaded may be dropped: set it again once it is
            self.player.setPosition(round(self._start_at * 1000))
            self._start_at = 0.0
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.ended.emit()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            text = CameraSources.tr("Cannot play {path}: not a video Qt can read")
            self.failed.emit(text.format(path=self.path.name))
