"""XMP face regions: the MWG orientation rule against Pillow's pixels, real tools' sidecars, safe rewriting."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from faceorganizer.geometry import Box
from faceorganizer.imaging import decode
from faceorganizer.library.metadata.picasa import decode_rect64, read_picasa_ini
from faceorganizer.library.metadata.xmp import (
    FaceRegion,
    MwgArea,
    XmpError,
    displayed_size_of,
    from_mwg,
    sidecar_path,
    to_mwg,
)
from faceorganizer.library.metadata.xmp_read import parse_xmp, read_regions
from faceorganizer.library.metadata.xmp_write import write_sidecar

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ORIENTATIONS = range(1, 9)
# The face in every tests/data/xmp fixture: stored image 600x400, orientation 6, box x 150..240, y 80..120.
BOB_STORED = (150, 80, 240, 120)


@pytest.fixture(scope="module")
def sidecars(data_dir) -> Path:
    """tests/data/xmp: sidecars written by real tools (exiftool, exiv2) for the same two faces."""
    return data_dir / "xmp"


def _approx_box(box: Box, expected: Box, tol: float) -> None:
    got = (box.x, box.y, box.width, box.height)
    want = (expected.x, expected.y, expected.width, expected.height)
    assert got == pytest.approx(want, abs=tol), f"{got} != {want}"


def _white_bbox(pixels: np.ndarray) -> Box:
    """The bounding box (pixel edges) of the bright pixels: where the test drew the face."""
    ys, xs = np.nonzero(pixels.min(axis=2) > 200)
    return Box.from_bounds(xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)


def _photo(path: Path, stored: tuple[int, int], rect: tuple[int, int, int, int], orientation: int, **save) -> Path:
    """A photo whose stored pixels are grey with a white rectangle [x0, x1) x [y0, y1), tagged ``orientation``."""
    im = Image.new("RGB", stored, (90, 90, 90))
    x0, y0, x1, y1 = rect
    ImageDraw.Draw(im).rectangle([x0, y0, x1 - 1, y1 - 1], fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x0112] = orientation
    fmt = "PNG" if path.suffix == ".png" else "JPEG"
    im.save(path, fmt, exif=exif, **({"quality": 95} if fmt == "JPEG" else {}), **save)
    return path


# --- the orientation rule -------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_from_mwg_lands_where_the_displayed_pixels_are(tmp_path, orientation):
    """Oracle: imaging.decode (Pillow's exif_transpose) turns the stored pixels; the box must follow."""
    stored, rect = (60, 40), (10, 5, 22, 13)
    photo = _photo(tmp_path / "p.png", stored, rect, orientation)
    shown = _white_bbox(decode(photo).pixels)
    x0, y0, x1, y1 = rect
    area = MwgArea((x0 + x1) / 2 / 60, (y0 + y1) / 2 / 40, (x1 - x0) / 60, (y1 - y0) / 40, "A")
    [region] = from_mwg([area], stored, orientation)
    _approx_box(region.box, shown, 1e-9)
    [back] = to_mwg([FaceRegion("A", shown)], displayed_size_of(stored, orientation), orientation)
    assert (back.x, back.y, back.w, back.h) == pytest.approx((area.x, area.y, area.w, area.h), abs=1e-12)
    assert back.name == "A" and back.type == "Face"


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_round_trip_every_orientation(tmp_path, orientation):
    stored = (640, 480)
    shown = displayed_size_of(stored, orientation)
    regions = [
        FaceRegion("Ann", Box(10.5, 20.25, 100, 80)),
        FaceRegion(None, Box(shown[0] - 50, shown[1] - 60, 50, 60)),  # touching the bottom-right corner
        FaceRegion("Émile & <Zoë>", Box(200, 100, 33.3, 44.4)),
    ]
    back = from_mwg(to_mwg(regions, shown, orientation), stored, orientation)
    assert [r.name for r in back] == [r.name for r in regions]
    for got, want in zip(back, regions):
        _approx_box(got.box, want.box, 1e-9)
    # ... and through a sidecar on disk (6 decimals written: < 0.001 px at this size)
    photo = tmp_path / "p.jpg"
    assert write_sidecar(photo, regions, shown, orientation, stored) == tmp_path / "p.jpg.xmp"
    read = read_regions(photo, stored_size=stored, orientation=orientation)
    assert [r.name for r in read] == [r.name for r in regions]
    for got, want in zip(read, regions):
        _approx_box(got.box, want.box, 1e-3)


def test_orientation_6_worked_example():
    # Orientation 6 = "0th row is the visual right-hand side, 0th column the visual top": the camera
    # was turned clockwise, stored 600x400 is shown 400x600. The displayed top-left corner
    # (X, Y) = (0, 0) is stored (u, v) = (Y, 1 - X) = (0, 1): the stored BOTTOM-left, not top-right.
    # Displayed box x 0..40, y 0..90 -> X 0..0.1, Y 0..0.15 -> u = Y in 0..0.15, v = 1 - X in 0.9..1.
    [a] = to_mwg([FaceRegion("A", Box(0, 0, 40, 90))], (400, 600), 6)
    assert (a.x, a.y, a.w, a.h) == pytest.approx((0.075, 0.95, 0.15, 0.1))
    # The fixtures' Bob: stored x 150..240, y 80..120 -> displayed x = 400 - 120 .. 400 - 80, y = 150..240.
    [bob] = from_mwg([MwgArea(0.325, 0.25, 0.15, 0.1, "Bob")], (600, 400), 6)
    _approx_box(bob.box, Box(280, 150, 40, 90), 1e-9)


def test_orientation_8_worked_example():
    # Orientation 8 = "0th row is the visual left-hand side, 0th column the visual bottom" (turned
    # counter-clockwise to display). Displayed (X, Y) -> stored (u, v) = (1 - Y, X): the displayed
    # top-left is the stored TOP-right. Displayed x 0..40, y 0..90 of 400x600 -> u in 0.85..1, v in 0..0.1.
    [a] = to_mwg([FaceRegion("A", Box(0, 0, 40, 90))], (400, 600), 8)
    assert (a.x, a.y, a.w, a.h) == pytest.approx((0.925, 0.05, 0.15, 0.1))
    # Stored x 150..240, y 80..120 (of 600x400) -> displayed x = v = 80..120, y = 600 - 240 .. 600 - 150.
    [bob] = from_mwg([MwgArea(0.325, 0.25, 0.15, 0.1, "Bob")], (600, 400), 8)
    _approx_box(bob.box, Box(80, 360, 40, 90), 1e-9)


def test_boxes_outside_the_image_are_clipped_or_dropped():
    areas = to_mwg([FaceRegion("A", Box(-10, -10, 30, 30)), FaceRegion("B", Box(500, 10, 20, 20))], (100, 100), 1)
    assert len(areas) == 1  # B lies wholly outside
    assert (areas[0].x, areas[0].y, areas[0].w, areas[0].h) == pytest.approx((0.1, 0.1, 0.2, 0.2))


# --- reading what real tools wrote ----------------------------------------------------------------


@pytest.fixture
def bob_photo(tmp_path) -> Path:
    return _photo(tmp_path / "IMG_1.jpg", (600, 400), BOB_STORED, 6)


@pytest.mark.parametrize(
    ("fixture", "names"),
    [("exiftool-mwg-o6.xmp", ["Bob"]), ("exiv2-mwg-o6.xmp", ["Bob"]), ("exiftool-mp-o6.xmp", ["Bob", None])],
)
def test_real_tool_sidecars_land_on_the_face(bob_photo, fixture, names, sidecars):
    """Element form (exiftool), attribute form (Exiv2/digiKam), MP regions; Pet/Focus regions left out."""
    shutil.copy(sidecars / fixture, sidecar_path(bob_photo))
    regions = read_regions(bob_photo)
    assert [r.name for r in regions] == names
    shown = _white_bbox(decode(bob_photo).pixels)  # the face as the catalog's decoder shows it
    _approx_box(regions[0].box, shown, 1.5)  # JPEG edges blur by a pixel
    _approx_box(regions[0].box, Box(280, 150, 40, 90), 1e-6)


def test_mp_rectangles_are_top_left_based(bob_photo, sidecars):
    info = parse_xmp((sidecars / "exiftool-mp-o6.xmp").read_bytes(), "mp")
    assert info is not None and info.kind == "mp"
    unnamed = info.areas[1]  # Rectangle "0.7, 0.7, 0.1, 0.1"
    assert (unnamed.x, unnamed.y, unnamed.w, unnamed.h) == pytest.approx((0.75, 0.75, 0.1, 0.1))


def test_lightroom_style_sidecar_name_and_preference(bob_photo, sidecars):
    lightroom = bob_photo.with_suffix(".xmp")  # IMG_1.xmp
    shutil.copy(sidecars / "exiftool-mwg-o6.xmp", lightroom)
    assert [r.name for r in read_regions(bob_photo)] == ["Bob"]
    text = (sidecars / "exiv2-mwg-o6.xmp").read_text().replace('"Bob"', '"Robert"')
    sidecar_path(bob_photo).write_text(text)  # IMG_1.jpg.xmp wins over IMG_1.xmp
    assert [r.name for r in read_regions(bob_photo)] == ["Robert"]


def test_embedded_xmp_and_sidecar_precedence(tmp_path, sidecars):
    packet = (sidecars / "exiftool-mwg-o6.xmp").read_bytes()
    photo = _photo(tmp_path / "e.jpg", (600, 400), BOB_STORED, 6, xmp=packet)
    [bob] = read_regions(photo)
    assert bob.name == "Bob"
    _approx_box(bob.box, _white_bbox(decode(photo).pixels), 1.5)
    sidecar_path(photo).write_text((sidecars / "exiv2-mwg-o6.xmp").read_text().replace('"Bob"', '"Robert"'))
    assert [r.name for r in read_regions(photo)] == ["Robert"]


def test_no_regions_anywhere_is_empty(tmp_path):
    photo = _photo(tmp_path / "n.jpg", (60, 40), (1, 1, 5, 5), 1)
    assert read_regions(photo) == []
    sidecar_path(photo).write_text(f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{RDF}"/></x:xmpmeta>')
    assert read_regions(photo) == []


HAND_MADE = f"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{RDF}">
 <rdf:Description rdf:about="" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
   xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#">
  <mwg-rs:Regions rdf:parseType="Resource">
   <mwg-rs:AppliedToDimensions stDim:w="100" stDim:h="50" stDim:unit="pixel"/>
   <mwg-rs:RegionList><rdf:Bag>
    <rdf:li rdf:parseType="Resource"><mwg-rs:Type>Pet</mwg-rs:Type><mwg-rs:Name>Rex</mwg-rs:Name>
     <mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.2" stArea:h="0.2" stArea:unit="normalized"/></rdf:li>
    <rdf:li rdf:parseType="Resource"><mwg-rs:Type>Focus</mwg-rs:Type>
     <mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.1" stArea:h="0.1" stArea:unit="normalized"/></rdf:li>
    <rdf:li rdf:parseType="Resource"><mwg-rs:Name>NoType</mwg-rs:Name>
     <mwg-rs:Area stArea:x="0.25" stArea:y="0.5" stArea:w="0.1" stArea:h="0.2" stArea:unit="normalized"/></rdf:li>
    <rdf:li><rdf:Description mwg-rs:Type="Face" mwg-rs:Name="NoArea"/></rdf:li>
   </rdf:Bag></mwg-rs:RegionList>
  </mwg-rs:Regions>
 </rdf:Description></rdf:RDF></x:xmpmeta>"""


def test_only_face_regions_are_read(tmp_path):
    photo = tmp_path / "h.jpg"
    Image.new("RGB", (100, 50)).save(photo)
    sidecar_path(photo).write_text(HAND_MADE)
    [face] = read_regions(photo)  # Pet, Focus and the area-less face are left out; a missing Type is a face
    assert face.name == "NoType"
    _approx_box(face.box, Box(20, 20, 10, 10), 1e-9)


def test_photo_unreadable_falls_back_to_the_sidecar(tmp_path, sidecars):
    photo = tmp_path / "gone.jpg"  # no such photo: AppliedToDimensions + the sidecar's tiff:Orientation 6
    shutil.copy(sidecars / "exiftool-mwg-o6.xmp", sidecar_path(photo))
    [bob] = read_regions(photo)
    _approx_box(bob.box, Box(280, 150, 40, 90), 1e-6)
    with pytest.raises(XmpError, match="other.jpg"):
        read_regions(tmp_path / "other.jpg")


@pytest.mark.parametrize(
    "bad",
    [
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF>",
        b"not xml at all",
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>',
    ],
)
def test_malformed_sidecar_is_a_clear_error_and_never_overwritten(bob_photo, bad):
    sidecar = sidecar_path(bob_photo)
    sidecar.write_bytes(bad)
    with pytest.raises(XmpError, match=str(sidecar).replace(".", r"\.")):
        read_regions(bob_photo)
    with pytest.raises(XmpError, match="IMG_1.jpg.xmp"):
        write_sidecar(bob_photo, [FaceRegion("A", Box(1, 1, 9, 9))], (400, 600), 6, (600, 400))
    assert sidecar.read_bytes() == bad


def test_malformed_embedded_xmp_names_the_photo(tmp_path):
    photo = _photo(tmp_path / "m.jpg", (60, 40), (1, 1, 5, 5), 1, xmp=b"<x:xmpmeta><broken")
    with pytest.raises(XmpError, match="m.jpg"):
        read_regions(photo)


# --- writing --------------------------------------------------------------------------------------


def _rewrite(photo: Path, fixture: str, sidecars: Path) -> tuple[str, bytes, float]:
    shutil.copy(sidecars / fixture, sidecar_path(photo))
    before, mtime = photo.read_bytes(), photo.stat().st_mtime_ns
    ann = FaceRegion("Ann", Box(100, 300, 60, 80))
    write_sidecar(photo, [ann], (400, 600), 6, (600, 400))
    assert photo.read_bytes() == before and photo.stat().st_mtime_ns == mtime  # the photo is never touched
    assert sorted(p.name for p in photo.parent.iterdir()) == [photo.name, sidecar_path(photo).name]  # no temp
    return sidecar_path(photo).read_text(encoding="utf-8"), before, mtime


@pytest.mark.parametrize(("fixture", "other"), [("exiftool-mwg-o6.xmp", "Rex"), ("exiv2-mwg-o6.xmp", "Autofocus")])
def test_rewrite_keeps_everything_but_our_faces(bob_photo, fixture, other, sidecars):
    text, _, _ = _rewrite(bob_photo, fixture, sidecars)
    assert 'xmlns:dc="http://purl.org/dc/elements/1.1/"' in text and "<rdf:li>Family</rdf:li>" in text
    assert "Rating" in text and "4" in text and "Orientation" in text
    info = parse_xmp(text.encode(), "rewritten")
    assert info is not None
    assert sorted(a.name for a in info.areas) == sorted(["Ann", other])  # Bob replaced, Pet/Focus kept
    assert info.applied_to_dimensions == (600, 400) and info.orientation == 6
    [ann] = read_regions(bob_photo)
    _approx_box(ann.box, Box(100, 300, 60, 80), 1e-3)


def test_empty_regions_remove_faces_and_create_nothing(bob_photo, sidecars):
    assert write_sidecar(bob_photo, [], (400, 600), 6, (600, 400)) is None
    assert not sidecar_path(bob_photo).exists()
    shutil.copy(sidecars / "exiv2-mwg-o6.xmp", sidecar_path(bob_photo))
    write_sidecar(bob_photo, [], (400, 600), 6, (600, 400))
    info = parse_xmp(sidecar_path(bob_photo).read_bytes(), "x")
    assert info is not None and [a.type for a in info.areas] == ["Focus"]
    assert read_regions(bob_photo) == []


def test_stored_size_is_checked_or_derived(bob_photo):
    with pytest.raises(ValueError, match="does not match"):
        write_sidecar(bob_photo, [FaceRegion("A", Box(1, 1, 5, 5))], (600, 400), 6, (600, 400))
    write_sidecar(bob_photo, [FaceRegion("A", Box(280, 150, 40, 90))], (400, 600), 6)  # stored size derived
    info = parse_xmp(sidecar_path(bob_photo).read_bytes(), "x")
    assert info is not None and info.applied_to_dimensions == (600, 400)
    assert (info.areas[0].x, info.areas[0].y) == pytest.approx((0.325, 0.25))


def test_failed_write_leaves_the_old_sidecar_and_no_temp(bob_photo, monkeypatch, sidecars):
    sidecar = sidecar_path(bob_photo)
    shutil.copy(sidecars / "exiftool-mwg-o6.xmp", sidecar)
    before = sidecar.read_bytes()

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(XmpError, match="No space left"):
        write_sidecar(bob_photo, [FaceRegion("A", Box(1, 1, 5, 5))], (400, 600), 6, (600, 400))
    assert sidecar.read_bytes() == before
    assert sorted(p.name for p in bob_photo.parent.iterdir()) == [bob_photo.name, sidecar.name]


def test_sidecar_keeps_its_file_mode(bob_photo, sidecars):
    sidecar = sidecar_path(bob_photo)
    shutil.copy(sidecars / "exiftool-mwg-o6.xmp", sidecar)
    sidecar.chmod(0o640)
    write_sidecar(bob_photo, [FaceRegion("A", Box(1, 1, 5, 5))], (400, 600), 6, (600, 400))
    assert sidecar.stat().st_mode & 0o777 == 0o640


def _written(tmp_path: Path) -> Path:
    photo = _photo(tmp_path / "w.jpg", (600, 400), BOB_STORED, 6)
    write_sidecar(photo, [FaceRegion("Zoë & <Bob>", Box(280, 150, 40, 90))], (400, 600), 6, (600, 400))
    return sidecar_path(photo)


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool not installed")
def test_exiftool_reads_our_sidecar(tmp_path):
    out = subprocess.run(
        ["exiftool", "-j", "-struct", "-RegionInfo", str(_written(tmp_path))], capture_output=True, check=True
    )
    info = json.loads(out.stdout)[0]["RegionInfo"]
    assert info["AppliedToDimensions"] == {"W": 600, "H": 400, "Unit": "pixel"}
    [region] = info["RegionList"]
    assert region["Name"] == "Zoë & <Bob>" and region["Type"] == "Face"
    area = region["Area"]
    assert (area["X"], area["Y"], area["W"], area["H"]) == pytest.approx((0.325, 0.25, 0.15, 0.1))


@pytest.mark.skipif(shutil.which("exiv2") is None, reason="exiv2 (digiKam's XMP library) not installed")
def test_exiv2_reads_our_sidecar(tmp_path):
    out = subprocess.run(["exiv2", "-pa", str(_written(tmp_path))], capture_output=True, check=True, text=True)
    values = {line.split()[0]: line.split(None, 3)[-1] for line in out.stdout.splitlines() if line.strip()}
    base = "Xmp.mwg-rs.Regions/mwg-rs:RegionList[1]"
    assert values[f"{base}/mwg-rs:Name"] == "Zoë & <Bob>"
    assert float(values[f"{base}/mwg-rs:Area/stArea:x"]) == pytest.approx(0.325)
    assert values["Xmp.mwg-rs.Regions/mwg-rs:AppliedToDimensions/stDim:w"] == "600"


# --- Picasa ---------------------------------------------------------------------------------------


def test_rect64_decoding():
    # Four 16-bit fields left, top, right, bottom, each / 65535; Picasa drops leading zeros.
    box = decode_rect64("4000200080006000")
    _approx_box(box, Box(16384 / 65535, 8192 / 65535, 16384 / 65535, 16384 / 65535), 1e-12)
    box = decode_rect64("1000ffffffff")  # left 0, top 0x1000, right 0xffff, bottom 0xffff
    _approx_box(box, Box(0, 4096 / 65535, 1, 1 - 4096 / 65535), 1e-12)
    with pytest.raises(ValueError):
        decode_rect64("8000000040000000")  # right < left


def test_read_picasa_ini(tmp_path):
    (tmp_path / ".picasa.ini").write_text(
        "[Picasa]\nname=Trip\n[Contacts2]\n8e62398ebda8c1a5=Ann Smith;;\n"
        "[IMG_1.jpg]\nfaces=rect64(4000200080006000),8e62398ebda8c1a5;rect64(1000ffffffff),ffffffffffffffff;"
        "garbage,123\nstar=yes\n[IMG_2.jpg]\nstar=yes\n"
    )
    faces = read_picasa_ini(tmp_path)
    assert list(faces) == ["IMG_1.jpg"]
    ann, unnamed = faces["IMG_1.jpg"]
    assert (ann.contact_id, ann.name, unnamed.contact_id, unnamed.name) == ("8e62398ebda8c1a5", "Ann Smith", None, None)
    [region] = from_mwg([ann.area], (65535, 65535), 1)  # the MWG path gives the same box back
    _approx_box(region.box, Box(16384, 8192, 16384, 16384), 1e-6)
    assert read_picasa_ini(tmp_path / "nowhere") == {}


def test_pillow_embeds_what_we_serialise(tmp_path):
    """write_sidecar's packet is valid XMP for embedding too (the lead may embed on export later)."""
    photo = _photo(tmp_path / "s.jpg", (600, 400), BOB_STORED, 6)
    packet = _written(tmp_path).read_bytes()
    buf = io.BytesIO()
    with Image.open(photo) as im:
        im.save(buf, "JPEG", exif=im.getexif(), xmp=packet)
    (tmp_path / "t.jpg").write_bytes(buf.getvalue())
    [region] = read_regions(tmp_path / "t.jpg")
    assert region.name == "Zoë & <Bob>"


def test_non_utf8_file_names(tmp_path):
    photo = _photo(tmp_path / os.fsdecode(b"caf\xe9.jpg"), (600, 400), BOB_STORED, 6)
    write_sidecar(photo, [FaceRegion("Bob", Box(280, 150, 40, 90))], (400, 600), 6, (600, 400))
    assert os.fsencode(sidecar_path(photo).name) == b"caf\xe9.jpg.xmp"
    [bob] = read_regions(photo)
    _approx_box(bob.box, Box(280, 150, 40, 90), 1e-3)
