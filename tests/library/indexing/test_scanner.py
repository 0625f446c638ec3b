"""The scanner: what the walk keeps and skips, and how files are classified against the catalog."""

from __future__ import annotations

import os
import shutil

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import scan
from faceorganizer.library.indexing.scanner import scan_folders, scan_paths, walk


def _names(folder) -> list[str]:
    errors: list = []
    return [os.path.relpath(f.path, folder) for f in walk(str(folder), errors)]


def test_walk_skips_hidden_and_non_images_and_survives_symlink_loops(tmp_path, plain_image):
    plain_image(tmp_path / "a.jpg")
    plain_image(tmp_path / "B.PNG", fmt="PNG")
    plain_image(tmp_path / "sub" / "c.webp")
    plain_image(tmp_path / ".hidden" / "d.jpg")
    plain_image(tmp_path / "sub" / ".e.jpg")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)  # a loop back to the top
    (tmp_path / "again").symlink_to(tmp_path / "sub")  # a second way into sub/
    os.symlink(tmp_path / "nowhere.jpg", tmp_path / "broken.jpg")
    names = _names(tmp_path)
    assert sorted(names) == ["B.PNG", "a.jpg", "again/c.webp"] or sorted(names) == ["B.PNG", "a.jpg", "sub/c.webp"]
    assert len(names) == 3


def test_unlistable_folder_is_an_error_not_missing_photos(tmp_path, monkeypatch, fake_nets, plain_image):
    plain_image(tmp_path / "photos" / "locked" / "a.jpg")
    plain_image(tmp_path / "photos" / "b.jpg", seed=1)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [tmp_path / "photos"])
        real_scandir = os.scandir

        def scandir(path):
            if str(path).endswith("locked"):
                raise PermissionError(13, "Permission denied", path)
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
        plan = scan_folders(cat, [tmp_path / "photos"])
        assert [(os.path.basename(e.path), e.error) for e in plan.errors] == [("locked", "cannot list folder: "
                                                                                 "Permission denied")]  # fmt: skip
        assert plan.missing == 0 and cat.stats().missing == 0


def test_classification_new_unchanged_changed_missing_restored(tmp_path, fake_nets, plain_image):
    photos = tmp_path / "photos"
    for i in range(3):
        plain_image(photos / f"p{i}.jpg", seed=i)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        first = scan(cat, [photos])
        assert (first.seen, first.indexed, first.unchanged, first.faces, first.errors) == (3, 3, 0, 3, [])
        assert fake_nets.calls == 3

        again = scan(cat, [photos])
        assert (again.seen, again.indexed, again.unchanged, again.faces) == (3, 0, 3, 0)
        assert fake_nets.calls == 3  # an unchanged library costs no model work

        plain_image(photos / "p0.jpg", seed=10)  # new content
        st = os.stat(photos / "p1.jpg")
        os.utime(photos / "p1.jpg", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched only
        os.remove(photos / "p2.jpg")
        plan = scan_folders(cat, [photos])
        assert (plan.changed, plan.unchanged, plan.missing, plan.new) == (2, 0, 1, 0)
        result = scan(cat, [photos])
        assert (result.indexed, result.unchanged) == (1, 1) and fake_nets.calls == 4
        assert cat.photo_by_path(str(photos / "p2.jpg")).status == "missing"
        assert len(cat.faces_of_photo(cat.photo_by_path(str(photos / "p2.jpg")).id)) == 1  # kept
        assert cat.stats().photos == 2

        plain_image(photos / "p2.jpg", seed=2)  # back, same bytes (PNG/JPEG encoding is deterministic)
        os.utime(photos / "p2.jpg", ns=(st.st_atime_ns, cat.photo_by_path(str(photos / "p2.jpg")).mtime_ns))
        back = scan(cat, [photos])
        assert (back.unchanged, back.indexed) == (3, 0) and fake_nets.calls == 4
        assert cat.photo_by_path(str(photos / "p2.jpg")).status == "indexed"


def test_moved_and_renamed_photos_keep_faces_and_names_without_model_work(tmp_path, fake_nets, plain_image):
    photos = tmp_path / "photos"
    plain_image(photos / "a.jpg", seed=1)
    plain_image(photos / "b.jpg", seed=2)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [photos])
        photo = cat.photo_by_path(str(photos / "a.jpg"))
        (face,) = cat.faces_of_photo(photo.id)
        ann = cat.create_person("Ann")
        cat.assign_faces([face.id], ann, "confirmed")
        (photos / "2024").mkdir()
        shutil.move(photos / "a.jpg", photos / "2024" / "renamed.jpg")
        result = scan(cat, [photos])
        assert (result.indexed, result.unchanged, result.moved, result.missing) == (0, 2, 1, 1)
        assert fake_nets.calls == 2
        moved = cat.photo(photo.id)
        assert moved.path == str(photos / "2024" / "renamed.jpg") and moved.status == "indexed"
        assert [(f.id, f.person_id, f.state) for f in cat.faces_of_photo(photo.id)] == [(face.id, ann, "confirmed")]
        assert cat.stats().photos == 2 and cat.stats().missing == 0


def test_a_copy_is_another_location_of_the_photo(tmp_path, fake_nets, plain_image):
    photos = tmp_path / "photos"
    plain_image(photos / "a.jpg", seed=1)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [photos])
        shutil.copy(photos / "a.jpg", photos / "copy.jpg")
        result = scan(cat, [photos])
        assert (result.indexed, result.moved, result.copies) == (0, 0, 1) and fake_nets.calls == 1
        assert (cat.stats().photos, cat.stats().copies, cat.stats().faces) == (1, 1, 1)


def test_scan_paths_for_the_watcher(tmp_path, fake_nets, plain_image):
    photos = tmp_path / "photos"
    plain_image(photos / "sub" / "a.jpg", seed=1)
    plain_image(photos / "b.jpg", seed=2)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [photos])
        plain_image(photos / "c.jpg", seed=3)
        plan = scan_paths(cat, [str(photos / "c.jpg"), str(photos / "notes.txt"), str(tmp_path / "outside.jpg")])
        assert (plan.new, plan.seen) == (1, 1) and len(plan.to_index) == 1
        shutil.rmtree(photos / "sub")
        plan = scan_paths(cat, [str(photos / "sub")])
        assert plan.missing == 1
        assert cat.photo_by_path(str(photos / "sub" / "a.jpg")).status == "missing"


def test_nested_folder_scan_uses_the_enclosing_root(tmp_path, fake_nets, plain_image):
    photos = tmp_path / "photos"
    plain_image(photos / "a.jpg", seed=1)
    plain_image(photos / "sub" / "b.jpg", seed=2)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [photos])
        result = scan(cat, [photos / "sub"])
        assert (result.seen, result.unchanged, result.missing) == (1, 1, 0)  # a.jpg is not "missing"
        assert len(cat.roots()) == 1
