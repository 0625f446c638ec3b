"""Scan options from the Settings: folders to exclude (paths and glob patterns) and the minimum face size."""

from __future__ import annotations

import os

import pytest

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import BackgroundScan, IndexOptions, scan
from faceorganizer.library.indexing.scanner import excluded, scan_folders


def _tree(plain_image, top):
    """top/a.jpg, top/Trash/t.jpg, top/private/p.jpg, top/private/deep/d.jpg, top/keep/Trash2/k.jpg."""
    for i, rel in enumerate(["a.jpg", "Trash/t.jpg", "private/p.jpg", "private/deep/d.jpg", "keep/Trash2/k.jpg"]):
        plain_image(top / rel, seed=i)
    return top


def _names(cat: Catalog) -> set[str]:
    return {os.path.basename(p.path) for p in cat.photos()}


def test_excluded_matches_names_globs_and_folder_paths(tmp_path):
    private = str(tmp_path / "private")
    assert excluded("/x/Trash", ["Trash"]) and excluded("/x/y/Trash", ["*/Trash"])
    assert not excluded("/x/Trash2", ["Trash"]) and not excluded("/x/Trash2", ["*/Trash"])
    assert excluded("/x/cache.tmp", ["*.tmp"]) and not excluded("/x/tmp", ["*.tmp"])
    assert excluded(private, [private]) and excluded(os.path.join(private, "deep"), [private + "/"])
    assert not excluded(str(tmp_path / "private2"), [private])  # a prefix of the name is not the folder
    assert not excluded("/x/a", ["", "  "])


def test_scan_skips_excluded_folders_by_path_and_pattern(tmp_path, plain_image):
    top = _tree(plain_image, tmp_path / "photos")
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        plan = scan_folders(cat, [top], exclude=["*/Trash", str(top / "private")])
        assert _names(cat) == {"a.jpg", "k.jpg"} and plan.seen == 2 and not plan.errors


def test_excluding_an_indexed_folder_later_marks_nothing_missing(tmp_path, fake_nets, plain_image):
    top = _tree(plain_image, tmp_path / "photos")
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        assert scan(cat, [top]).indexed == 5
        summary = scan(cat, [top], exclude=["private"])
        assert summary.missing == 0 and summary.seen == 3
        assert {p.status for p in cat.photos()} == {"indexed"}  # the excluded photos are left as they were


def test_exclude_from_index_options_and_background_scan(tmp_path, fake_nets, plain_image):
    top = _tree(plain_image, tmp_path / "photos")
    lib = tmp_path / "lib.sqlite"
    with Catalog.open(lib) as cat:
        scan(cat, [top], IndexOptions(exclude=("Trash",)))
        assert "t.jpg" not in _names(cat) and len(_names(cat)) == 4
    job = BackgroundScan(tmp_path / "lib2.sqlite", [top], exclude=["private", "Trash"]).start()
    assert job.wait(30).indexed == 2
    with Catalog.open(tmp_path / "lib2.sqlite") as cat:
        assert _names(cat) == {"a.jpg", "k.jpg"}


def test_min_face_size_drops_small_faces_before_they_are_stored(tmp_path, fake_nets, plain_image):
    fake_nets.faces_per_image = 1  # one face: half the image (48x32 px on 96x64)
    plain_image(tmp_path / "photos" / "small.jpg", seed=1, size=(96, 64))
    plain_image(tmp_path / "photos" / "big.jpg", seed=2, size=(192, 128))  # face 96x64
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [tmp_path / "photos"], IndexOptions(min_face_size=40))
        assert summary.indexed == 2 and summary.faces == 1
        by_name = {os.path.basename(p.path): p for p in cat.photos()}
        assert cat.faces_of_photo(by_name["small.jpg"].id) == []
        (face,) = cat.faces_of_photo(by_name["big.jpg"].id)
        assert min(face.box.width, face.box.height) >= 40
        assert by_name["small.jpg"].status == "indexed"  # indexed, just with no face worth keeping
        assert cat.scalar("SELECT count(*) FROM people WHERE id IN (SELECT person_id FROM faces)") <= 1


def test_min_face_size_zero_keeps_every_face_and_negative_is_refused(tmp_path, fake_nets, plain_image):
    fake_nets.faces_per_image = 2
    plain_image(tmp_path / "photos" / "small.jpg", seed=1, size=(96, 64))
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        assert scan(cat, [tmp_path / "photos"], IndexOptions()).faces == 2
    with pytest.raises(ValueError, match="min_face_size"):
        IndexOptions(min_face_size=-1)
    with pytest.raises(TypeError):
        IndexOptions(exclude="*/Trash")


def test_watcher_paths_in_excluded_folders_are_skipped(tmp_path, plain_image):
    """scan_paths (what the folder watcher calls) skips what a walk with the same exclusions skips."""
    from faceorganizer.library.indexing import scan_paths

    top = _tree(plain_image, tmp_path / "photos")
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        cat.add_root(str(top))
        changed = [str(top / rel) for rel in ("a.jpg", "Trash/t.jpg", "private/deep/d.jpg", "private")]
        plan = scan_paths(cat, changed, exclude=["Trash", str(top / "private")])
        assert _names(cat) == {"a.jpg"} and plan.seen == 1


def test_scan_command_takes_exclude_and_min_face_size(tmp_path, capsys, fake_nets, plain_image):
    import json

    from faceorganizer.cli import main

    fake_nets.faces_per_image = 1
    top = _tree(plain_image, tmp_path / "photos")
    lib = str(tmp_path / "lib.sqlite")
    args = ["scan", str(top), "--library", lib, "--json", "--exclude", "Trash", "--exclude", "*/private"]
    assert main([*args, "--min-face-size", "10000"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["seen"], doc["indexed"], doc["faces"]) == (2, 2, 0)
    with Catalog.open(lib) as cat:
        assert _names(cat) == {"a.jpg", "k.jpg"}
    assert main(["scan", str(top), "--library", lib, "--min-face-size", "-3"]) == 2
    assert "min_face_size" in capsys.readouterr().err
