"""One photo, many files: a file with the bytes of a photo already in the library is a *copy* of it (schema 1.5).

A copy's row names its photo in ``copy_of`` and holds no faces: the faces are stored once, on the photo, so a
photo copied into three folders is one photo to people, search and the counts, with three locations. A copy is
never where the user's work is: a row with user work (``schema.USER_WORK``) is not made a copy. When the photo's
own file goes (missing, its folder removed, purged), a copy takes its place: the photo's row moves to the copy's
path, keeping its id, faces and decisions (:meth:`CopyQueries.promote_copies`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from .records import Photo, PhotoInfo, encode_path
from .schema import USER_WORK
from .sql import PhotoNotFoundError, SqlConnection


class CopyQueries(SqlConnection):
    def has_user_work(self, photo_id: int) -> bool:
        """Whether a face of the photo carries a decision of the user's (confirmed, rejected, drawn, logged)."""
        return bool(self.scalar(f"SELECT {USER_WORK.format(photo='?')}", (photo_id,)))

    def mark_copy(self, photo_id: int, original_id: int, info: PhotoInfo) -> bool:
        """Record ``photo_id`` (just read: ``info``) as a copy of ``original_id``, whose bytes it has: its automatic
        faces go, and its own copies, if it had any, become copies of ``original_id``. Refused (False) when
        ``photo_id`` carries user work or ``original_id`` is no longer an indexed photo of its own: the caller then
        indexes it as a photo."""
        with self.transaction():
            if self.photo(photo_id) is None:
                raise PhotoNotFoundError(f"library {self.path}: photo {photo_id} does not exist")
            original = self.photo(original_id)
            if original is None or original.copy_of is not None or original.status != "indexed":
                return False
            if original.content_hash != info.content_hash or self.has_user_work(photo_id):
                return False
            self.execute("DELETE FROM faces WHERE photo_id = ?", (photo_id,))
            self.execute("UPDATE photos SET copy_of = ? WHERE copy_of = ?", (original_id, photo_id))
            self.execute(
                "UPDATE photos SET size = ?, mtime_ns = ?, content_hash = ?, width = ?, height = ?, orientation = ?, "
                "taken_at = ?, detector = ?, media = ?, duration = ?, status = 'indexed', error = NULL, "
                "indexed_at = ?, copy_of = ? WHERE id = ?",
                (info.size, info.mtime_ns, info.content_hash, original.width, original.height, original.orientation,
                 original.taken_at, original.detector, original.media, original.duration, time.time(), original_id,
                 photo_id),
            )  # fmt: skip
        return True

    def promote_copies(self, photo_ids: Iterable[int]) -> int:
        """The files of these photos are gone (missing, or about to be deleted from the catalog): each photo that
        has a copy whose file is there moves to that copy's path, keeping its id, faces and decisions (the copy's
        row goes; the photo's other copies stay its copies). How many photos moved."""
        moved = 0
        with self.transaction():
            for photo_id in photo_ids:
                row = self.query_one(
                    "SELECT * FROM photos WHERE copy_of = ? AND status = 'indexed' ORDER BY id LIMIT 1", (photo_id,)
                )
                if row is None:
                    continue
                copy = Photo.from_row(row)
                self.take_place(photo_id, copy, copy.size, copy.mtime_ns)
                moved += 1
        return moved

    def take_place(self, photo_id: int, file: Photo, size: int, mtime_ns: int) -> None:
        """The photo ``photo_id`` (its file gone) moves to the row ``file``'s path and folder, with ``size`` and
        ``mtime_ns`` read there, keeping its id, faces and decisions; ``file``'s row goes. Inside a transaction:
        a moved photo and a copy taking its photo's place are the same step."""
        self.execute("DELETE FROM photos WHERE id = ?", (file.id,))
        self.execute(
            "UPDATE photos SET path = ?, root_id = ?, size = ?, mtime_ns = ?, status = 'indexed', error = NULL "
            "WHERE id = ?",
            (encode_path(file.path), file.root_id, size, mtime_ns, photo_id),
        )

    def photo(self, photo_id: int) -> Photo | None:
        row = self.query_one("SELECT * FROM photos WHERE id = ?", (photo_id,))
        return None if row is None else Photo.from_row(row)


def release_copies(conn: SqlConnection, photo_id: int, content_hash: str) -> list[int]:
    """The photo's bytes are now ``content_hash`` (it is being indexed anew, as a photo of its own: no longer a
    copy): its copies that still hold the old bytes are photos of their own again, pending; their ids, to index.
    Run inside the indexing's transaction."""
    conn.execute("UPDATE photos SET copy_of = NULL WHERE id = ? AND copy_of IS NOT NULL", (photo_id,))
    rows = conn.query("SELECT id FROM photos WHERE copy_of = ? AND content_hash IS NOT ?", (photo_id, content_hash))
    ids = [int(r[0]) for r in rows]
    conn.executemany(
        "UPDATE photos SET copy_of = NULL, indexed_at = NULL, "
        "status = CASE status WHEN 'missing' THEN 'missing' ELSE 'pending' END WHERE id = ?",
        [(i,) for i in ids],
    )
    return ids
