"""imaging: every supported kind of input decodes to displayed-orientation RGB; bad input fails clearly."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pytest
from PIL import Image

from faceorganizer import imaging
from faceorganizer.geometry import Box
from faceorganizer.imaging import ImageLoadError, decode, load_image


def _gradient(w: int = 64, h: int = 48) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 255 // (w - 1), y * 255 // (h - 1), (x + y) % 256], axis=2).astype(np.uint8)


def _save(img: Image.Image, path, **kw) -> str:
    img.save(path, **kw)
    return str(path)


@pytest.mark.parametrize("fmt,suffix", [("PNG", ".png"), ("BMP", ".bmp"), ("TIFF", ".tif"), ("WEBP", ".webp")])
def test_lossless_formats_roundtrip(tmp_path, fmt, suffix):
    arr = _gradient()
    kw = {"lossless": True} if fmt == "WEBP" else {}
    path = _save(Image.fromarray(arr), tmp_path / f"a{suffix}", format=fmt, **kw)
    out = load_image(path)
    assert out.dtype == np.uint8 and out.shape == (48, 64, 3)
    np.testing.assert_array_equal(out, arr)


def test_gif_first_frame_and_palette(tmp_path):
    frames = [Image.new("P", (20, 10), i) for i in (3, 7)]
    for i, f in enumerate(frames):
        f.putpalette([0, 0, 0] * 3 + [200, 10, 10] + [0, 0, 0] * 3 + [10, 200, 10] + [0, 0, 0] * 248)
        frames[i] = f
    path = tmp_path / "a.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    out = load_image(path)
    assert out.shape == (10, 20, 3)
    assert tuple(out[0, 0]) == (200, 10, 10)


def test_alpha_is_flattened_on_white(tmp_path):
    rgba = np.zeros((8, 8, 4), np.uint8)
    rgba[..., 0] = 255
    rgba[:4, :, 3] = 255  # top half opaque red, bottom half transparent
    out = load_image(_save(Image.fromarray(rgba, "RGBA"), tmp_path / "a.png"))
    assert tuple(out[0, 0]) == (255, 0, 0)
    assert tuple(out[7, 0]) == (255, 255, 255)


def test_sixteen_bit_grayscale_scaled(tmp_path):
    arr = np.full((4, 4), 65535, np.uint16)
    arr[0, 0] = 0
    im = Image.fromarray(arr)
    out = load_image(_save(im, tmp_path / "a.png"))
    assert out.shape == (4, 4, 3)
    assert tuple(out[1, 1]) == (255, 255, 255) and tuple(out[0, 0]) == (0, 0, 0)


def test_grayscale_and_cmyk(tmp_path):
    gray = load_image(_save(Image.new("L", (5, 5), 77), tmp_path / "g.png"))
    assert tuple(gray[0, 0]) == (77, 77, 77)
    cmyk = load_image(_save(Image.new("CMYK", (5, 5), (0, 0, 0, 0)), tmp_path / "c.jpg", quality=95))
    assert cmyk.shape == (5, 5, 3) and cmyk.min() > 240


def _encoded(img: Image.Image, fmt: str, **kw) -> bytes:
    """``img`` saved as ``fmt`` in memory. pillow-heif is a dependency (a failed import fails the test);
    only a pillow-heif build that cannot encode, which can still decode, skips the test that needs HEIF."""
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    buf = io.BytesIO()
    try:
        img.save(buf, format=fmt, **kw)
    except (KeyError, OSError) as exc:
        if fmt != "HEIF":
            raise
        pytest.skip(f"this pillow-heif cannot encode HEIC to make the test file: {exc}")
    return buf.getvalue()


def test_heic_roundtrip(tmp_path):
    path = tmp_path / "a.heic"
    path.write_bytes(_encoded(Image.fromarray(_gradient(64, 64)), "HEIF", quality=95))
    out = load_image(path)
    assert out.shape == (64, 64, 3)
    assert np.abs(out.astype(int) - _gradient(64, 64)).mean() < 8


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_gives_displayed_pixels(tmp_path, orientation):
    """A file stored rotated with an orientation tag decodes to the same displayed image."""
    shown = _gradient(40, 30)
    # The stored pixels: the inverse of what the orientation tag does when displaying.
    inverse = {
        1: lambda a: a,
        2: lambda a: a[:, ::-1],
        3: lambda a: a[::-1, ::-1],
        4: lambda a: a[::-1],
        5: lambda a: np.transpose(a, (1, 0, 2)),
        6: lambda a: np.rot90(a, 1),
        7: lambda a: np.rot90(a, 2).transpose(1, 0, 2),
        8: lambda a: np.rot90(a, -1),
    }[orientation]
    stored = np.ascontiguousarray(inverse(shown))
    im = Image.fromarray(stored)
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = _save(im, tmp_path / "r.png", exif=exif.tobytes())
    d = decode(path)
    assert d.orientation == orientation
    np.testing.assert_array_equal(d.pixels, shown)
    assert decode(path, exif=False).pixels.shape == stored.shape


def test_sources_path_bytes_file_pil_array(tmp_path):
    arr = _gradient()
    path = _save(Image.fromarray(arr), tmp_path / "a.png")
    data = (tmp_path / "a.png").read_bytes()
    for src in (path, tmp_path / "a.png", data, io.BytesIO(data), Image.fromarray(arr), arr):
        np.testing.assert_array_equal(load_image(src), arr)
    np.testing.assert_array_equal(load_image(arr[:, :, 0]), np.repeat(arr[:, :, :1], 3, axis=2))


def test_reduced_jpeg_decode(tmp_path):
    path = _save(Image.fromarray(_gradient(2000, 1000)), tmp_path / "big.jpg", quality=90)
    d = decode(path, max_side=400)
    assert 400 <= max(d.width, d.height) < 1000
    assert d.scale == pytest.approx(d.width / 2000)
    assert decode(path).width == 2000


def _bmp_head() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40)).save(out, "BMP")
    return out.getvalue()[:30]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.jpg", b"", "empty file"),
        # Pillow's own format errors (no errno) are damaged images, not failures to read the file.
        ("cut.bmp", _bmp_head(), "corrupt or truncated image: Truncated File Read"),
        ("text.jpg", b"this is not an image at all", "not an image"),
        ("noise.png", bytes(range(256)) * 8, "not an image"),
        # Starts like an image but Pillow cannot parse it: a damaged photo, not "no image at all".
        ("header.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "corrupt or truncated image: damaged JPEG header"),
        ("header.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "corrupt or truncated image: damaged PNG header"),
        ("header.gif", b"GIF89a\x00\x00\x00", "corrupt or truncated image: damaged GIF header"),
        ("header.bmp", b"BM\x10" + b"\x00" * 9, "corrupt or truncated image: damaged BMP header"),
        ("header.heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 30, "corrupt or truncated image: damaged HEIF header"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImageLoadError, match=message) as info:
        load_image(path)
    assert name in str(info.value)
    if content:  # the same from bytes, as the indexer reads them
        with pytest.raises(ImageLoadError, match=message):
            load_image(content)


@pytest.mark.parametrize(
    "error", [EOFError("Unexpected end of file"), TypeError("Missing dimensions"), SyntaxError("bad"), OSError("x")]
)
def test_decoder_errors_on_damaged_data_are_clear(tmp_path, monkeypatch, error):
    # What Pillow's plugins raise while decoding damaged files (pillow-heif: EOFError; TIFF: TypeError).
    path = _save(Image.fromarray(_gradient()), tmp_path / "photo.png")

    def load(self):
        raise error

    monkeypatch.setattr(Image.Image, "load", load)
    with pytest.raises(ImageLoadError, match=f"photo.png: corrupt or truncated image: {error}"):
        decode(path)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "TIFF", "BMP", "WEBP", "HEIF"])
def test_damaged_files_raise_only_image_load_errors(fmt):
    # Seeded fuzzing: byte flips, truncations and overwritten chunks of a small photo in each format.
    clean, rng = _encoded(Image.fromarray(_gradient(64, 48)), fmt), np.random.default_rng(list(fmt.encode()))
    outcomes = set()
    for _ in range(300):
        data = bytearray(clean)
        at = int(rng.integers(0, len(data) - 1))
        kind = int(rng.integers(0, 3))
        if kind == 0:
            data[at] ^= 1 << int(rng.integers(0, 8))
        elif kind == 1:
            data = data[: max(1, at)]
        else:
            data[at : at + 40] = rng.integers(0, 256, len(data[at : at + 40]), dtype=np.uint8).tobytes()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Pillow warns about corrupt EXIF / TIFF tags
                decode(bytes(data), max_side=32)
            outcomes.add("decoded")
        except ImageLoadError:
            outcomes.add("error")
    assert "error" in outcomes


def test_truncated_jpeg(tmp_path):
    buf = io.BytesIO()
    Image.fromarray(_gradient(300, 200)).save(buf, format="JPEG", quality=90)
    path = tmp_path / "cut.jpg"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(ImageLoadError, match="cut.jpg: corrupt or truncated"):
        load_image(path)


def test_missing_folder_and_unreadable(tmp_path, monkeypatch):
    with pytest.raises(ImageLoadError, match="no such file"):
        load_image(tmp_path / "nope.jpg")
    with pytest.raises(ImageLoadError, match="is a folder"):
        load_image(tmp_path)
    path = tmp_path / "locked.png"
    Image.new("RGB", (4, 4)).save(path)

    def denied(*args, **kwargs):  # as for a file without read permission (tests may run as root)
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(imaging.Image, "open", denied)
    with pytest.raises(ImageLoadError, match="locked.png: cannot read: permission denied"):
        load_image(path)


def test_decompression_bomb_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(imaging, "MAX_PIXELS", 10_000)
    path = _save(Image.new("RGB", (200, 200)), tmp_path / "bomb.png")
    with pytest.raises(ImageLoadError, match="bomb.png: image too large"):
        load_image(path)


def test_bad_arrays():
    with pytest.raises(ImageLoadError, match="expected an HxWx3"):
        load_image(np.zeros((4, 4, 5), np.uint8))


def test_crop_clips_and_floors():
    img = _gradient(64, 48)
    c = imaging.crop(img, Box(-5.5, 10.7, 30.2, 100))
    assert c.shape == (37, 24, 3)  # x 0..24 (24.7 floored), y 10..47
    np.testing.assert_array_equal(c, img[10:47, 0:24])
    with pytest.raises(ValueError, match="outside"):
        imaging.crop(img, Box(100, 100, 10, 10))
