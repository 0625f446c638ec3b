"""One photo, many files: copies of a photo's bytes in other folders, a RAW+JPEG pair and a Live Photo are one
photo each, their faces stored once; a copy takes the photo's place when its file goes, keeping the user's work."""

from __future__ import annotations

import json
import os
import shutil

import pillow_heif
from PIL import Image

from faceorganizer.cli import main
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import scan, scan_paths
from faceorganizer.library.indexing.photo_files import PhotoFile, photo_files
from faceorganizer.library.people import browse, search


def _library(tmp_path, plain_image):
    """A photo copied to three folders, a RAW+JPEG pair, a HEIC+MOV Live Photo and one more photo."""
    photos = tmp_path / "photos"
    first = plain_image(photos / "2023" / "beach.jpg", seed=1)
    for folder in ("backup", "phone"):
        (photos / folder).mkdir(parents=True)
        shutil.copy(first, photos / folder / ("beach.jpg" if folder == "backup" else "IMG_9.jpg"))
    plain_image(photos / "2023" / "IMG_0001.JPG", seed=2)
    (photos / "2023" / "IMG_0001.CR2").write_bytes(b"II*\0 not opened: the pair is indexed from its JPEG")
    pillow_heif.register_heif_opener()
    Image.open(plain_image(tmp_path / "still.png", seed=3, fmt="PNG")).save(photos / "2023" / "IMG_0002.HEIC")
    (photos / "2023" / "IMG_0002.MOV").write_bytes(b"\0\0\0\x14ftypqt  ")
    plain_image(photos / "other.jpg", seed=4)
    return photos


def test_copies_and_pairs_are_one_photo_each_with_their_faces_once(tmp_path, fake_nets, plain_image, capsys):
    photos = _library(tmp_path, plain_image)
    lib = tmp_path / "lib.sqlite"
    with Catalog.open(lib) as cat:
        summary = scan(cat, [photos])
        assert summary.errors == []
        assert (summary.indexed, summary.copies, summary.faces) == (4, 2, 4)
        assert fake_nets.calls == 4  # the copies cost no model work
        stats = cat.stats()
        assert (stats.photos, stats.copies, stats.faces) == (4, 2, 4)
        beach = cat.photo_by_path(str(photos / "2023" / "beach.jpg"))
        copies = [cat.photo_by_path(str(photos / f)) for f in ("backup/beach.jpg", "phone/IMG_9.jpg")]
        assert [c.copy_of for c in copies] == [beach.id, beach.id]
        assert all(cat.faces_of_photo(c.id) == [] for c in copies)
        assert len(cat.faces_of_photo(beach.id)) == 1

        # the person is in one photo, not three: people, search and the browser count it once
        (face,) = cat.faces_of_photo(beach.id)
        ann = cat.create_person("Ann")
        cat.assign_faces([face.id], ann, "confirmed")
        cat.record_decision("confirm", face_id=face.id, person_id=ann)
        assert [p.id for p in search.photos_with_all(cat, [ann])] == [beach.id]
        assert cat.person(ann).face_count == 1
        assert len(browse.photo_ids(cat)) == 4
        assert sum(g.count for g in browse.photo_months(cat)) == 4
        # ...and a folder holding a copy shows the photo there
        assert [b.id for b in browse.browse_photos(cat, folder=str(photos / "backup"))] == [beach.id]

        # the user sees one item with its files listed
        shown = browse.photo_faces(cat, beach.id)
        assert shown.copies == sorted(str(photos / f) for f in ("backup/beach.jpg", "phone/IMG_9.jpg"))
        assert photo_files(shown.photo.path, shown.copies) == [
            PhotoFile(str(photos / "2023" / "beach.jpg"), "photo"),
            PhotoFile(str(photos / "backup" / "beach.jpg"), "copy"),
            PhotoFile(str(photos / "phone" / "IMG_9.jpg"), "copy"),
        ]
        pair = cat.photo_by_path(str(photos / "2023" / "IMG_0001.JPG"))
        assert photo_files(pair.path) == [PhotoFile(pair.path, "photo"),
                                          PhotoFile(str(photos / "2023" / "IMG_0001.CR2"), "raw")]  # fmt: skip
        live = cat.photo_by_path(str(photos / "2023" / "IMG_0002.HEIC"))
        assert photo_files(live.path) == [PhotoFile(live.path, "photo"),
                                          PhotoFile(str(photos / "2023" / "IMG_0002.MOV"), "live")]  # fmt: skip

    assert main(["status", "--library", str(lib), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["photos"], status["copies"], status["faces"]) == (4, 2, 4)
    assert main(["search", "--library", str(lib), "--with", "Ann", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["path"] == str(photos / "2023" / "beach.jpg") and len(item["copies"]) == 2


def test_deleting_copies_keeps_the_photo_and_the_users_work(tmp_path, fake_nets, plain_image):
    photos = _library(tmp_path, plain_image)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [photos])
        beach = cat.photo_by_path(str(photos / "2023" / "beach.jpg"))
        (face,) = cat.faces_of_photo(beach.id)
        ann = cat.create_person("Ann")
        cat.assign_faces([face.id], ann, "confirmed")

        os.remove(photos / "phone" / "IMG_9.jpg")  # a copy goes: nothing changes for the photo
        scan(cat, [photos])
        assert cat.stats().photos == 4 and cat.stats().copies == 1

        os.remove(photos / "2023" / "beach.jpg")  # the photo's own file goes: it moves to its remaining copy
        summary = scan(cat, [photos])
        assert fake_nets.calls == 4  # no model work
        moved = cat.photo(beach.id)
        assert moved.path == str(photos / "backup" / "beach.jpg") and moved.status == "indexed"
        assert moved.copy_of is None
        assert [(f.id, f.person_id, f.state) for f in cat.faces_of_photo(beach.id)] == [(face.id, ann, "confirmed")]
        assert (cat.stats().photos, cat.stats().copies, cat.stats().missing) == (4, 0, 0)
        assert summary.errors == []

        os.remove(photos / "backup" / "beach.jpg")  # the last one: missing, its faces kept as for any photo
        scan(cat, [photos])
        assert cat.photo(beach.id).status == "missing" and len(cat.faces_of_photo(beach.id)) == 1
        assert cat.stats().photos == 3


def test_the_watcher_intake_makes_a_new_copy_and_promotes_on_delete(tmp_path, fake_nets, plain_image):
    photos = tmp_path / "photos"
    first = plain_image(photos / "a.jpg", seed=1)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [photos])
        original = cat.photo_by_path(str(first))
        shutil.copy(first, photos / "b.jpg")
        from faceorganizer.library.indexing import Indexer

        plan = scan_paths(cat, [str(photos / "b.jpg")])
        result = Indexer(cat).run(plan.to_index)
        assert (result.copies, result.indexed, fake_nets.calls) == (1, 0, 1)
        assert cat.photo_by_path(str(photos / "b.jpg")).copy_of == original.id
        os.remove(first)
        plan = scan_paths(cat, [str(first)])
        assert plan.promoted == 1
        assert cat.photo(original.id).path == str(photos / "b.jpg") and cat.stats().photos == 1


def test_an_edited_photo_leaves_its_copies_to_be_photos_of_their_own(tmp_path, fake_nets, plain_image):
    photos = tmp_path / "photos"
    first = plain_image(photos / "a.jpg", seed=1)
    shutil.copy(first, photos / "b.jpg")
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [photos])
        assert cat.stats().copies == 1 and fake_nets.calls == 1
        plain_image(first, seed=9)  # edited: other bytes
        summary = scan(cat, [photos])
        assert summary.indexed == 2 and fake_nets.calls == 3  # the edit, and the copy that holds the old bytes
        b = cat.photo_by_path(str(photos / "b.jpg"))
        assert b.copy_of is None and b.status == "indexed" and len(cat.faces_of_photo(b.id)) == 1
        assert (cat.stats().photos, cat.stats().copies, cat.stats().faces) == (2, 0, 2)


def test_copies_analysed_at_once_are_stored_once(tmp_path, fake_nets, plain_image):
    """Copies read while the first of them is analysed wait for it, then are copies: one analysis, not six."""
    photos = tmp_path / "photos"
    first = plain_image(photos / "a.jpg", seed=1)
    for i in range(5):
        shutil.copy(first, photos / f"copy{i}.jpg")
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [photos])
        assert (summary.indexed, summary.copies, fake_nets.calls) == (1, 5, 1)
        assert (cat.stats().photos, cat.stats().copies, cat.stats().faces) == (1, 5, 1)


def test_removing_the_folder_of_the_photo_keeps_it_in_its_copy(tmp_path, fake_nets, plain_image):
    one, two = tmp_path / "one", tmp_path / "two"
    first = plain_image(one / "a.jpg", seed=1)
    two.mkdir()
    shutil.copy(first, two / "a.jpg")
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [one])
        scan(cat, [two])
        photo = cat.photo_by_path(str(first))
        (face,) = cat.faces_of_photo(photo.id)
        cat.assign_faces([face.id], cat.create_person("Ann"), "confirmed")
        cat.remove_root(next(r.id for r in cat.roots() if r.path == str(one)))
        assert cat.photo(photo.id).path == str(two / "a.jpg") and cat.face(face.id).state == "confirmed"
        assert (cat.stats().photos, cat.stats().copies) == (1, 0)


def test_xmp_goes_beside_every_copy_and_a_copys_sidecar_names_the_photos_faces(tmp_path, fake_nets, plain_image):
    from faceorganizer.library.metadata import export_xmp, import_xmp
    from faceorganizer.library.metadata.xmp_read import read_regions

    photos = tmp_path / "photos"
    first = plain_image(photos / "a.jpg", seed=1)
    (photos / "backup").mkdir()
    shutil.copy(first, photos / "backup" / "a.jpg")
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [photos])
        photo = cat.photo_by_path(str(first))
        (face,) = cat.faces_of_photo(photo.id)
        cat.assign_faces([face.id], cat.create_person("Ann"), "confirmed")
        summary = export_xmp(cat)
        assert (summary.written, summary.errors) == (2, [])
        for where in (first, photos / "backup" / "a.jpg"):
            assert [r.name for r in read_regions(str(where))] == ["Ann"]
        # another tool renames the face in the backup's sidecar: the photo's face is the one it names
        (photos / "backup" / "a.jpg.xmp").write_text(
            (photos / "backup" / "a.jpg.xmp").read_text().replace("Ann", "Annie")
        )
        copy = cat.photo_by_path(str(photos / "backup" / "a.jpg"))
        result = import_xmp(cat, [copy.id])
        assert [(c.face_id, c.in_sidecar, c.here) for c in result.conflict_list] == [(face.id, "Annie", "Ann")]
        assert cat.faces_of_photo(copy.id) == []  # nothing was added to the copy itself


def test_a_new_copys_sidecar_is_read_for_its_photo(tmp_path, fake_nets, plain_image):
    from faceorganizer.library.metadata import export_xmp

    tagged = tmp_path / "tagged"  # another library (or tool) named the face in a copy's sidecar
    plain_image(tagged / "a.jpg", seed=1)
    with Catalog.open(tmp_path / "other.sqlite") as other:
        scan(other, [tagged])
        (face,) = other.faces_of_photo(other.photos()[0].id)
        other.assign_faces([face.id], other.create_person("Bea"), "confirmed")
        assert export_xmp(other).written == 1
    photos = tmp_path / "photos"
    plain_image(photos / "a.jpg", seed=1)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [photos])
        photo = cat.photos()[0]
        (photos / "backup").mkdir()
        shutil.copy(tagged / "a.jpg", photos / "backup" / "a.jpg")
        shutil.copy(tagged / "a.jpg.xmp", photos / "backup" / "a.jpg.xmp")
        summary = scan(cat, [photos])
        assert summary.copies == 1
        (face,) = cat.faces_of_photo(photo.id)
        assert cat.person(face.person_id).name == "Bea" and face.state == "confirmed"


def test_of_copies_read_together_the_first_found_is_the_photo(tmp_path, fake_nets, plain_image, monkeypatch):
    """Whatever order the reads come back in (here: both at once, the last first), the copy found first in the
    walk is the photo, so a scan's outcome does not depend on thread timing."""
    from concurrent.futures import wait as real_wait

    from faceorganizer.library.indexing import indexer

    def wait_all_last_first(futures, return_when=None):
        done, _ = real_wait(list(futures))
        return [f for f in reversed(list(futures)) if f in done], set()

    monkeypatch.setattr(indexer, "wait", wait_all_last_first)
    photos = tmp_path / "photos"
    first = plain_image(photos / "a" / "x.jpg", seed=1)
    (photos / "b").mkdir()
    shutil.copy(first, photos / "b" / "x.jpg")
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [photos])
        found = [(p.path, p.copy_of is None) for p in cat.photos()]
        assert found == [(str(first), True), (str(photos / "b" / "x.jpg"), False)]
