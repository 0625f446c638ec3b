"""Camera RAW files (issue 18.1): DNGs written at test time (pidng) from a bundled photo decode through LibRaw to
the same faces as the photo, in displayed coordinates for each orientation; an embedded preview is used when it
is large enough; a damaged RAW gets a clear error; a RAW beside its JPEG is one photo; AVIF photos are read."""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

import numpy as np
import pillow_heif
import pytest
from PIL import Image

from faceorganizer import raw as raw_module
from faceorganizer.api.analyze import detect
from faceorganizer.geometry import Box
from faceorganizer.imaging import ImageLoadError, decode

#: EXIF orientation -> the stored pixels of a camera held that way, from the upright (displayed) ones.
STORED = {1: lambda a: a, 3: lambda a: a[::-1, ::-1], 6: lambda a: np.rot90(a, 1), 8: lambda a: np.rot90(a, -1)}


def _photo() -> np.ndarray:
    """The bundled astronaut portrait at 1024x1024 (a half-size development of it is then the original's size)."""
    im = Image.open(str(resources.files("faceorganizer.samples") / "astronaut.jpg")).convert("RGB")
    return np.asarray(im.resize((1024, 1024), Image.Resampling.BICUBIC))


def write_dng(rgb: np.ndarray, path: Path, orientation: int = 1) -> Path:
    """A 12-bit RGGB DNG of ``rgb`` (its Bayer samples), with that EXIF orientation; its path."""
    from pidng.core import RAW2DNG, DNGTags, Tag  # the test extra: a failed import fails, it does not skip
    from pidng.defs import CalibrationIlluminant, CFAPattern, DNGVersion, PhotometricInterpretation

    h, w = rgb.shape[0] // 2 * 2, rgb.shape[1] // 2 * 2
    src = rgb[:h, :w].astype(np.uint16) * 16
    bayer = np.empty((h, w), np.uint16)
    bayer[0::2, 0::2], bayer[0::2, 1::2] = src[0::2, 0::2, 0], src[0::2, 1::2, 1]
    bayer[1::2, 0::2], bayer[1::2, 1::2] = src[1::2, 0::2, 1], src[1::2, 1::2, 2]
    tags = DNGTags()
    for tag, value in (
        (Tag.ImageWidth, w), (Tag.ImageLength, h), (Tag.TileWidth, w), (Tag.TileLength, h),
        (Tag.Orientation, orientation), (Tag.PhotometricInterpretation, PhotometricInterpretation.Color_Filter_Array),
        (Tag.SamplesPerPixel, 1), (Tag.BitsPerSample, 12), (Tag.CFARepeatPatternDim, [2, 2]),
        (Tag.CFAPattern, CFAPattern.RGGB), (Tag.BlackLevel, 0), (Tag.WhiteLevel, 4095),
        (Tag.ColorMatrix1, [[1, 1], [0, 1], [0, 1], [0, 1], [1, 1], [0, 1], [0, 1], [0, 1], [1, 1]]),
        (Tag.CalibrationIlluminant1, CalibrationIlluminant.D65), (Tag.AsShotNeutral, [[1, 1], [1, 1], [1, 1]]),
        (Tag.Make, "faceorganizer"), (Tag.Model, "test"),
        (Tag.DNGVersion, DNGVersion.V1_4), (Tag.DNGBackwardVersion, DNGVersion.V1_2),
    ):  # fmt: skip
        tags.set(tag, value)
    writer = RAW2DNG()
    writer.options(tags, path="", compress=False)
    writer.convert(bayer, filename=str(path.with_suffix("")))
    return path


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_a_dng_gives_the_photos_faces_in_displayed_coordinates(tmp_path, orientation):
    photo = _photo()[:, :960]  # not square: a turn shows in the sizes
    expected = detect(photo)
    stored = np.ascontiguousarray(STORED[orientation](photo))
    decoded = decode(write_dng(stored, tmp_path / "shot.dng", orientation))
    assert decoded.orientation == orientation and decoded.stored_size == (stored.shape[1], stored.shape[0])
    assert decoded.pixels.shape[:2] == (photo.shape[0] // 2, photo.shape[1] // 2)  # upright, as displayed
    assert decoded.scale == pytest.approx(0.5)  # a half-size development (the DNG has no preview)
    found = [d.box.rescale(1 / decoded.scale) for d in detect(decoded.pixels)]
    assert len(found) == len(expected) == 1
    assert found[0].iou(expected[0].box) > 0.7, (found[0], expected[0].box)


def test_the_embedded_preview_is_used_when_large_enough(monkeypatch):
    """A RAW whose camera embedded a JPEG preview: detection reads the preview (turned like the RAW), a full
    decode develops the RAW; a preview too small or of another shape is not used."""
    photo = _photo()
    preview = io.BytesIO()
    Image.fromarray(photo).save(preview, "JPEG", quality=90)

    class Thumb:
        format, data = raw_module_thumb_format(), preview.getvalue()

    class Sizes:
        raw_width = width = 1024
        raw_height = height = 1024
        flip = 6

    class FakeRaw:
        sizes = Sizes()
        developed = 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def extract_thumb(self):
            return Thumb()

        def postprocess(self, **kw):
            FakeRaw.developed += 1
            return np.zeros((512, 512, 3), np.uint8)

    import rawpy

    monkeypatch.setattr(rawpy, "imread", lambda source: FakeRaw())
    picture = raw_module.read_raw("x.nef", max_side=400)
    assert picture.source == "preview" and picture.orientation == 6 and FakeRaw.developed == 0
    assert np.array_equal(picture.pixels, np.asarray(Image.open(preview)))  # as stored, with its turn
    named = io.BytesIO(b"raw bytes")
    named.name = "x.nef"  # decode goes by the name's suffix
    displayed = decode(named, max_side=400)
    assert np.array_equal(displayed.pixels, np.rot90(np.asarray(Image.open(preview)), -1))
    assert raw_module.read_raw("x.nef", max_side=None).source == "half size" and FakeRaw.developed == 1
    assert raw_module.read_raw("x.nef", max_side=2000).source == "half size"  # the 1024 px preview is too small


def raw_module_thumb_format():
    import rawpy

    return rawpy.ThumbFormat.JPEG


def test_a_damaged_raw_gets_a_clear_error(tmp_path):
    fake = tmp_path / "notes.nef"
    fake.write_text("not a raw file\n")
    with pytest.raises(ImageLoadError, match=r"notes\.nef: .*RAW"):
        decode(fake)
    empty = tmp_path / "empty.cr2"
    empty.write_bytes(b"")
    with pytest.raises(ImageLoadError, match="empty file"):
        decode(empty)
    whole = write_dng(_photo(), tmp_path / "cut.dng")
    (tmp_path / "truncated.dng").write_bytes(whole.read_bytes()[:5000])
    with pytest.raises(ImageLoadError, match="truncated.dng"):
        decode(tmp_path / "truncated.dng")


def test_a_raw_beside_its_jpeg_and_a_live_photos_movie_are_one_photo_and_avif_is_read(tmp_path):
    from faceorganizer.library.catalog import Catalog
    from faceorganizer.library.indexing import scan, scan_paths

    photo = _photo()
    folder = tmp_path / "photos"
    folder.mkdir()
    Image.fromarray(photo).save(folder / "IMG_0001.JPG", quality=92)
    write_dng(photo, folder / "IMG_0001.dng")  # the RAW of the same shot
    write_dng(photo, folder / "IMG_0002.dng")  # a RAW alone
    Image.fromarray(photo).save(folder / "portrait.avif")
    pillow_heif.register_heif_opener()
    Image.fromarray(photo).save(folder / "IMG_0003.HEIC", quality=80)  # a Live Photo: its still...
    (folder / "IMG_0003.MOV").write_bytes(b"")  # ...and its movie, tied to it (never indexed on its own)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [folder])
        assert summary.errors == []
        names = sorted(Path(p.path).name for p in cat.photos())
        assert names == ["IMG_0001.JPG", "IMG_0002.dng", "IMG_0003.HEIC", "portrait.avif"]
        assert summary.faces == 4
        raw_photo = next(p for p in cat.photos() if p.path.endswith(".dng"))
        (face,) = cat.faces_of_photo(raw_photo.id)
        jpeg_face = detect(photo)[0].box
        assert Box(face.box.x, face.box.y, face.box.width, face.box.height).iou(jpeg_face) > 0.7
        # the watcher's path-by-path intake follows the same rule
        plan = scan_paths(cat, [str(folder / "IMG_0001.dng"), str(folder / "IMG_0003.MOV")])
        assert plan.seen == 0
