"""Scans read the names other tools tagged (issue 14.3): a photo indexed for the first time takes the names of
its XMP face regions (sidecars, embedded), as `import-xmp` does; photos already in the library are never
re-tagged over the user's own decisions; the setting turns it off."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import IndexOptions, scan
from faceorganizer.library.metadata import export_xmp
from faceorganizer.library.people import People


def _tagged_folder(tmp_path: Path, copy_people) -> Path:
    """amy1, amy2, raj1, raj2 with sidecars naming their faces Amy and Raj (written by another library)."""
    folder = tmp_path / "photos"
    copy_people(folder, 4)
    with Catalog.open(tmp_path / "other.sqlite") as other:
        scan(other, [folder])
        people = People(other)
        for photo in other.photos():
            face = other.faces_of_photo(photo.id)[0]
            people.name_face(face.id, "Amy" if Path(photo.path).name.startswith("amy") else "Raj")
        assert export_xmp(other).written == 4
    return folder


def _names(cat: Catalog) -> dict[str, str | None]:
    out = {}
    for photo in cat.photos():
        face = cat.faces_of_photo(photo.id)[0]
        person = cat.person(face.person_id) if face.person_id else None
        out[Path(photo.path).name] = person.name if person else None
    return out


def test_a_first_scan_takes_the_names_tagged_in_xmp(tmp_path, copy_people):
    folder = _tagged_folder(tmp_path, copy_people)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [folder])
        assert not summary.errors
        assert _names(cat) == {"amy1.jpg": "Amy", "amy2.jpg": "Amy", "raj1.jpg": "Raj", "raj2.jpg": "Raj"}
        assert {f.state for p in cat.photos() for f in cat.faces_of_photo(p.id)} == {"confirmed"}


def test_photos_already_in_the_library_are_not_tagged_again_over_the_users_decisions(tmp_path, copy_people):
    folder = _tagged_folder(tmp_path, copy_people)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [folder])
        people = People(cat)
        amy = cat.person(cat.faces_of_photo(cat.photos()[0].id)[0].person_id)
        people.rename(amy.id, "Amelia")  # the user's word
        (folder / "amy1.jpg").write_bytes((folder / "amy1.jpg").read_bytes() + b"\0")  # changed: indexed again
        scan(cat, [folder])
        names = _names(cat)
        assert "Amy" not in names.values() and names["amy2.jpg"] == "Amelia"


def test_reading_xmp_during_scans_can_be_turned_off(tmp_path, copy_people):
    folder = _tagged_folder(tmp_path, copy_people)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [folder], dataclasses.replace(IndexOptions(), read_xmp=False))
        assert set(_names(cat).values()) == {None}
    shutil.rmtree(folder)
