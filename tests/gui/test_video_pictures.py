"""Videos in the app's pictures (issue 17): a video face's crop is cut from the frame at its ``frame_time``, and a
video's thumbnail and viewer picture are one of its frames, never an image decode that fails."""

from __future__ import annotations

import numpy as np

from faceorganizer.geometry import Box
from faceorganizer.gui.images import face_crop, load_photo
from faceorganizer.gui.photos.list_model import photo_thumbnail
from faceorganizer.video import write_video


def _video(tmp_path):
    """2 s at 10 fps, 160x120: red for the first second, green for the next."""
    red, green = np.zeros((120, 160, 3), np.uint8), np.zeros((120, 160, 3), np.uint8)
    red[..., 0], green[..., 1] = 220, 220
    path = tmp_path / "clip.mp4"
    write_video(path, [red] * 10 + [green] * 10, fps=10)
    return str(path)


def _mean(image) -> np.ndarray:
    ptr = image.convertToFormat(image.Format.Format_RGB888).constBits()
    w, h = image.width(), image.height()
    arr = np.frombuffer(ptr, np.uint8, count=image.bytesPerLine() * h).reshape(h, image.bytesPerLine())
    return arr[:, : 3 * w].reshape(h, w, 3).reshape(-1, 3).mean(axis=0)


def test_a_video_faces_crop_comes_from_its_frame(qtbot, tmp_path):
    path = _video(tmp_path)
    box = Box(40, 30, 80, 60)
    early, late = _mean(face_crop(path, box, time=0.3)), _mean(face_crop(path, box, time=1.6))
    assert early[0] > 150 > early[1] and late[1] > 150 > late[0]


def test_a_videos_thumbnail_and_viewer_picture_are_its_frames(qtbot, tmp_path):
    path = _video(tmp_path)
    thumb = photo_thumbnail(path, 64)
    assert not thumb.isNull() and max(thumb.width(), thumb.height()) == 64
    image, scale = load_photo(path, time=0.2)
    assert (image.width(), image.height(), scale) == (160, 120, 1.0) and _mean(image)[0] > 150
