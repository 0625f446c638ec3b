"""HEIC decoding at reduced size: an embedded thumbnail at least ``max_side`` is decoded instead of the
image (HEVC has no reduced-size decoding: the full image costs ~1 s at 12 MP), with the same displayed
pixels as the full decode reduced, orientation applied; a thumbnail too small is never used."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from faceorganizer import imaging


def _photo(w: int, h: int) -> np.ndarray:
    """Smooth content with some texture (a flat image would hide a wrong crop or rotation)."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    r = 127 + 120 * np.sin(x / 97.0)
    g = 127 + 120 * np.cos(y / 61.0)
    b = (x + y) / (w + h) * 255
    return np.clip(np.stack([r, g, b], -1), 0, 255).astype(np.uint8)


def _heic(tmp_path, w: int, h: int, thumbnails: list[int], orientation: int = 1) -> str:
    import pillow_heif  # a dependency of the package: an install without it is broken, not a reason to skip

    pillow_heif.register_heif_opener()
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    try:
        Image.fromarray(_photo(w, h)).save(buf, format="HEIF", quality=90, exif=exif.tobytes(),
                                           thumbnails=thumbnails, enc_params={"preset": "ultrafast"})  # fmt: skip
    except (KeyError, OSError) as exc:
        pytest.skip(f"this pillow-heif cannot encode HEIC to make the test file: {exc}")
    path = tmp_path / "photo.heic"
    path.write_bytes(buf.getvalue())
    return str(path)


@pytest.fixture
def drafts(monkeypatch) -> list[object]:
    """What each HEIF ``draft`` call returned (None: no thumbnail selected, the full image is decoded)."""
    from pillow_heif.as_plugin import HeifImageFile

    calls: list[object] = []
    original = HeifImageFile.draft

    def spy(self, mode, size):
        calls.append(result := original(self, mode, size))
        return result

    monkeypatch.setattr(HeifImageFile, "draft", spy)
    return calls


def _reduced(pixels: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    return np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.BOX), dtype=np.int16)


@pytest.mark.parametrize("orientation", [1, 6])
def test_a_big_enough_thumbnail_is_decoded_instead(tmp_path, drafts, orientation):
    path = _heic(tmp_path, 1200, 800, thumbnails=[200, 640], orientation=orientation)
    full = imaging.decode(path)
    assert drafts == []  # no max_side: never a thumbnail
    fast = imaging.decode(path, max_side=600)
    assert len(drafts) == 1 and drafts[0] is not None, "the 640 px thumbnail was not used"
    displayed = (800, 1200) if orientation == 6 else (1200, 800)  # (w, h): libheif applies the rotation
    assert (full.width, full.height) == displayed
    assert max(fast.width, fast.height) >= 600 and max(fast.width, fast.height) < 1200
    assert (fast.width > fast.height) == (full.width > full.height)  # same orientation as the full decode
    assert fast.stored_size == full.stored_size
    assert fast.scale == pytest.approx(max(fast.width, fast.height) / 1200, abs=1e-3)
    diff = np.abs(_reduced(full.pixels, (fast.width, fast.height)) - fast.pixels.astype(np.int16))
    assert diff.mean() < 4, "the thumbnail does not show the image as the full decode does"


def test_a_thumbnail_smaller_than_max_side_is_not_used(tmp_path, drafts):
    path = _heic(tmp_path, 1200, 800, thumbnails=[320])  # a phone's: too small for the detector's input
    fast = imaging.decode(path, max_side=600)
    assert drafts == [None]
    assert (fast.width, fast.height) == (1200, 800)  # full decode; not reduced (under 2x max_side)
    reduced = imaging.decode(path, max_side=400)
    assert drafts == [None, None] and (reduced.width, reduced.height) == (400, 267)
