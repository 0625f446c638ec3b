"""Read-only queries for browsing the library in the app: cover faces, a photo with its faces, busiest photo,
a person's faces by similarity."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..catalog import Face, Photo, SqlConnection, decode_path, json_list


@dataclass(frozen=True)
class PhotoFaces:
    """A photo with its faces, and the name of each face's person (``None``: unnamed or no one)."""

    photo: Photo
    faces: list[Face]
    names: dict[int, str | None]


def cover_faces(catalog: SqlConnection, person_ids: Iterable[int]) -> dict[int, tuple[Face, str]]:
    """Person id -> (cover face, photo path): the chosen cover, else the person's best face (largest,
    confirmed first). People with no face are left out."""
    ids = json_list(sorted({int(i) for i in person_ids}))
    rows = catalog.query(
        "SELECT f.*, ph.path AS photo_path FROM people pe JOIN faces f ON f.id = coalesce(pe.cover_face_id, ("
        "  SELECT g.id FROM faces g WHERE g.person_id = pe.id AND g.state != 'rejected' "
        "  ORDER BY g.state = 'confirmed' DESC, g.quality DESC, g.id LIMIT 1)) "
        "JOIN photos ph ON ph.id = f.photo_id WHERE pe.id IN (SELECT value FROM json_each(?))",
        (ids,),
    )
    out: dict[int, tuple[Face, str]] = {}
    for row in rows:
        d = dict(row)
        path = decode_path(d.pop("photo_path"))
        face = Face.from_row(d)
        if face.person_id is not None:
            out[face.person_id] = (face, path)
    return out


def photo_faces(catalog: SqlConnection, photo_id: int) -> PhotoFaces | None:
    """The photo ``photo_id`` with its faces (by id) and their people's names, or None if it is gone."""
    row = catalog.query_one("SELECT * FROM photos WHERE id = ?", (photo_id,))
    if row is None:
        return None
    faces = [Face.from_row(r) for r in catalog.query("SELECT * FROM faces WHERE photo_id = ? ORDER BY id", (photo_id,))]
    names = {
        r[0]: r[1]
        for r in catalog.query(
            "SELECT f.id, pe.name FROM faces f JOIN people pe ON pe.id = f.person_id "
            "WHERE f.photo_id = ? AND f.state != 'rejected'",
            (photo_id,),
        )
    }
    return PhotoFaces(Photo.from_row(row), faces, names)


def busiest_photo(catalog: SqlConnection) -> int | None:
    """The id of the indexed photo with the most faces (ties: the lowest id), None when no photo has a face."""
    return catalog.scalar(
        "SELECT f.photo_id FROM faces f JOIN photos ph ON ph.id = f.photo_id WHERE ph.status = 'indexed' "
        "GROUP BY f.photo_id ORDER BY count(*) DESC, f.photo_id LIMIT 1"
    )


def photo_ids(catalog: SqlConnection, *, limit: int = -1, offset: int = 0) -> list[int]:
    """Ids of the photos that are not missing, in display order (date taken, then path)."""
    rows = catalog.query(
        "SELECT id FROM photos WHERE status != 'missing' ORDER BY taken_at IS NULL, taken_at, path LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [r[0] for r in rows]


@dataclass(frozen=True)
class PersonFace:
    """A face of a person with its photo's path and its descriptor's distance to the person's reference
    (``None``: no descriptor, e.g. a manual face)."""

    face: Face
    photo_path: str
    distance: float | None


def person_faces(catalog: SqlConnection, person_id: int) -> list[PersonFace]:
    """Every face of ``person_id`` (any state), most similar first: by euclidean distance of its descriptor
    to the mean of the person's confirmed faces (of all their faces when none is confirmed), so the
    faces most likely wrong end up last; faces without a descriptor come after, by id."""
    rows = catalog.query(
        "SELECT f.*, ph.path AS photo_path FROM faces f JOIN photos ph ON ph.id = f.photo_id "
        "WHERE f.person_id = ? ORDER BY f.id",
        (person_id,),
    )
    faces: list[tuple[Face, str]] = []
    for row in rows:
        d = dict(row)
        path = decode_path(d.pop("photo_path"))
        faces.append((Face.from_row(d), path))
    known = [(f, f.descriptor) for f, _ in faces if f.descriptor is not None]
    confirmed = [d for f, d in known if f.state == "confirmed"]
    reference = np.mean(confirmed or [d for _, d in known], axis=0) if known else None
    out = []
    for face, path in faces:
        distance = None
        if reference is not None and face.descriptor is not None:
            distance = float(np.linalg.norm(face.descriptor - reference))
        out.append(PersonFace(face, path, distance))
    out.sort(key=lambda p: (p.distance is None, p.distance or 0.0, p.face.id))
    return out
