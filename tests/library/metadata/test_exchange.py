"""Catalog <-> XMP sidecars: export, round trip into a fresh library, idempotence, user decisions, faults."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.metadata import xmp_write
from faceorganizer.library.metadata.exchange import export_xmp, import_xmp, match_regions
from faceorganizer.library.metadata.xmp import FaceRegion, sidecar_path
from faceorganizer.library.metadata.xmp_read import parse_xmp, read_regions
from faceorganizer.library.people import PeopleOps


def named_boxes(regions: list[FaceRegion]) -> list[tuple[str | None, tuple[float, ...]]]:
    return sorted(((r.name, tuple(round(v) for v in (r.box.x, r.box.y, r.box.width, r.box.height))) for r in regions),
                  key=repr)  # fmt: skip


def snapshot(cat: Catalog) -> tuple:
    return (
        [tuple(r) for r in cat.query("SELECT id, photo_id, x, y, width, height, person_id, state, source FROM faces")],
        [tuple(r) for r in cat.query("SELECT id, name, hidden FROM people")],
        [tuple(r) for r in cat.query("SELECT kind, face_id, person_id, value FROM decisions")],
    )


def box_key(b: Box) -> tuple[int, ...]:
    return tuple(round(v) for v in (b.x, b.y, b.width, b.height))


def test_export_writes_named_faces_in_stored_orientation_and_never_the_photo(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    photos = {n: lib.folder / n for n in xmp_libraries.boxes}
    before = {n: hashlib.sha256(p.read_bytes()).hexdigest() for n, p in photos.items()}
    summary = export_xmp(lib.catalog)
    assert (summary.written, summary.skipped, summary.errors) == (2, 0, [])
    assert {n: hashlib.sha256(p.read_bytes()).hexdigest() for n, p in photos.items()} == before
    # Named only: a's Amy (confirmed) and Raj (auto); b's Raj. Not the unnamed, rejected or suggested faces.
    assert named_boxes(read_regions(photos["a.jpg"])) == [("Amy", (10, 10, 30, 30)), ("Raj", (60, 20, 30, 30))]
    assert named_boxes(read_regions(photos["b.jpg"])) == [("Raj", (8, 12, 40, 40))]
    # b's region is stored-image normalized: displayed top-left (orientation 6) is the stored bottom-left.
    info = parse_xmp(sidecar_path(photos["b.jpg"]).read_bytes(), "b")
    assert info.applied_to_dimensions == (160, 120)
    (area,) = info.areas
    assert area.x < 0.5 < area.y and area.w == pytest.approx(40 / 160) and area.h == pytest.approx(40 / 120)
    # Exporting again rewrites the same sidecars: our own earlier regions are replaced, not kept.
    sidecars = {n: sidecar_path(p).read_bytes() for n, p in photos.items()}
    again = export_xmp(lib.catalog)
    assert (again.written, again.kept) == (2, 0)
    assert {n: sidecar_path(p).read_bytes() for n, p in photos.items()} == sidecars


def test_export_all_faces_adds_unnamed_but_never_dismissed(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    export_xmp(lib.catalog, named_only=False)
    a = named_boxes(read_regions(lib.folder / "a.jpg"))
    assert a == [("Amy", (10, 10, 30, 30)), ("Raj", (60, 20, 30, 30)), (None, (100, 60, 30, 40))]
    b = named_boxes(read_regions(lib.folder / "b.jpg"))  # the suggested Amy is written without a name
    assert b == [("Raj", (8, 12, 40, 40)), (None, (60, 100, 40, 40))]


def test_round_trip_into_a_fresh_library_gives_same_names_on_same_boxes(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    assert export_xmp(lib.catalog).written == 2
    # The fresh library's detector found a's faces slightly shifted and missed b's first face.
    shifted = {"a.jpg": [Box(b.x + 2, b.y - 1, b.width, b.height) for b in xmp_libraries.boxes["a.jpg"]],
               "b.jpg": xmp_libraries.boxes["b.jpg"][1:]}  # fmt: skip
    fresh = xmp_libraries.build("fresh", shifted)
    summary = import_xmp(fresh.catalog)
    assert summary.errors == []
    assert (summary.photos, summary.regions, summary.matched, summary.created, summary.named) == (2, 3, 2, 1, 2)
    cat = fresh.catalog
    names = {p.id: p.name for p in cat.people()}
    got = {}
    for fname, pid in fresh.photos.items():
        for f in cat.faces_of_photo(pid):
            if f.person_id is not None:
                assert f.state == "confirmed"
                got[(fname, box_key(f.box))] = (names[f.person_id], f.source)
    assert got == {
        ("a.jpg", (12, 9, 30, 30)): ("Amy", "detector"),
        ("a.jpg", (62, 19, 30, 30)): ("Raj", "detector"),
        ("b.jpg", (8, 12, 40, 40)): ("Raj", "manual"),
    }
    # Faces of no one are moved to the named person (a "split" decision each), manual faces logged.
    assert sorted(d.face_id for d in cat.decisions(kind="split")) == sorted(fresh.faces["a.jpg"][:2])
    assert len(cat.decisions(kind="manual_face")) == 1 and len(cat.decisions(kind="name")) == 2


def test_import_twice_changes_nothing_the_second_time(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    export_xmp(lib.catalog)
    fresh = xmp_libraries.build("fresh", {"a.jpg": xmp_libraries.boxes["a.jpg"], "b.jpg": []})
    first = import_xmp(fresh.catalog)
    assert (first.matched, first.created, first.named) == (2, 1, 2)
    before = snapshot(fresh.catalog)
    second = import_xmp(fresh.catalog)
    assert (second.matched, second.created, second.named, second.unchanged) == (0, 0, 0, 3)
    assert snapshot(fresh.catalog) == before


def test_import_keeps_rejections_and_confirmations_of_the_user(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    export_xmp(lib.catalog)
    fresh = xmp_libraries.build("fresh")
    cat = fresh.catalog
    a = fresh.faces["a.jpg"]
    with cat.transaction():
        amy, bob = cat.create_person("amy"), cat.create_person("Bob")  # "Amy" in the XMP: same person, any case
        cat.record_decision("reject", face_id=a[0], person_id=amy)  # the user said a[0] is not Amy
        cat.record_decision("confirm", face_id=a[1], person_id=bob)
    cat.assign_faces([a[1]], bob, "confirmed")  # the user said a[1] is Bob; the XMP says Raj
    summary = import_xmp(cat)
    assert (summary.rejected, summary.conflicts, summary.matched, summary.named) == (1, 1, 1, 1)
    assert cat.face(a[0]).person_id is None and cat.face(a[0]).state == "auto"
    assert (cat.face(a[1]).person_id, cat.face(a[1]).state) == (bob, "confirmed")
    assert [p.name for p in cat.people()] == ["amy", "Bob", "Raj"]
    assert import_xmp(cat).rejected == 1  # still respected the second time


def test_rejections_through_the_people_service_and_dismissed_faces_are_left_alone(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    export_xmp(lib.catalog)
    fresh = xmp_libraries.build("fresh")
    cat, ops = fresh.catalog, PeopleOps(fresh.catalog)
    a, b = fresh.faces["a.jpg"], fresh.faces["b.jpg"]
    with cat.transaction():
        raj = cat.create_person("Raj")
    cat.assign_faces([b[0]], raj, "auto")
    ops.reject([b[0]])  # "b[0] is not Raj": it leaves Raj for good
    ops.reject([a[0]])  # a face of no one: dismissed
    summary = import_xmp(cat)
    assert (summary.regions, summary.rejected, summary.matched, summary.created) == (3, 2, 1, 0)
    assert (cat.face(b[0]).person_id, cat.face(b[0]).state) == (None, "auto")
    assert (cat.face(a[0]).person_id, cat.face(a[0]).state) == (None, "rejected")
    assert (cat.face(a[1]).person_id, cat.face(a[1]).state) == (raj, "confirmed")


def test_import_moves_one_face_out_of_a_cluster_and_confirms_an_auto_match(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    export_xmp(lib.catalog)
    fresh = xmp_libraries.build("fresh")
    cat = fresh.catalog
    a = fresh.faces["a.jpg"]
    with cat.transaction():
        cluster, amy = cat.create_person(), cat.create_person("Amy")
    cat.assign_faces([a[1], a[2]], cluster, "auto")  # an unnamed cluster holding Raj's face and another
    cat.assign_faces([a[0]], amy, "auto")
    summary = import_xmp(cat, [fresh.photos["a.jpg"]])
    assert (summary.matched, summary.named, summary.unchanged) == (2, 1, 0)
    assert (cat.face(a[0]).person_id, cat.face(a[0]).state) == (amy, "confirmed")
    assert [d.face_id for d in cat.decisions(kind="confirm")] == [a[0]]
    raj = cat.face(a[1]).person_id
    assert cat.person(raj).name == "Raj" and cat.face(a[1]).state == "confirmed"
    assert cat.person(cluster).name is None and [f.id for f in cat.faces_of_person(cluster)] == [a[2]]


def test_export_errors_are_recorded_and_the_rest_is_exported(monkeypatch, xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    real_open = os.open

    def refuse_in_b(path, *args, **kwargs):  # the folder is not writable (root ignores chmod: simulate)
        if "b.jpg" in os.fspath(path):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(xmp_write.os, "open", refuse_in_b)
    summary = export_xmp(lib.catalog)
    monkeypatch.undo()
    assert summary.written == 1 and len(summary.errors) == 1
    assert summary.errors[0].path == str(lib.folder / "b.jpg")
    assert "cannot write the sidecar: Permission denied" in summary.errors[0].error
    assert sidecar_path(lib.folder / "a.jpg").exists() and not sidecar_path(lib.folder / "b.jpg").exists()
    assert not list(lib.folder.glob(".*.tmp"))

    # A malformed sidecar is left untouched; a photo whose file is gone gets no sidecar.
    sidecar_path(lib.folder / "a.jpg").write_text("<x:xmpmeta")
    (lib.folder / "b.jpg").unlink()
    summary = export_xmp(lib.catalog)
    assert summary.written == 0 and [Path(e.path).name for e in summary.errors] == ["a.jpg", "b.jpg"]
    assert sidecar_path(lib.folder / "a.jpg").read_text() == "<x:xmpmeta"
    assert "gone" in summary.errors[1].error and not sidecar_path(lib.folder / "b.jpg").exists()


def test_import_errors_are_recorded_and_the_rest_is_imported(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    export_xmp(lib.catalog)
    sidecar_path(lib.folder / "a.jpg").write_text("<x:xmpmeta><broken")
    fresh = xmp_libraries.build("fresh")
    summary = import_xmp(fresh.catalog)
    assert [Path(e.path).name for e in summary.errors] == ["a.jpg"] and "a.jpg.xmp" in summary.errors[0].error
    assert (summary.photos, summary.matched) == (1, 1)


def test_export_keeps_regions_of_other_tools_on_faces_the_library_does_not_know(xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    a = lib.folder / "a.jpg"
    # Another tool tagged a face we never detected, and put a stale name on a face we know.
    xmp_write.write_sidecar(a, [FaceRegion("Leonard", Box(120, 5, 20, 20)), FaceRegion("Old", Box(9, 9, 31, 31))],
                            (160, 120), 1)  # fmt: skip
    summary = export_xmp(lib.catalog, [lib.photos["a.jpg"]])
    assert (summary.written, summary.kept) == (1, 1)
    assert [n for n, _ in named_boxes(read_regions(a))] == ["Amy", "Leonard", "Raj"]


def test_regions_match_faces_by_iou_or_mutual_centres():
    from faceorganizer.library.catalog import Face

    def face(i: int, box: Box) -> Face:
        return Face(i, 1, box, None, None, None, None, None, None, None, None, None, None, "auto", "detector", 0.0)

    faces = [face(1, Box(100, 100, 40, 40)), face(2, Box(300, 100, 40, 40))]
    regions = [
        FaceRegion("loose", Box(80, 70, 80, 100)),  # digiKam-style big box around face 1 (IoU 0.2)
        FaceRegion("tight", Box(310, 112, 20, 20)),  # a tight box inside face 2 (IoU 0.25)
        FaceRegion("none", Box(200, 300, 40, 40)),
        FaceRegion("second", Box(101, 101, 40, 40)),  # IoU ~0.9 with face 1: wins it over "loose"
    ]
    assert [f and f.id for f in match_regions(regions, faces)] == [None, 2, None, 1]
