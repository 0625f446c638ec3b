"""Videos in the app (issue 17.2): a video's thumbnail in the photo grid carries its duration; the photo viewer
plays a video from the frame shown (QtMultimedia) with the overlays of the face tracks on screen drawn on the
playing frames, and stops when the user leaves it."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QImage

from faceorganizer.gui.photos.canvas import SPAN_PAD
from faceorganizer.library.catalog import Catalog, PhotoInfo
from faceorganizer.video import write_video


def _pixels(image: QImage) -> np.ndarray:
    """``image`` as an HxWx3 RGB array (a copy: the converted image's memory goes with it)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    arr = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h).reshape(h, image.bytesPerLine())
    return arr[:, : 3 * w].reshape(h, w, 3).copy()


def test_duration_labels():
    from faceorganizer.gui.photos.list_model import duration_label

    assert [duration_label(s) for s in (0.2, 42, 62.4, 725, 3723, 36000)] == [
        "0:00", "0:42", "1:02", "12:05", "1:02:03", "10:00:00"]  # fmt: skip


@pytest.fixture
def photo_and_video_library(tmp_path):
    """A photo and a video (a 2 s red clip, catalogued as 1:02:03 long) in one folder."""
    path = tmp_path / "lib.sqlite"
    folder = tmp_path / "media"
    folder.mkdir()
    photo, video = folder / "a.jpg", folder / "b.mp4"
    Image.new("RGB", (320, 240), (220, 0, 0)).save(photo)
    red = np.zeros((240, 320, 3), np.uint8)
    red[..., 0] = 220
    write_video(video, [red] * 20, fps=10)
    with Catalog.open(path) as cat:
        cat.add_root(tmp_path)
        for i, (file, media) in enumerate(((photo, "photo"), (video, "video"))):
            st = file.stat()
            pid = cat.add_photo(None, str(file), st.st_size, st.st_mtime_ns)
            duration = 3723.0 if media == "video" else None
            cat.store_indexed(pid, PhotoInfo(st.st_size, st.st_mtime_ns, f"hash{i}", 320, 240, media=media,
                                             duration=duration), [])  # fmt: skip
    return path


def test_a_videos_thumbnail_in_the_grid_carries_its_duration(qtbot, photo_and_video_library):
    from faceorganizer.gui.photos import PhotoBrowser
    from faceorganizer.gui.services import LibraryService
    from faceorganizer.gui.tasks import TaskRunner

    browser = PhotoBrowser(LibraryService(photo_and_video_library, TaskRunner()))
    qtbot.addWidget(browser)
    browser.resize(900, 600)
    browser.show()
    with qtbot.waitSignal(browser.shown, timeout=5_000):
        browser.mode.setCurrentIndex(1)  # by folder: both files
    rows = browser.model._rows
    assert [(os.path.basename(p.path), p.duration) for p in rows] == [("a.jpg", None), ("b.mp4", 3723.0)]
    model = browser.model
    tooltip = model.data(model.index(1), 3)  # ToolTipRole
    assert tooltip.endswith("(1:02:03)")
    for row in range(2):
        model.data(model.index(row), 1)  # DecorationRole: asks for the thumbnails
    qtbot.waitUntil(lambda: model.cache.get(rows[0].id) is not None and model.cache.get(rows[1].id) is not None,
                    timeout=10_000)  # fmt: skip
    images = [model.cache.get(p.id) for p in rows]
    assert images[0] is not None and images[1] is not None
    photo, video = _pixels(images[0]), _pixels(images[1])
    h, w = video.shape[:2]
    corner = video[h - 22 : h - 4, w - 60 : w - 4].reshape(-1, 3)
    dark = (corner[:, 0] < 120).mean()  # the badge's translucent black over the red frame
    white = ((corner > 200).all(axis=1)).mean()  # its text
    assert dark > 0.3 and white > 0.02
    assert (photo[h - 22 : h - 4, w - 60 : w - 4, 0] > 200).all()  # a photo has no badge
    assert (video[: h // 2, : w // 2, 0] > 180).mean() > 0.95  # the rest of the thumbnail is the frame
    grab = browser.grid.viewport().grab().toImage()
    assert not grab.isNull()


# -- playing a video in the photo viewer --------------------------------------------------------------------


def _portrait_frame(name: str, height: int = 360) -> np.ndarray:
    """A 640x480 grey frame with the bundled portrait ``name`` in its middle, ``height`` px high."""
    from importlib import resources

    im = Image.open(str(resources.files("faceorganizer.samples") / name)).convert("RGB")
    im = im.resize((round(im.width * height / im.height), height))
    face = np.asarray(im)[:, :640]
    frame = np.full((480, 640, 3), 96, np.uint8)
    x = (640 - face.shape[1]) // 2
    frame[60 : 60 + height, x : x + face.shape[1]] = face
    return frame


@pytest.fixture
def video_library(tmp_path):
    """A library of one 3 s video scanned with the real networks: Grace Hopper for its first second, the astronaut
    for the next, then no one (so two face tracks, one face each, at different times)."""
    from faceorganizer.library.indexing import scan

    folder = tmp_path / "videos"
    folder.mkdir()
    grey = np.full((480, 640, 3), 96, np.uint8)
    frames = [_portrait_frame("grace_hopper.jpg")] * 10 + [_portrait_frame("astronaut.jpg")] * 10 + [grey] * 10
    write_video(folder / "two.mp4", frames, fps=10)
    path = tmp_path / "lib.sqlite"
    with Catalog.open(path) as cat:
        scan(cat, [folder])
    return path


def _viewer(qtbot, path):
    from faceorganizer.gui.photos import PhotoView
    from faceorganizer.gui.services import LibraryService
    from faceorganizer.gui.tasks import TaskRunner

    view = PhotoView(LibraryService(path, TaskRunner()))
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    return view


def _multimedia() -> None:
    """Skip unless QtMultimedia loads (PySide6-Addons and its system libraries); loaded through the app's module,
    which quiets its backend's warnings first."""
    pytest.importorskip("faceorganizer.gui.media.sources", reason="QtMultimedia or its system libraries missing")


def _blue(pixels: np.ndarray) -> int:
    """How many pixels are exactly the overlays' box blue (face-api.js's rgba(0, 0, 255), which also fills the
    name's field)."""
    return int(((pixels[..., 2] == 255) & (pixels[..., 0] == 0) & (pixels[..., 1] == 0)).sum())


@pytest.mark.qt_log_ignore(r"No RHI backend\. Using CPU conversion")
def test_the_viewer_plays_a_video_with_the_overlays_of_the_tracks_on_screen(qtbot, video_library):
    _multimedia()
    from faceorganizer.gui.photos.canvas import on_screen_at
    from faceorganizer.gui.photos.overlay import OverlayOptions

    view = _viewer(qtbot, video_library)
    with Catalog.open(video_library) as cat:
        (photo_id,) = [r[0] for r in cat.query("SELECT id FROM photos")]
        spans = sorted(tuple(r) for r in cat.query("SELECT track_start, track_end FROM faces"))
    assert len(spans) == 2 and spans[0][1] < spans[1][0]  # Grace's track, then the astronaut's
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show_photo(photo_id)
    assert view.shown_at == spans[0][0] and view.play_button.isVisible()
    assert view.canvas.time == spans[0][0] and len(view.canvas.shown_faces()) == 1  # the still: Grace's face only
    assert not view.canvas.played and view.canvas.overlays_drawn == 0
    played: list[tuple[float, int, int]] = []  # (time, faces drawn, blue pixels) of each played frame

    def grab(_image, seconds):
        """The played frame painted with its overlays, then without: the pixels that differ are the overlays'."""
        canvas = view.canvas
        drawn = _pixels(canvas.grab().toImage())
        options = canvas.options
        canvas.options = OverlayOptions(boxes=False, labels=False, details=False)
        bare = _pixels(canvas.grab().toImage())
        canvas.options = options
        overlay = (drawn != bare).any(axis=2)
        played.append((seconds, len(canvas.shown_faces()), _blue(np.where(overlay[..., None], drawn, 0))))

    qtbot.keyClick(view.canvas, " ")  # Space plays
    assert view.playing and view.play_button.text() == "Pause"
    assert view.player is not None
    view.player.frame.connect(grab)
    qtbot.waitUntil(lambda: any(t > 2.2 for t, _, _ in played), timeout=20_000)
    for t, faces, blue in played:
        expected = [s for s in spans if s[0] - SPAN_PAD <= t <= s[1] + SPAN_PAD]  # tracks' spans, padded
        assert faces == len(expected), (t, faces, spans)
        assert blue > 200 if expected else blue == 0, (t, blue)  # box and name drawn on the frames with a face
    assert any(f for _, f, _ in played) and any(not f for _, f, _ in played)
    assert view.canvas.overlays_drawn > 0
    assert all(on_screen_at(f, spans[1][0]) == (f.track_start == spans[1][0]) for f in view.canvas.photo.faces)
    view.toggle_play()  # pause
    assert not view.playing and view.player is not None
    view.hide()  # leaving the viewer stops the video
    assert view.player is None and view.play_button.text() == "Play"


@pytest.mark.qt_log_ignore(r"No RHI backend\. Using CPU conversion")
def test_a_video_opened_on_a_face_shows_and_plays_from_its_frame(qtbot, video_library):
    _multimedia()
    view = _viewer(qtbot, video_library)
    with Catalog.open(video_library) as cat:
        photo_id, at = max((tuple(r) for r in cat.query("SELECT photo_id, frame_time FROM faces")), key=lambda r: r[1])
    assert at >= 1.0  # the astronaut's face
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show_in(photo_id, [photo_id], "Someone", at)
    assert view.shown_at == at
    times: list[float] = []
    view.toggle_play()
    assert view.player is not None
    view.player.frame.connect(lambda _image, seconds: times.append(seconds))
    qtbot.waitUntil(lambda: len(times) >= 3, timeout=20_000)
    assert min(times) >= at - 0.15  # from the face's frame, not from the start
    view.show_photo(photo_id)  # the same video again (a reload after naming a face): it plays on
    assert view.player is not None
    view.show_photo(photo_id + 1)  # another photo: the video stops
    assert view.player is None and not view.playing


def test_a_video_face_opened_from_its_person_shows_its_frame(qtbot, video_library):
    """Double-clicking a video face in the Person view opens the viewer on that face's frame, not the first's."""
    from faceorganizer.gui.app import build_window
    from faceorganizer.library.people import People

    with Catalog.open(video_library) as cat:
        face_id, at = max((tuple(r) for r in cat.query("SELECT id, frame_time FROM faces")), key=lambda r: r[1])
        People(cat).name_face(face_id, "Ann")  # the astronaut, seen from 1 s on
        person_id = cat.scalar("SELECT person_id FROM faces WHERE id = ?", (face_id,))
    win = build_window(video_library)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    with qtbot.waitSignal(win.people_model.loaded, timeout=20_000):
        win.show()
    people = [win.people_model.person(r) for r in range(win.people_model.rowCount())]
    person = next(p for p in people if p.id == person_id)
    with qtbot.waitSignal(win.person_view.model.loaded, timeout=10_000):
        win.open_person(person.id)
    qtbot.waitUntil(lambda: len(win.person_view.model.rows) == person.face_count, timeout=10_000)
    with qtbot.waitSignal(win.photo_view.loaded, timeout=10_000):
        win.person_view.grid.activated.emit(win.person_view.model.index(0))
    assert win.stack.currentWidget() is win.photo_view
    assert at >= 1.0 and win.photo_view.shown_at == at and win.photo_view.play_button.isVisible()
    win.close()
