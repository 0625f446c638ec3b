"""Hostile XMP sidecars (issue 11): size, region count, nesting and region-size caps; UTF-16 and DTDs in
any encoding; one bad photo is that photo's error, never the export's; sidecars written are verified
and temp files of killed writers cleaned."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from faceorganizer.geometry import Box
from faceorganizer.library.metadata import export_xmp, import_xmp, xmp_read, xmp_write
from faceorganizer.library.metadata.xmp import FaceRegion, XmpError, sidecar_path
from faceorganizer.library.metadata.xmp_read import parse_xmp, read_regions
from faceorganizer.library.metadata.xmp_write import write_sidecar

HEAD = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" '
    'xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#" '
    'xmlns:other="http://example.com/other/"><other:Keep>another tool\'s data</other:Keep>'
)
TAIL = "</rdf:Description></rdf:RDF></x:xmpmeta>"
SIZE_CAP = 4 * 1024 * 1024  # the caps issue 11 asked for: 4 MB a sidecar, 1,000 regions a photo
REGION_CAP = 1000


def region(name: str, x: object, y: object, w: object, h: object) -> str:
    return (
        f'<rdf:li rdf:parseType="Resource"><mwg-rs:Type>Face</mwg-rs:Type><mwg-rs:Name>{name}</mwg-rs:Name>'
        f'<mwg-rs:Area stArea:x="{x}" stArea:y="{y}" stArea:w="{w}" stArea:h="{h}" stArea:unit="normalized"/></rdf:li>'
    )


def sidecar(*regions: str, dims: tuple[object, object] = (160, 120), inner: str = "") -> str:
    """An MWG sidecar (exiftool style) holding ``regions`` and, before them, ``inner`` (any XML)."""
    return (
        f'{HEAD}{inner}<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:AppliedToDimensions stDim:w="{dims[0]}" '
        f'stDim:h="{dims[1]}" stDim:unit="pixel"/><mwg-rs:RegionList><rdf:Bag>{"".join(regions)}</rdf:Bag>'
        f"</mwg-rs:RegionList></mwg-rs:Regions>{TAIL}"
    )


# Amy on a.jpg's first face (10, 10, 30, 30) of 160x120, as normalized centre and size.
AMY = region("Amy", 0.15625, 25 / 120, 0.1875, 0.25)


@pytest.fixture
def photo(tmp_path, plain_image) -> Path:
    """A 160x120 upright JPEG without faces or sidecar."""
    return plain_image(tmp_path / "p.jpg", size=(160, 120))


# --- defect 1: a sidecar that is not XML is never installed, and is an error --------------------------


@pytest.mark.parametrize("name", ["Bad\x00\x07", "Bad\ud800"])
def test_a_sidecar_that_does_not_parse_back_is_never_installed(photo, name):
    old = sidecar(AMY).encode()
    sidecar_path(photo).write_bytes(old)
    with pytest.raises(XmpError, match=r"p\.jpg\.xmp"):  # before: a sidecar with a raw NUL, or UnicodeEncodeError
        write_sidecar(photo, [FaceRegion(name, Box(10, 10, 30, 30))], (160, 120), 1)
    assert sidecar_path(photo).read_bytes() == old
    assert sorted(p.name for p in photo.parent.iterdir()) == ["p.jpg", "p.jpg.xmp"]


def test_export_counts_a_sidecar_that_fails_verification(xmp_libraries, monkeypatch):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    a = sidecar_path(lib.folder / "a.jpg")
    a.write_text(sidecar(AMY))
    before = a.read_bytes()
    monkeypatch.setattr(xmp_write, "serialize", lambda root, prefixes: b"<x:xmpmeta><broken")
    summary = export_xmp(lib.catalog)
    assert summary.written == 0 and len(summary.errors) == 2  # before: 2 written, "0 errors"
    assert all("not well-formed" in e.error for e in summary.errors)
    assert a.read_bytes() == before and not sidecar_path(lib.folder / "b.jpg").exists()
    assert not list(lib.folder.glob(".*.tmp"))


# --- defect 2: caps on size, regions, nesting and region sizes ----------------------------------------


def test_a_sidecar_over_the_size_cap_is_refused_naming_the_file(photo):
    with open(sidecar_path(photo), "wb") as f:
        f.truncate(SIZE_CAP + 1)  # sparse: nothing is read to refuse it
    with pytest.raises(XmpError, match=r"p\.jpg\.xmp.*bigger than 4 MB"):  # before: [] (NUL padding)
        read_regions(photo)
    with pytest.raises(XmpError, match=r"p\.jpg\.xmp.*bigger than 4 MB"):
        write_sidecar(photo, [FaceRegion("A", Box(10, 10, 30, 30))], (160, 120), 1)
    assert sidecar_path(photo).stat().st_size == SIZE_CAP + 1


def test_a_big_real_sidecar_is_refused_before_it_becomes_faces(xmp_libraries):
    lib = xmp_libraries.build()
    many = "".join(region(f"P{i}", 0.9, 0.9, 0.01, 0.01) for i in range(2000))
    pad = " " * (SIZE_CAP - len(many))
    sidecar_path(lib.folder / "a.jpg").write_text(sidecar(many, inner=f"<other:Pad>{pad}</other:Pad>"))
    summary = import_xmp(lib.catalog)
    assert [Path(e.path).name for e in summary.errors] == ["a.jpg"] and "bigger than 4 MB" in summary.errors[0].error
    assert lib.catalog.scalar("SELECT count(*) FROM faces WHERE source = 'manual'") == 0


def test_more_regions_than_the_cap_is_an_error_for_that_photo(xmp_libraries):
    lib = xmp_libraries.build()
    cap = REGION_CAP
    sidecar_path(lib.folder / "a.jpg").write_text(
        sidecar(*(region(f"P{i}", 0.9, 0.9, 0.05, 0.05) for i in range(cap + 1)))
    )
    sidecar_path(lib.folder / "b.jpg").write_text(sidecar(region("Raj", 0.1, 0.5, 0.2, 0.2)))
    summary = import_xmp(lib.catalog)  # before: 1,001 manual faces on a.jpg, 0 errors
    assert [Path(e.path).name for e in summary.errors] == ["a.jpg"] and f"more than {cap}" in summary.errors[0].error
    assert (summary.photos, summary.regions) == (1, 1)
    assert lib.catalog.scalar("SELECT count(*) FROM faces WHERE photo_id = ?", (lib.photos["a.jpg"],)) == 4
    # at the cap exactly it is read
    sidecar_path(lib.folder / "a.jpg").write_text(sidecar(*(region(f"P{i}", 0.9, 0.9, 0.05, 0.05) for i in range(cap))))
    assert len(read_regions(lib.folder / "a.jpg")) == cap


def test_deep_nesting_is_a_per_photo_error_not_a_crash(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    deep = "<other:n>" * 1200 + "x" + "</other:n>" * 1200
    sidecar_path(lib.folder / "a.jpg").write_text(sidecar(AMY, inner=deep))
    before = sidecar_path(lib.folder / "a.jpg").read_bytes()
    summary = export_xmp(lib.catalog)  # before: RecursionError out of export_xmp
    assert summary.written == 1 and [Path(e.path).name for e in summary.errors] == ["a.jpg"]
    assert "nested deeper than" in summary.errors[0].error
    assert sidecar_path(lib.folder / "a.jpg").read_bytes() == before
    with pytest.raises(XmpError, match="nested deeper than"):
        read_regions(lib.folder / "a.jpg")


@pytest.mark.parametrize(
    "area",
    [
        (0.5, 0.5, "1e308", "1e308"),  # before: clamped to the whole image
        (0.5, 0.5, "inf", 0.2),
        (0.5, 0.5, "nan", 0.2),
        ("nan", 0.5, 0.2, 0.2),  # before: a box of NaNs
        ("1e308", 0.5, 0.2, 0.2),  # before: an empty box at the image's edge
        (0.5, "-inf", 0.2, 0.2),
        (0.5, 0.5, 1.5, 0.2),  # wider than the image
        (3.0, 0.5, 0.2, 0.2),  # wholly outside the image
        (0.5, 0.5, 1e-7, 1e-7),  # 1.6e-5 px: below the minimum face size
    ],
)
def test_absurd_regions_are_refused(photo, area):
    sidecar_path(photo).write_text(sidecar(region("Zed", *area), region("Amy", 0.15625, 25 / 120, 0.1875, 0.25)))
    assert [r.name for r in read_regions(photo)] == ["Amy"]


def test_an_absurd_region_confirms_no_face_and_makes_no_manual_face(xmp_libraries):
    lib = xmp_libraries.build()
    a = lib.folder / "a.jpg"
    sidecar_path(a).write_text(
        sidecar(region("Huge", 0.5, 0.5, "1e308", "1e308"), region("Tiny", 0.9, 0.9, 3e-7, 3e-7))
    )
    summary = import_xmp(lib.catalog)
    assert (summary.errors, summary.regions, summary.matched, summary.created) == ([], 0, 0, 0)
    assert lib.catalog.people() == [] and lib.catalog.scalar("SELECT count(*) FROM faces WHERE source = 'manual'") == 0


def test_infinite_applied_to_dimensions_are_ignored(xmp_libraries):
    lib = xmp_libraries.build()
    sidecar_path(lib.folder / "a.jpg").write_text(sidecar(AMY, dims=("inf", "1e400")))
    summary = import_xmp(lib.catalog)  # before: OverflowError out of import_xmp
    assert (summary.errors, summary.matched) == ([], 1)


# --- defect 3: encodings are decoded before the DTD check ----------------------------------------------


def test_utf16_and_bom_sidecars_are_read(photo):
    """Every BOM a writer may put; before, UTF-16 LE (NUL padding cut its last byte) was "malformed XMP"."""
    for encoding, bom in (("utf-16", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8-sig", b"")):
        declared = "UTF-8" if encoding == "utf-8-sig" else "UTF-16"
        data = bom + (f'<?xml version="1.0" encoding="{declared}"?>\n' + sidecar(AMY)).encode(encoding)
        sidecar_path(photo).write_bytes(data + b"\x00" * 16)  # NUL padding, as some writers leave
        [amy] = read_regions(photo)
        assert (encoding, amy.name, round(amy.box.x)) == (encoding, "Amy", 10)
        write_sidecar(photo, [FaceRegion("Raj", Box(60, 20, 30, 30))], (160, 120), 1)  # rewritten as UTF-8
        assert sorted(r.name for r in read_regions(photo)) == ["Raj"]
        assert b"another tool's data" in sidecar_path(photo).read_bytes()


def test_utf16_without_bom_is_read():
    for text in (
        '<?xml version="1.0" encoding="UTF-16"?>' + sidecar(AMY),
        sidecar(AMY),
    ):  # with or without a declaration
        for encoding in ("utf-16-le", "utf-16-be"):
            info = parse_xmp(text.encode(encoding), "nobom.xmp")
            assert info is not None and [a.name for a in info.areas] == ["Amy"]


LOLZ = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><a>&lol2;</a>'


def test_a_dtd_is_refused_in_any_encoding():
    """Before, a DOCTYPE in UTF-16 passed the byte search: only expat's amplification limit stopped it."""
    for encoding in ("utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-8"):
        declared = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"  # -le/-be: no BOM, sniffed from "<?"
        data = LOLZ.replace('"1.0"?>', f'"1.0" encoding="{declared}"?>').encode(encoding)
        with pytest.raises(XmpError, match="DOCTYPE"):
            parse_xmp(data, f"lolz-{encoding}.xmp")


# --- defect 4: any exception is an error for that photo --------------------------------------------------


def test_any_exception_reading_one_photo_is_that_photos_error(xmp_libraries, monkeypatch):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    export_xmp(lib.catalog)
    fresh = xmp_libraries.build("fresh")
    real = xmp_read.read_regions

    def flaky(path, **kw):
        if Path(path).name == "a.jpg":
            raise RuntimeError("boom")
        return real(path, **kw)

    monkeypatch.setattr("faceorganizer.library.metadata.exchange.read_regions", flaky)
    summary = import_xmp(fresh.catalog)  # before: RuntimeError out of import_xmp
    assert [(Path(e.path).name, e.error) for e in summary.errors] == [("a.jpg", "RuntimeError: boom")]
    assert (summary.photos, summary.regions, summary.matched) == (1, 1, 1)


def test_a_failure_half_way_through_a_photo_counts_nothing_of_it(xmp_libraries, monkeypatch):
    lib = xmp_libraries.build()
    a = lib.folder / "a.jpg"
    sidecar_path(a).write_text(sidecar(AMY, region("New", 0.9, 0.9, 0.05, 0.05)))
    sidecar_path(lib.folder / "b.jpg").write_text(sidecar(region("Raj", 0.9, 0.9, 0.05, 0.05)))
    from faceorganizer.library.people import PeopleOps

    real = PeopleOps.add_manual_face

    def fail_on_a(self, photo_id, box, name=None):
        if photo_id == lib.photos["a.jpg"]:
            raise MemoryError("no room")
        return real(self, photo_id, box, name)

    monkeypatch.setattr(PeopleOps, "add_manual_face", fail_on_a)
    summary = import_xmp(lib.catalog)  # before: MemoryError out of import_xmp
    assert [Path(e.path).name for e in summary.errors] == ["a.jpg"]
    assert (summary.photos, summary.regions, summary.matched, summary.created, summary.named) == (1, 1, 0, 1, 1)
    assert [p.name for p in lib.catalog.people()] == ["Raj"]  # a.jpg's Amy was rolled back with the rest of it


def test_any_exception_writing_one_photo_is_that_photos_error(xmp_libraries, monkeypatch):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    real = xmp_write.write_sidecar

    def flaky(path, *args, **kw):
        if Path(path).name == "b.jpg":
            raise KeyError("weird")
        return real(path, *args, **kw)

    monkeypatch.setattr("faceorganizer.library.metadata.exchange.write_sidecar", flaky)
    summary = export_xmp(lib.catalog)  # before: KeyError out of export_xmp
    assert summary.written == 1
    assert [(Path(e.path).name, e.error) for e in summary.errors] == [("b.jpg", "KeyError: 'weird'")]


# --- defect 5: temp files ---------------------------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temp_files_of_killed_writers_are_removed(photo):
    folder, old = photo.parent, time.time() - 3600
    dead = folder / f".p.jpg.xmp.{_dead_pid()}.0a1b2c3d.tmp"
    dead_old_style = folder / f".p.jpg.xmp.{_dead_pid()}.tmp"
    aged = folder / f".p.jpg.xmp.{os.getpid()}.deadbeef.tmp"  # a live pid, but an hour old
    live = folder / f".p.jpg.xmp.{os.getppid()}.cafe0123.tmp"  # a writer at work right now
    other = folder / ".p.jpg.xmp.notes.tmp"  # not ours
    for p in (dead, dead_old_style, aged, live, other):
        p.write_text("partial")
    os.utime(aged, (old, old))
    os.utime(other, (old, old))
    write_sidecar(photo, [FaceRegion("A", Box(10, 10, 30, 30))], (160, 120), 1)
    assert sorted(p.name for p in folder.iterdir()) == sorted(["p.jpg", "p.jpg.xmp", live.name, other.name])


def test_export_removes_stale_temp_files_in_its_folders(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    stale = [lib.folder / f".{n}.xmp.{_dead_pid()}.0a1b2c3d.tmp" for n in ("a.jpg", "b.jpg", "gone.jpg")]
    for p in stale:
        p.write_text("partial")
    assert export_xmp(lib.catalog).written == 2
    assert not list(lib.folder.glob(".*.tmp"))


def test_a_failed_write_never_leaves_a_temp_file(photo, monkeypatch):
    def crash(src, dst):
        raise RuntimeError("killed between write and rename")

    monkeypatch.setattr(xmp_write.os, "replace", crash)
    with pytest.raises(RuntimeError):
        write_sidecar(photo, [FaceRegion("A", Box(10, 10, 30, 30))], (160, 120), 1)
    monkeypatch.undo()
    assert sorted(p.name for p in photo.parent.iterdir()) == ["p.jpg"]  # before: the .tmp stayed
