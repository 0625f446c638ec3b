"""JPEG XL photos (issue 18.1): the header read by hand (size in every SizeHeader form, the codestream's
orientation, the container's Exif) agrees with libjxl; a JXL transcoded from a bundled photo gives the JPEG's
pixels and faces as displayed for each orientation, and its date; a bomb is refused before decoding, damaged files
get clear errors; a scan indexes JXL files."""

from __future__ import annotations

import io
from importlib import resources

import imagecodecs
import numpy as np
import pytest
from PIL import Image

from faceorganizer import jxl
from faceorganizer.api.analyze import detect
from faceorganizer.imaging import ImageLoadError, decode
from faceorganizer.library.indexing.photo_reader import taken_at

#: EXIF orientation -> the stored pixels of a camera held that way, from the upright (displayed) ones.
STORED = {1: lambda a: a, 3: lambda a: a[::-1, ::-1], 6: lambda a: np.rot90(a, 1), 8: lambda a: np.rot90(a, -1)}


def _photo() -> np.ndarray:
    im = Image.open(str(resources.files("faceorganizer.samples") / "astronaut.jpg")).convert("RGB")
    return np.asarray(im.resize((640, 600), Image.Resampling.BICUBIC))


def _jpeg(pixels: np.ndarray, orientation: int = 1, date: str | None = "2024:05:06 07:08:09") -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    if date:
        exif.get_ifd(0x8769)[0x9003] = date
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


@pytest.mark.parametrize("container", [False, True])
@pytest.mark.parametrize(
    "size", [(1, 1), (8, 8), (64, 48), (100, 200), (513, 7), (640, 480), (4032, 3024), (4000, 3000), (3, 70000)]
)
def test_the_header_gives_the_size_libjxl_encoded(size, container):
    w, h = size
    data = imagecodecs.jpegxl_encode(np.zeros((h, w, 3), np.uint8), effort=1, usecontainer=container)
    assert data.startswith(jxl.CONTAINER if container else jxl.CODESTREAM)
    assert jxl.read_header(data)[:2] == ((w, h), 1)


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_a_transcoded_jpeg_gives_its_pixels_faces_and_date_as_displayed(tmp_path, orientation):
    photo = _photo()
    stored = np.ascontiguousarray(STORED[orientation](photo))
    jpeg = _jpeg(stored, orientation)
    path = tmp_path / "shot.jxl"
    path.write_bytes(imagecodecs.jpegxl_encode_jpeg(jpeg))  # as `cjxl photo.jpg` makes it (lossless)
    assert jxl.read_header(path.read_bytes())[:2] == ((stored.shape[1], stored.shape[0]), orientation)
    decoded, reference = decode(path), decode(jpeg)
    assert decoded.orientation == orientation and decoded.pixels.shape == photo.shape
    # libjxl decodes the JPEG's coefficients a little otherwise than libjpeg (at most 6 levels here), which moves
    # SSD's box a few pixels: the face is the same
    assert np.abs(decoded.pixels.astype(int) - reference.pixels).mean() < 1.0
    (found,), (expected,) = detect(decoded.pixels), detect(reference.pixels)
    assert found.box.iou(expected.box) > 0.8
    lossless = tmp_path / "lossless.jxl"  # pixels stored losslessly (no orientation): exactly those pixels
    lossless.write_bytes(imagecodecs.jpegxl_encode(stored, lossless=True))
    assert np.array_equal(decode(lossless).pixels, stored)
    assert taken_at(str(path)) == "2024-05-06T07:08:09"
    small = decode(path, max_side=150)  # reduced while converting, as for other formats
    assert max(small.pixels.shape[:2]) >= 150 and small.scale < 1


def test_16_bit_grey_and_alpha_jxls_are_read():
    grey16 = (np.linspace(0, 65535, 64 * 48).reshape(48, 64)).astype(np.uint16)
    pixels = decode(imagecodecs.jpegxl_encode(grey16, lossless=True)).pixels
    assert pixels.shape == (48, 64, 3) and pixels[0, 0, 0] == 0 and pixels[-1, -1, 0] == 255
    rgba = np.zeros((32, 32, 4), np.uint8)
    rgba[..., 0], rgba[..., 3] = 200, 255
    assert decode(imagecodecs.jpegxl_encode(rgba, lossless=True)).pixels[5, 5].tolist() == [200, 0, 0]


def _bits(fields: list[tuple[int, int]]) -> bytes:
    """Values packed least significant bit first, as a codestream does: [(value, bits), ...]."""
    acc, n = 0, 0
    for value, bits in fields:
        acc |= value << n
        n += bits
    return acc.to_bytes((n + 7) // 8 + 1, "little")


def test_a_bomb_is_refused_before_decoding_and_damaged_files_say_so(tmp_path, monkeypatch):
    # a codestream header claiming 100000 x 100000 pixels (not small; U32 selector 2: 18 bits), then nothing
    bomb = tmp_path / "bomb.jxl"
    bomb.write_bytes(jxl.CODESTREAM + _bits([(0, 1), (2, 2), (99_999, 18), (0, 3), (2, 2), (99_999, 18), (1, 1)]))
    assert jxl.read_header(bomb.read_bytes())[0] == (100_000, 100_000)
    monkeypatch.setattr(imagecodecs, "jpegxl_decode", lambda *a, **k: pytest.fail("decoded a bomb"))
    with pytest.raises(ImageLoadError, match="bomb.jxl: image too large"):
        decode(bomb)
    monkeypatch.undo()
    whole = imagecodecs.jpegxl_encode(_photo(), level=90)
    (tmp_path / "cut.jxl").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImageLoadError, match="cut.jxl: corrupt or truncated image"):
        decode(tmp_path / "cut.jxl")
    (tmp_path / "header.jxl").write_bytes(jxl.CODESTREAM + b"\x01")
    with pytest.raises(ImageLoadError, match="header.jxl: corrupt or truncated image"):
        decode(tmp_path / "header.jxl")
    (tmp_path / "notes.jxl").write_text("not a photo")
    with pytest.raises(ImageLoadError, match="notes.jxl: not an image"):
        decode(tmp_path / "notes.jxl")


def test_a_scan_indexes_jpeg_xl_photos(tmp_path):
    from faceorganizer.library.catalog import Catalog
    from faceorganizer.library.indexing import scan

    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "portrait.jxl").write_bytes(imagecodecs.jpegxl_encode_jpeg(_jpeg(_photo())))
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [folder])
        assert summary.errors == [] and summary.indexed == 1 and summary.faces == 1
        (photo,) = cat.photos()
        assert (photo.width, photo.height, photo.taken_at) == (640, 600, "2024-05-06T07:08:09")
