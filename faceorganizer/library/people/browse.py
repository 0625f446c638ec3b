"""Read-only queries for browsing the library in the app: cover faces, a photo with its faces, busiest photo,
a person's faces by similarity; and the people listing, paged in SQL and streamed from the cursor."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ...geometry import Box
from ..catalog import Face, Person, Photo, SqlConnection, decode_path, json_list
from .updates import FaceEntry


@dataclass(frozen=True)
class PhotoFaces:
    """A photo with its faces, and the name of each face's person (``None``: unnamed or no one); ``copies``: the
    paths of its other locations (files with its exact bytes elsewhere, whose files are there), by path."""

    photo: Photo
    faces: list[Face]
    names: dict[int, str | None]
    copies: list[str] = field(default_factory=list)


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
    return PhotoFaces(Photo.from_row(row), faces, names, copy_paths(catalog, [photo_id]).get(photo_id, []))


def copy_paths(catalog: SqlConnection, photo_ids: Sequence[int]) -> dict[int, list[str]]:
    """Photo id -> the paths of its copies whose files are there (its other locations), by path; photos without
    one are left out."""
    out: dict[int, list[str]] = {}
    rows = catalog.query(
        "SELECT copy_of, path FROM photos WHERE copy_of IN (SELECT value FROM json_each(?)) AND status != 'missing' "
        "ORDER BY copy_of, path",
        (json_list(sorted({int(i) for i in photo_ids})),),
    )
    for photo_id, path in rows:
        out.setdefault(int(photo_id), []).append(decode_path(path))
    return out


def busiest_photo(catalog: SqlConnection) -> int | None:
    """The id of the indexed photo with the most faces (ties: the lowest id), None when no photo has a face."""
    return catalog.scalar(
        "SELECT f.photo_id FROM faces f JOIN photos ph ON ph.id = f.photo_id WHERE ph.status = 'indexed' "
        "GROUP BY f.photo_id ORDER BY count(*) DESC, f.photo_id LIMIT 1"
    )


def photo_ids(catalog: SqlConnection, *, limit: int = -1, offset: int = 0) -> list[int]:
    """Ids of the photos that are not missing (copies are their photo's locations), in display order (date taken,
    then path)."""
    rows = catalog.query(
        "SELECT id FROM photos WHERE status != 'missing' AND copy_of IS NULL "
        "ORDER BY taken_at IS NULL, taken_at, path LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [r[0] for r in rows]


@dataclass(frozen=True)
class PhotoGroup:
    """Photos of one month ("2024-05", by date taken, else the file's time; "" for none) or one folder."""

    key: str
    count: int


@dataclass(frozen=True)
class BrowsedPhoto:
    """A photo as the browser shows it: id, path, content hash (its thumbnail's key), month; a video's length in
    seconds (``duration``, None for a photo: the grid draws it on the thumbnail)."""

    id: int
    path: str
    content_hash: str | None
    month: str
    duration: float | None = None
    locations: int = 1  # the photo's files with its bytes whose files are there: itself and its copies


#: The month a photo belongs to: its EXIF date's, else its file's modification time's (local time).
_MONTH = "coalesce(substr(p.taken_at, 1, 7), strftime('%Y-%m', p.mtime_ns / 1e9, 'unixepoch', 'localtime'), '')"


def photo_months(catalog: SqlConnection) -> list[PhotoGroup]:
    """The months that have photos (not missing, copies not counted again), newest first, with how many each has."""
    rows = catalog.query(
        f"SELECT {_MONTH} AS month, count(*) FROM photos p WHERE p.status != 'missing' AND p.copy_of IS NULL "
        "GROUP BY month "
        "ORDER BY month = '', month DESC"
    )
    return [PhotoGroup(r[0], int(r[1])) for r in rows]


def photo_folders(catalog: SqlConnection) -> list[PhotoGroup]:
    """The folders that hold photos (not missing), by path, with how many each holds (not counting subfolders; a
    copy of a photo counts in its own folder: the photo is there too)."""
    counts: dict[str, int] = {}
    for (path,) in stream(catalog, "SELECT path FROM photos WHERE status != 'missing'"):
        folder = os.path.dirname(decode_path(path))
        counts[folder] = counts.get(folder, 0) + 1
    return [PhotoGroup(folder, n) for folder, n in sorted(counts.items())]


def browse_photos(catalog: SqlConnection, *, month: str | None = None, folder: str | None = None) -> list[BrowsedPhoto]:
    """The photos of a month or of a folder (not its subfolders), in display order (date taken, then path). A photo
    is listed once in a month; in a folder it is listed where any of its files is (by that file's path)."""
    where, params = "", []
    if month is not None:
        where, params = f" AND {_MONTH} = ?", [month]
    if folder is not None:  # the paths under folder/ form one range of the path index
        start = folder.rstrip(os.sep) + os.sep
        where += " AND p.path >= ? AND p.path < ?"
        params += [start, start[:-1] + chr(ord(os.sep) + 1)]
    if folder is None:
        where += " AND p.copy_of IS NULL"
    rows = catalog.query(
        f"SELECT coalesce(p.copy_of, p.id), p.path, p.content_hash, {_MONTH} AS month, "
        f"CASE WHEN p.media = 'video' THEN p.duration END, 1 + (SELECT count(*) FROM photos c "
        "WHERE c.copy_of = coalesce(p.copy_of, p.id) AND c.status != 'missing') "
        f"FROM photos p WHERE p.status != 'missing'{where} ORDER BY p.taken_at IS NULL, p.taken_at, p.path",
        params,
    )
    out = [BrowsedPhoto(int(r[0]), decode_path(r[1]), r[2], r[3], r[4], int(r[5])) for r in rows]
    if folder is not None:
        inside = [b for b in out if os.path.dirname(b.path) == folder.rstrip(os.sep)]
        first = {b.id: b for b in reversed(inside)}  # a photo with two files in the folder is listed once
        out = [b for b in inside if first[b.id] is b]
    return out


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


# -- the people listing (``faceorganizer people``): paged, streamed ------------------------------------------


def stream(catalog: SqlConnection, sql: str, params: Sequence[object] = ()) -> Iterator[sqlite3.Row]:
    """The rows of ``sql`` as the cursor steps to them (``catalog.query`` fetches every row first): what a
    listing of a million rows holds at once is one row. Read-only: finish it before writing on this connection."""
    with catalog.errors("read"):
        # Not ``yield from``: closing this generator would close the cursor, which raises once the catalog
        # is closed (a reader that stopped early, e.g. a closed pipe, drops the generator after that).
        for row in catalog.conn.execute(sql, params):  # noqa: UP028
            yield row


def list_people(catalog: SqlConnection, *, include_hidden: bool = True, limit: int = -1,
                offset: int = 0) -> Iterator[Person]:  # fmt: skip
    """A page of people (``limit=-1``: all after ``offset``) in ``Catalog.people()``'s order: named ones
    by name, then unnamed clusters by id; streamed."""
    where = "" if include_hidden else " WHERE p.hidden = 0"
    sql = f"SELECT * FROM people p{where} ORDER BY p.name IS NULL, p.name COLLATE NOCASE, p.id LIMIT ? OFFSET ?"
    return (Person.from_row(r) for r in stream(catalog, sql, (limit, offset)))


def count_people(catalog: SqlConnection, *, hidden: bool | None = None) -> int:
    """How many people there are (``hidden``: only hidden / only shown ones)."""
    where = "" if hidden is None else f" WHERE hidden = {int(hidden)}"
    return int(catalog.scalar(f"SELECT count(*) FROM people{where}"))


def person_face_entries(catalog: SqlConnection, person_id: int | None) -> Iterator[FaceEntry]:
    """The faces assigned to ``person_id`` in any state (``None``: the faces of no one), by photo then id,
    streamed (one index range of ``faces_person``)."""
    who, params = ("f.person_id IS NULL", ()) if person_id is None else ("f.person_id = ?", (person_id,))
    sql = ("SELECT f.id, f.person_id, ph.path, f.x, f.y, f.width, f.height, f.state, f.frame_time FROM faces f "
           f"JOIN photos ph ON ph.id = f.photo_id WHERE {who} ORDER BY f.photo_id, f.id")  # fmt: skip
    for r in stream(catalog, sql, params):
        yield FaceEntry(r[0], r[1], decode_path(r[2]), Box(r[3], r[4], r[5], r[6]), r[7], r[8])


@dataclass(frozen=True)
class FaceCounts:
    """A person's faces (every state), and how many of them are confirmed and suggested."""

    faces: int = 0
    confirmed: int = 0
    suggested: int = 0


def face_counts(catalog: SqlConnection, person_ids: Iterable[int]) -> dict[int, FaceCounts]:
    """Person id -> their FaceCounts (people without faces left out), counted on the ``faces_person_state``
    index: for the people of one page of a listing, without reading their faces."""
    rows = catalog.query(
        "SELECT person_id, count(*), sum(state = 'confirmed'), sum(state = 'suggested') FROM faces "
        "WHERE person_id IN (SELECT value FROM json_each(?)) GROUP BY person_id",
        (json_list(sorted({int(i) for i in person_ids})),),
    )
    return {r[0]: FaceCounts(r[1], r[2], r[3]) for r in rows}


def count_faces_of_no_one(catalog: SqlConnection) -> int:
    """How many faces are assigned to nobody."""
    return int(catalog.scalar("SELECT count(*) FROM faces WHERE person_id IS NULL"))
