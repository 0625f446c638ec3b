"""The one crop step every face view uses (CropCache.crop): a face is cropped once on a worker however many
views ask, each view is told once, and a photo that cannot be read leaves a cached grey placeholder."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtGui import QColor, QImage

from faceorganizer.geometry import Box
from faceorganizer.gui import images
from faceorganizer.gui.images import CROP_SIZE, PLACEHOLDER_COLOR, CropCache
from faceorganizer.gui.tasks import TaskRunner


class _View:
    """Stands in for a model or view: counts the crops it was told about."""

    def __init__(self) -> None:
        self.told: list[int] = []

    def ready(self, face_id: int, image: QImage) -> None:
        self.told.append(face_id)


def test_a_face_is_cropped_once_for_every_view_and_each_is_told_once(qtbot, tmp_path: Path, monkeypatch):
    path = tmp_path / "p.jpg"
    Image.new("RGB", (400, 300), (90, 120, 150)).save(path)
    made: list[str] = []
    real = images.face_crop
    monkeypatch.setattr(images, "face_crop", lambda *a, **k: made.append(a[0]) or real(*a, **k))
    cache, runner, a, b = CropCache(ratio=1.0), TaskRunner(), _View(), _View()
    box = Box(100, 80, 120, 120)
    for _repaint in range(3):  # views ask on every repaint until the crop is there
        assert cache.crop(7, str(path), box, runner, a.ready) is None
        assert cache.crop(7, str(path), box, runner, b.ready) is None
    qtbot.waitUntil(lambda: bool(a.told and b.told), timeout=10_000)
    qtbot.wait(20)
    assert made == [str(path)] and a.told == [7] and b.told == [7]
    crop = cache.crop(7, str(path), box, runner, a.ready)
    assert crop is not None and crop.width() == CROP_SIZE and a.told == [7]  # cached: nobody is told again
    runner.shutdown()


def test_an_unreadable_photo_leaves_a_cached_placeholder(qtbot, tmp_path: Path):
    cache, runner, view = CropCache(ratio=1.0), TaskRunner(), _View()
    assert cache.crop(3, str(tmp_path / "gone.jpg"), Box(0, 0, 10, 10), runner, view.ready) is None
    qtbot.waitUntil(lambda: view.told == [3], timeout=10_000)
    image = cache.get(3)
    assert image is not None and image.pixelColor(5, 5) == QColor(PLACEHOLDER_COLOR)
    assert cache.crop(3, str(tmp_path / "gone.jpg"), Box(0, 0, 10, 10), runner, view.ready) is not None  # not retried
    assert view.told == [3]
    runner.shutdown()
