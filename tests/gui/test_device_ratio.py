"""Face thumbnails are sharp on high-density screens: crops are made at the screen's device pixel ratio (a 2x
screen gets 2x the pixels) and drawn at their logical size, in the grids, the face strips and Review."""

from __future__ import annotations

from PIL import Image
from PySide6.QtGui import QPixmap

from faceorganizer.geometry import Box
from faceorganizer.gui.images import CROP_SIZE, CropCache, face_crop


def test_a_crop_at_ratio_2_has_twice_the_pixels_and_says_so(tmp_path, qapp):
    path = tmp_path / "p.jpg"
    Image.new("RGB", (1200, 900), (90, 120, 150)).save(path)
    one, two = face_crop(str(path), Box(400, 300, 300, 300)), face_crop(str(path), Box(400, 300, 300, 300), ratio=2.0)
    assert (one.width(), one.devicePixelRatio()) == (CROP_SIZE, 1.0)
    assert (two.width(), two.height(), two.devicePixelRatio()) == (2 * CROP_SIZE, 2 * CROP_SIZE, 2.0)
    assert QPixmap.fromImage(two).deviceIndependentSize().width() == CROP_SIZE  # drawn at its logical size


def test_the_views_ask_for_crops_at_their_cache_ratio_and_strips_keep_it(app_window, qtbot, monkeypatch, qapp):
    from faceorganizer.gui import images
    from faceorganizer.gui.people.grid_view import side_by_side

    asked: list[float] = []
    model = app_window.people_model
    monkeypatch.setattr(images, "face_crop", lambda path, box, ratio=1.0, time=None: asked.append(ratio))
    model.cache = CropCache(ratio=2.0)  # empty: the other views filled the shared one at ratio 1 already
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.reload()

    def painted_and_asked() -> bool:
        app_window.grab()  # paint: the grid asks for its covers, then (once they are read) their crops
        return bool(asked)

    qtbot.waitUntil(painted_and_asked, timeout=10_000)
    assert set(asked) == {2.0}
    sharp = QPixmap(2 * CROP_SIZE, 2 * CROP_SIZE)
    sharp.setDevicePixelRatio(2.0)
    strip = side_by_side([sharp, sharp], 80)
    assert strip.devicePixelRatio() == 2.0 and strip.width() == 2 * (2 * 80 + 4)
    assert CropCache(ratio=1.5).ratio == 1.5
