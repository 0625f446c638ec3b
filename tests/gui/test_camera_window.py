"""The Camera window (issue 17.3): it opens without a camera and says so; on a generated video source it
shows the frames with overlays drawn on them (box, landmarks, name, details), the analysis off the UI
thread dropping frames rather than queueing them, the measured frames per second on show, the library's
people naming the faces; File > Camera and File > Open video open it from the app; a snapshot is written
only when asked, in the folder chosen."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6.QtMultimedia", reason="QtMultimedia (PySide6-Addons) or its system libraries missing")

from PySide6.QtGui import QImage  # noqa: E402

# QtMultimedia converts frames on the CPU when it has no GPU (offscreen, CI): it says so once, as a warning
pytestmark = pytest.mark.qt_log_ignore(r"No RHI backend\. Using CPU conversion")


@pytest.fixture
def camera_window(qtbot):
    from faceorganizer.gui.camera import CameraWindow

    win = CameraWindow()
    qtbot.addWidget(win)
    win.resize(900, 700)
    win.show()
    yield win
    win.close()


def test_the_window_opens_without_a_camera_and_says_so(qtbot, camera_window):
    camera_window.start_camera()
    qtbot.waitUntil(lambda: "No camera found" in camera_window.canvas.message, timeout=5_000)
    assert "open a video file" in camera_window.statusBar().currentMessage()
    assert not camera_window.cameras.isEnabled() and camera_window.cameras.currentText() == "No camera"
    assert not camera_window.snapshot_button.isEnabled()  # nothing to save
    image = camera_window.canvas.grab().toImage()
    assert image.pixelColor(5, 5).name() == "#202124"  # no picture, the message instead


def face_name(face):
    from faceorganizer.gui.camera.canvas import face_name

    return face_name(face)


def _blue(color) -> bool:
    return color.blue() > 200 and color.red() < 80 and color.green() < 80


def test_a_video_source_shows_its_frames_with_overlays(qtbot, camera_window, face_video):
    ui_thread = threading.current_thread().name
    results = []
    camera_window.analysed.connect(results.append)
    camera_window.open_file(face_video)
    qtbot.waitUntil(lambda: len(results) >= 10 and camera_window.canvas.overlays_drawn >= 5, timeout=20_000)
    assert threading.current_thread().name == ui_thread
    assert camera_window.analysis.loop._worker.name == "faceorganizer-live"  # the models run there
    with_faces = [r for r in results if r.faces]
    assert len(with_faces) >= 0.8 * len(results)
    assert all(f.name is None for r in with_faces for f in r.faces)  # no library: unknown
    # on the frame: the box's top edge and the name field above it in the box colour, neither without overlays
    canvas = camera_window.canvas
    canvas.image, canvas.result = QImage(canvas.image), with_faces[-1]  # hold one frame still
    shot = canvas.grab().toImage()
    canvas.set_result(None)
    bare = canvas.grab().toImage()
    target = canvas.image_rect()
    scale = target.width() / with_faces[-1].width
    box = with_faces[-1].faces[0].box
    left, top = target.x() + box.x * scale, target.y() + box.y * scale
    edge = [(round(left + f * box.width * scale), round(top)) for f in (0.3, 0.4, 0.5, 0.6, 0.7)]
    label = [(round(left + dx), round(top - dy)) for dx in (3, 6) for dy in (4, 8)]
    for x, y in edge + label:
        assert any(_blue(shot.pixelColor(x, y + d)) for d in (-1, 0, 1)), (x, y)
        assert not _blue(bare.pixelColor(x, y)), (x, y)
    assert face_name(with_faces[-1].faces[0]) == "Unknown"
    # the frames-per-second line
    qtbot.waitUntil(lambda: "frames/s" in camera_window.fps_label.text(), timeout=5_000)
    assert "No library" in camera_window.names_label.text()


def test_the_library_s_people_name_the_faces(qtbot, grace_library, face_video):
    from faceorganizer.gui.camera import CameraWindow
    from faceorganizer.gui.services import LibraryService
    from faceorganizer.gui.tasks import TaskRunner

    runner = TaskRunner()
    win = CameraWindow(LibraryService(grace_library, runner))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.analyzer.matcher is not None, timeout=10_000)
    assert "1" in win.names_label.text()
    results = []
    win.analysed.connect(results.append)
    win.open_file(face_video)
    qtbot.waitUntil(lambda: sum(bool(r.faces) for r in results) >= 5, timeout=20_000)
    names = [face_name(f) for r in results for f in r.faces]
    assert names.count("Grace") >= 0.8 * len(names)
    win.close()
    runner.shutdown()


def test_a_snapshot_is_saved_only_when_asked_in_the_chosen_folder(qtbot, camera_window, face_video, tmp_path,
                                                                  monkeypatch):  # fmt: skip
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "snaps"
    folder.mkdir()
    asked = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: asked.append(a) or str(folder))
    camera_window.open_file(face_video)
    qtbot.waitUntil(lambda: camera_window.snapshot_button.isEnabled(), timeout=20_000)
    assert not list(folder.iterdir())  # nothing stored while it runs
    for count in (1, 2):
        camera_window.statusBar().clearMessage()
        camera_window.snapshot_button.click()
        qtbot.waitUntil(lambda: "Saved" in camera_window.statusBar().currentMessage(), timeout=10_000)
        assert len(list(folder.iterdir())) == count
    assert len(asked) == 1  # the folder is asked for once
    saved = sorted(folder.iterdir())
    assert all(p.name.startswith("camera-") and p.suffix == ".jpg" for p in saved)  # no temporary file left
    image = QImage(str(saved[0]))
    assert (image.width(), image.height()) == (640, 480)


def test_file_camera_and_open_video_open_the_camera_window(qtbot, app_window, face_video, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    actions = app_window.shortcut_actions
    assert actions["camera"].shortcut().toString() == "Ctrl+Shift+C" and not actions["camera"].icon().isNull()
    actions["camera"].trigger()
    camera = app_window._camera
    assert camera is not None and camera.isVisible()
    qtbot.waitUntil(lambda: "No camera found" in camera.canvas.message, timeout=5_000)
    qtbot.waitUntil(lambda: "No named people" in camera.names_label.text(), timeout=10_000)  # unnamed people only
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(face_video), ""))
    actions["open_video"].trigger()
    assert app_window._camera is camera  # one Camera window
    qtbot.waitUntil(lambda: camera.canvas.overlays_drawn > 0, timeout=20_000)
    assert face_video.name in camera.windowTitle()
    camera.close()  # closed and opened again: analysed again
    actions["open_video"].trigger()
    assert app_window._camera is camera and camera.isVisible()
    qtbot.waitUntil(lambda: camera.results >= 3 and camera.canvas.result is not None, timeout=20_000)
    app_window.close()
    assert not camera.isVisible()


def test_a_busy_or_denied_camera_is_said_in_the_window(qtbot, camera_window):
    from PySide6.QtMultimedia import QCamera

    from faceorganizer.gui.media.sources import CameraSource

    source = CameraSource(parent=camera_window)
    camera_window._use(source)  # no device here: it says so
    qtbot.waitUntil(lambda: "No camera found" in camera_window.canvas.message, timeout=5_000)
    source._on_error(QCamera.Error.CameraError, "Device or resource busy")  # as QCamera reports a busy device
    message = camera_window.canvas.message
    assert "cannot be used" in message and "busy" in message and "Device or resource busy" in message
    assert camera_window.statusBar().currentMessage() == message
