"""Folder watching: created, changed, moved and removed photos reach the catalog after a short quiet period."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import FolderWatcher, scan


def test_watcher_follows_changes(tmp_path, fake_nets, plain_image, until, photo_status):
    photos, lib = tmp_path / "photos", tmp_path / "lib.sqlite"
    plain_image(photos / "a.jpg", seed=1)
    with Catalog.open(lib) as cat:
        scan(cat, [photos])
    batches = []
    watcher = FolderWatcher(lib, debounce=0.2, on_batch=batches.append).start()
    try:
        plain_image(photos / "new" / "b.jpg", seed=2)
        assert until(lambda: photo_status(lib, photos / "new" / "b.jpg") == "indexed")
        calls = fake_nets.calls
        (photos / "2024").mkdir()
        shutil.move(photos / "a.jpg", photos / "2024" / "a.jpg")
        assert until(lambda: photo_status(lib, photos / "2024" / "a.jpg") == "indexed")
        assert fake_nets.calls == calls  # a move costs no model work
        assert photo_status(lib, photos / "a.jpg") is None  # the photo took its new path
        os.remove(photos / "new" / "b.jpg")
        assert until(lambda: photo_status(lib, photos / "new" / "b.jpg") == "missing")
        (photos / "notes.txt").write_text("ignored")
        plain_image(photos / ".hidden" / "c.jpg", seed=3)
        time.sleep(0.6)
        assert photo_status(lib, photos / ".hidden" / "c.jpg") is None
    finally:
        watcher.stop()
    assert not watcher.running and watcher.error is None
    assert sum(b.indexed for b in batches) == 1 and sum(b.moved for b in batches) == 1


def test_debounce_handles_a_burst_once(tmp_path, fake_nets, plain_image, until):
    photos, lib = tmp_path / "photos", tmp_path / "lib.sqlite"
    photos.mkdir()
    with Catalog.open(lib) as cat:
        cat.add_root(photos)
    batches = []
    watcher = FolderWatcher(lib, debounce=1.0, on_batch=batches.append).start()
    try:
        for i in range(5):
            plain_image(photos / f"p{i}.jpg", seed=i)
        assert until(lambda: sum(b.indexed for b in batches) == 5)
    finally:
        watcher.stop()
    assert len(batches) == 1


def test_watch_command_catches_up_then_stops_cleanly_on_sigterm(tmp_path, plain_image):
    photos, lib = tmp_path / "photos", tmp_path / "lib.sqlite"
    plain_image(photos / "a.jpg", seed=1)
    with Catalog.open(lib) as cat:
        cat.add_root(photos)
    cmd = [sys.executable, "-m", "faceorganizer.cli", "watch", "--library", str(lib), "--json", "--detector", "tiny"]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            first = proc.stdout.readline()  # the catch-up scan's summary
            proc.send_signal(signal.SIGTERM)
            rest, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert '"seen": 1' in first and '"indexed": 1' in first, err
    assert proc.returncode == 0 and rest == "", err


def _one_photo_scanned(tmp_path, plain_image):
    """A library of one photo, photos/a.jpg, scanned (the fake networks find one face): (folder, library, the
    photo, its face)."""
    photos, lib = tmp_path / "photos", tmp_path / "lib.sqlite"
    plain_image(photos / "a.jpg", seed=1)
    with Catalog.open(lib) as cat:
        scan(cat, [photos])
        (photo,) = cat.photos()
        (face,) = cat.faces_of_photo(photo.id)
    return photos, lib, photo, face


def test_a_sidecar_another_tool_writes_is_imported_and_a_conflict_is_listed(tmp_path, fake_nets, plain_image, until):
    """Issue 18.4: digiKam or Lightroom writes (or edits) a photo's XMP sidecar while the library is watched: its
    named regions are imported, never over the user's decision; a face it names otherwise is listed, unchanged."""
    from faceorganizer.library.metadata import FaceRegion
    from faceorganizer.library.metadata.xmp_write import write_sidecar
    from faceorganizer.library.people import PeopleOps

    photos, lib, photo, face = _one_photo_scanned(tmp_path, plain_image)
    size = (photo.width, photo.height)
    imports = []
    watcher = FolderWatcher(lib, debounce=0.2, on_sidecars=imports.append).start()
    try:
        write_sidecar(photos / "a.jpg", [FaceRegion("Ann", face.box)], size, photo.orientation)  # "digiKam" tags Ann

        def named(name: str) -> bool:
            with Catalog.open(lib, read_only=True) as cat:
                person_id = cat.face(face.id).person_id
                return person_id is not None and cat.person(person_id).name == name

        assert until(lambda: named("Ann"))
        with Catalog.open(lib) as cat:
            ops = PeopleOps(cat)
            bob = cat.create_person("Bob")
            ops.split([face.id], bob)  # the user says: this is Bob
            ops.confirm([face.id])
        write_sidecar(photos / "a.jpg", [FaceRegion("Ann", face.box)], size, photo.orientation, people_tags=False)
        assert until(lambda: any(s.conflict_list for s in imports))
    finally:
        watcher.stop()
    (conflict,) = next(s for s in imports if s.conflict_list).conflict_list
    assert (conflict.face_id, conflict.in_sidecar, conflict.here) == (face.id, "Ann", "Bob")
    assert named("Bob") and watcher.error is None  # the user's decision stands


def test_the_watch_command_says_what_sidecars_changed_and_lists_conflicts():
    from faceorganizer.cli.library.watch import sidecar_lines
    from faceorganizer.library.metadata.exchange import ImportSummary, XmpConflict

    summary = ImportSummary(photos=1, regions=2, matched=1, conflicts=1)
    summary.conflict_list.append(XmpConflict("/p/a.jpg", 7, "Ann", "Bob"))
    lines = sidecar_lines(summary)
    assert lines[0].startswith("sidecars: 2 named region(s): 1 imported") and "1 conflict(s)" in lines[0]
    assert lines[1] == "  conflict: /p/a.jpg: face 7 is 'Bob' here, 'Ann' in its sidecar"
    assert sidecar_lines(ImportSummary()) == []


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool not installed")
def test_a_sidecar_written_then_edited_by_exiftool_is_picked_up_by_watch(tmp_path, fake_nets, plain_image, until):
    """The issue's round trip: exiftool writes a sidecar naming a detected face and adding a region the detector
    missed (imported: the face named, a manual face added), then changes the name the user has since
    confirmed (a conflict, listed; the user's name stays)."""
    import json as json_module

    from faceorganizer.library.people import PeopleOps

    photos, lib, photo, face = _one_photo_scanned(tmp_path, plain_image)
    w, h = photo.width, photo.height

    def regions(name: str) -> list[dict]:
        b = face.box
        area = {"X": (b.x + b.width / 2) / w, "Y": (b.y + b.height / 2) / h, "W": b.width / w, "H": b.height / h}
        extra = {"X": 0.9, "Y": 0.9, "W": 0.08, "H": 0.1}  # a face the detector missed, in a corner
        return [
            {"Area": {**a, "Unit": "normalized"}, "Name": n, "Type": "Face"} for a, n in ((area, name), (extra, "Gus"))
        ]

    def exiftool(name: str) -> None:
        doc = tmp_path / "regions.json"
        info = {"AppliedToDimensions": {"W": w, "H": h, "Unit": "pixel"}, "RegionList": regions(name)}
        doc.write_text(json_module.dumps([{"SourceFile": "*", "RegionInfo": info}]))
        sidecar = photos / "a.jpg.xmp"
        args = (
            ["-overwrite_original", str(sidecar)] if sidecar.exists() else ["-o", str(sidecar), str(photos / "a.jpg")]
        )
        subprocess.run(["exiftool", "-q", f"-json={doc}", *args], check=True)

    def name_of(face_id: int) -> str | None:
        with Catalog.open(lib, read_only=True) as cat:
            pid = cat.face(face_id).person_id
            return None if pid is None else cat.person(pid).name

    imports = []
    watcher = FolderWatcher(lib, debounce=0.2, on_sidecars=imports.append).start()
    try:
        exiftool("Eve")
        assert until(lambda: name_of(face.id) == "Eve" and any(s.created for s in imports))
        with Catalog.open(lib) as cat:
            PeopleOps(cat).confirm([face.id])  # the user agrees: Eve
        exiftool("Frank")  # someone renames her in digiKam
        assert until(lambda: any(s.conflict_list for s in imports))
    finally:
        watcher.stop()
    (conflict,) = next(s for s in imports if s.conflict_list).conflict_list
    assert (conflict.in_sidecar, conflict.here) == ("Frank", "Eve") and name_of(face.id) == "Eve"
