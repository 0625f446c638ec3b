"""Catalog queries on faces, people and the user's decisions, and storing a photo's analysis atomically.

Storing re-detected faces keeps the user's work: a new face overlapping an old detector face of
the same photo (IoU >= 0.5, boxes relative to the image size, best pairs first) *updates that row in
place*, so its id, person, state, decisions and its use as a cover face carry over; an old face left
without a match is deleted unless the user decided something about it (state confirmed/rejected or
a decision row), in which case it stays; manual faces are never touched. A video's face tracks carry over
likewise, matched by the overlap of their time spans within a shot instead of their boxes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ...geometry import Box
from .copies import release_copies
from .records import DECISION_KINDS, FACE_STATES, Decision, Face, FaceData, Person, PhotoInfo
from .sql import PhotoNotFoundError, SqlConnection, log

#: Boxes overlapping at least this much (IoU) are the same face across a re-detection.
CARRY_OVER_IOU = 0.5

_FACE_COLUMNS = ("x", "y", "width", "height", "score", "landmarks", "descriptor", "expressions", "expression",
                 "age", "gender", "gender_probability", "quality", "source")  # fmt: skip
#: A video's face track's columns (schema 1.4), written only for videos: a photo's faces leave them NULL.
_TRACK_COLUMNS = ("frame_time", "track_start", "track_end", "shot")


@dataclass(frozen=True)
class StoredFaces:
    """Result of :meth:`FaceQueries.store_indexed`: the photo's detector faces now, and what carried over."""

    face_ids: list[int]
    carried: int
    removed: int
    released: list[int] = field(default_factory=list)  # its former copies, now pending photos of their own


class FaceQueries(SqlConnection):
    # -- storing an analysis -------------------------------------------------------------------

    def store_indexed(self, photo_id: int, info: PhotoInfo, faces: Sequence[FaceData]) -> StoredFaces:
        """Store a photo's analysis and mark it indexed, in one transaction (all of it or nothing)."""
        now = time.time()
        with self.transaction():
            row = self.query_one("SELECT width, height FROM photos WHERE id = ?", (photo_id,))
            if row is None:
                raise PhotoNotFoundError(f"library {self.path}: photo {photo_id} does not exist")
            old = [Face.from_row(r) for r in self.query(
                "SELECT * FROM faces WHERE photo_id = ? AND source = 'detector' ORDER BY id", (photo_id,))]  # fmt: skip
            pairs = _match(old, (row["width"], row["height"]), faces, (info.width, info.height))
            decided = self._decided({f.id for f in old})
            columns = _FACE_COLUMNS + (_TRACK_COLUMNS if info.media == "video" else ())
            ids: list[int] = []
            for i, face in enumerate(faces):
                cols = face.columns()
                if face.descriptor is not None and not np.isfinite(face.descriptor).all():
                    # A broken analysis (NaN/inf) would poison clustering and matching: keep the face, not it.
                    log.warning("library %s: photo %d: face %d has a non-finite descriptor; stored without one",
                                self.path, photo_id, i)  # fmt: skip
                    cols["descriptor"] = None
                if i in pairs:
                    face_id = pairs[i].id
                    sets = ", ".join(f"{c} = ?" for c in columns)
                    self.execute(f"UPDATE faces SET {sets} WHERE id = ?", [cols[c] for c in columns] + [face_id])
                else:
                    face_id = self._insert_face(photo_id, cols, None, "auto", now, columns)
                ids.append(face_id)
            kept = {f.id for f in pairs.values()}
            removed = [f.id for f in old if f.id not in kept and f.id not in decided]
            self.executemany("DELETE FROM faces WHERE id = ?", [(i,) for i in removed])
            self.execute(
                "UPDATE photos SET size = ?, mtime_ns = ?, content_hash = ?, width = ?, height = ?, orientation = ?, "
                "taken_at = ?, detector = ?, status = 'indexed', error = NULL, indexed_at = ? WHERE id = ?",
                (info.size, info.mtime_ns, info.content_hash, info.width, info.height, info.orientation,
                 info.taken_at, info.detector, now, photo_id),
            )  # fmt: skip
            if info.media == "video":  # (a photo keeps the defaults: media 'photo', no duration)
                self.execute("UPDATE photos SET media = ?, duration = ? WHERE id = ?",
                             (info.media, info.duration, photo_id))  # fmt: skip
            released = release_copies(self, photo_id, info.content_hash)
        return StoredFaces(ids, len(pairs), len(removed), released)

    def _insert_face(
        self, photo_id: int, cols: dict, person_id: int | None, state: str, now: float,
        columns: tuple[str, ...] = _FACE_COLUMNS,
    ) -> int:  # fmt: skip
        names = ", ".join(columns)
        cur = self.execute(
            f"INSERT INTO faces (photo_id, {names}, person_id, state, created_at) "
            f"VALUES (?, {', '.join('?' * len(columns))}, ?, ?, ?)",
            [photo_id, *(cols[c] for c in columns), person_id, state, now],
        )
        return int(cur.lastrowid or 0)

    def _decided(self, face_ids: set[int]) -> set[int]:
        """Faces the user decided something about (confirmed/rejected state or a decision row)."""
        if not face_ids:
            return set()
        marks = ",".join("?" * len(face_ids))
        rows = self.query(
            f"SELECT id FROM faces WHERE id IN ({marks}) AND state IN ('confirmed', 'rejected') "
            f"UNION SELECT face_id FROM decisions WHERE face_id IN ({marks})",
            [*face_ids, *face_ids],
        )
        return {r[0] for r in rows}

    # -- faces ---------------------------------------------------------------------------------

    def face(self, face_id: int) -> Face | None:
        row = self.query_one("SELECT * FROM faces WHERE id = ?", (face_id,))
        return None if row is None else Face.from_row(row)

    def faces_of_photo(self, photo_id: int) -> list[Face]:
        return [Face.from_row(r) for r in self.query("SELECT * FROM faces WHERE photo_id = ? ORDER BY id", (photo_id,))]

    def faces_of_person(
        self, person_id: int | None, *, states: Iterable[str] | None = None, limit: int = 100, offset: int = 0
    ) -> list[Face]:
        """A page of a person's faces (``None``: faces of no person), ordered by photo then face id."""
        who = "person_id IS NULL" if person_id is None else "person_id = ?"
        params: list = [] if person_id is None else [person_id]
        if states is not None:
            wanted = list(states)
            who += f" AND state IN ({','.join('?' * len(wanted))})"
            params += wanted
        rows = self.query(
            f"SELECT * FROM faces WHERE {who} ORDER BY photo_id, id LIMIT ? OFFSET ?", [*params, limit, offset]
        )
        return [Face.from_row(r) for r in rows]

    def face_vectors(
        self, face_ids: Iterable[int] | None = None, *, unassigned: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """(ids int64 [n], descriptors float32 [n, 128]) of faces that have a descriptor, for clustering
        and matching: all, the given ids, or (``unassigned``) those of no person."""
        sql = "SELECT id, descriptor FROM faces WHERE descriptor IS NOT NULL"
        params: list = []
        if unassigned:
            sql += " AND person_id IS NULL"
        if face_ids is not None:
            wanted = list(face_ids)
            sql += " AND id IN (SELECT value FROM json_each(?))"
            params.append(json_list(wanted))
        rows = self.query(sql + " ORDER BY id", params)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), 128)
        return ids, vectors.astype(np.float32)

    def add_manual_face(self, photo_id: int, box: Box, person_id: int | None = None) -> int:
        """A face box the user drew (displayed pixels), confirmed as ``person_id`` when given."""
        with self.transaction():
            state = "confirmed" if person_id is not None else "auto"
            cols = FaceData(box, source="manual").columns()
            face_id = self._insert_face(photo_id, cols, person_id, state, time.time())
            self.record_decision("manual_face", face_id=face_id, person_id=person_id)
        return face_id

    def assign_faces(self, face_ids: Iterable[int], person_id: int | None, state: str = "auto") -> None:
        """Set the person and state of faces (the people module decides which; no decision is logged)."""
        if state not in FACE_STATES:
            raise ValueError(f"face state must be one of {FACE_STATES}, got {state!r}")
        with self.transaction():
            self.executemany(
                "UPDATE faces SET person_id = ?, state = ? WHERE id = ?", [(person_id, state, i) for i in face_ids]
            )

    # -- people --------------------------------------------------------------------------------

    def create_person(self, name: str | None = None, *, hidden: bool = False) -> int:
        """A new person; ``name`` is stored cleaned (``names.clean_name``: one that cleans to nothing is no name)."""
        from .names import clean_name  # imported in the two methods that clean names, not at the top

        cur = self.execute(
            "INSERT INTO people (name, hidden, created_at) VALUES (?, ?, ?)",
            (clean_name(name), int(hidden), time.time()),
        )
        return int(cur.lastrowid or 0)

    def person(self, person_id: int) -> Person | None:
        row = self.query_one("SELECT * FROM people WHERE id = ?", (person_id,))
        return None if row is None else Person.from_row(row)

    def people(self, *, include_hidden: bool = True) -> list[Person]:
        """Every person with their face count (``people.face_count``, kept by triggers: see schema 1.1),
        named ones first (by name), then unnamed by id."""
        rows = self.query(
            "SELECT * FROM people p" + ("" if include_hidden else " WHERE p.hidden = 0") +
            " ORDER BY p.name IS NULL, p.name COLLATE NOCASE, p.id"
        )  # fmt: skip
        return [Person.from_row(r) for r in rows]

    def rename_person(self, person_id: int, name: str | None) -> None:
        """Set (``None``: clear) a person's name, cleaned (``names.clean_name``); the caller logs the decision."""
        from .names import clean_name

        self.execute("UPDATE people SET name = ? WHERE id = ?", (clean_name(name), person_id))

    def set_person_hidden(self, person_id: int, hidden: bool) -> None:
        self.execute("UPDATE people SET hidden = ? WHERE id = ?", (int(hidden), person_id))

    def set_cover_face(self, person_id: int, face_id: int | None) -> None:
        self.execute("UPDATE people SET cover_face_id = ? WHERE id = ?", (face_id, person_id))

    def delete_person(self, person_id: int) -> None:
        """Remove a person; their faces become unassigned (``auto``) unless the caller moved them first."""
        with self.transaction():
            self.execute("UPDATE faces SET person_id = NULL, state = 'auto' WHERE person_id = ?", (person_id,))
            self.execute("DELETE FROM people WHERE id = ?", (person_id,))

    # -- decisions -----------------------------------------------------------------------------

    def record_decision(
        self, kind: str, *, face_id: int | None = None, person_id: int | None = None,
        other_person_id: int | None = None, value: str | None = None,
    ) -> int:  # fmt: skip
        if kind not in DECISION_KINDS:
            raise ValueError(f"decision kind must be one of {DECISION_KINDS}, got {kind!r}")
        cur = self.execute(
            "INSERT INTO decisions (kind, face_id, person_id, other_person_id, value, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (kind, face_id, person_id, other_person_id, value, time.time()),
        )
        return int(cur.lastrowid or 0)

    def decisions(
        self, *, kind: str | None = None, face_id: int | None = None, person_id: int | None = None
    ) -> list[Decision]:
        conds = {k: v for k, v in (("kind", kind), ("face_id", face_id), ("person_id", person_id)) if v is not None}
        where = (" WHERE " + " AND ".join(f"{k} = ?" for k in conds)) if conds else ""
        rows = self.query(f"SELECT * FROM decisions{where} ORDER BY id", list(conds.values()))
        return [Decision.from_row(r) for r in rows]


def json_list(values: Sequence[int]) -> str:
    return "[" + ",".join(str(int(v)) for v in values) + "]"


def _relative(box: Box, size: tuple[int | None, int | None]) -> Box:
    w, h = size
    return box.rescale(1 / w, 1 / h) if w and h else box


def _overlap(new: FaceData, new_box: Box, old: Face, old_box: Box) -> float:
    """How much a new face is an old one: the IoU of their (relative) boxes for a photo's faces; for a video's face
    tracks the IoU of their time spans in the same shot (a track's box is that of its best frame, which moves)."""
    if new.track_start is None and old.track_start is None:
        return new_box.iou(old_box)
    if new.track_start is None or old.track_start is None or new.shot != old.shot:
        return 0.0
    new_end = new.track_start if new.track_end is None else new.track_end
    old_end = old.track_start if old.track_end is None else old.track_end
    inter = min(new_end, old_end) - max(new.track_start, old.track_start)
    union = max(new_end, old_end) - min(new.track_start, old.track_start)
    if union <= 0:  # two one-frame tracks: the same instant or not
        return 1.0 if new.track_start == old.track_start else 0.0
    return max(0.0, inter) / union


def _match(
    old: Sequence[Face], old_size: tuple, new: Sequence[FaceData], new_size: tuple
) -> dict[int, Face]:  # fmt: skip
    """Index of each new face -> the old face it continues (IoU >= CARRY_OVER_IOU, best pairs first)."""
    scored = []
    for i, nf in enumerate(new):
        nb = _relative(nf.box, new_size)
        for of in old:
            iou = _overlap(nf, nb, of, _relative(of.box, old_size))
            if iou >= CARRY_OVER_IOU:
                scored.append((iou, i, of))
    pairs: dict[int, Face] = {}
    used: set[int] = set()
    for _, i, of in sorted(scored, key=lambda t: -t[0]):
        if i not in pairs and of.id not in used:
            pairs[i] = of
            used.add(of.id)
    return pairs
