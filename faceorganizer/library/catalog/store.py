"""The library catalog: one SQLite file (WAL) holding roots, photos, faces, people and the user's
decisions; opening it creates or migrates the schema (schema.py), refusing newer major versions.

``Catalog`` = connection and transactions (sql.py) + photo queries (this module) + face, people and
decision queries (catalog_faces.py). Use one ``Catalog`` per thread; many may be open on one file
(WAL: readers never wait for the writer, writers wait up to ``timeout`` seconds for each other).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from . import backups, schema
from .copies import CopyQueries
from .faces import FaceQueries
from .locks import LibraryLock
from .paths import create_private, is_inside, read_only_reason
from .records import LibraryStats, Photo, PhotoInfo, Root, decode_path, encode_path
from .sql import (
    CatalogError,
    LibraryNotFoundError,
    LibraryVersionError,
    PhotoNotFoundError,
    StorageError,
    connect,
)

__all__ = [
    "Catalog",
    "CatalogError",
    "LibraryNotFoundError",
    "LibraryVersionError",
    "PhotoNotFoundError",
    "StorageError",
]


class Catalog(FaceQueries, CopyQueries):
    """An open library file. ``with Catalog.open(path) as cat: ...`` closes it at the end."""

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool | Literal["auto"] = False,
        create: bool = True,
        timeout: float = 10.0,
    ) -> Catalog:
        """Open (creating or migrating unless ``read_only``) the library at ``path``.

        ``read_only="auto"``: writable if the file and its folder can be written, else read-only with
        the reason (``read_only_reason``), so a library on read-only media still opens and a write
        fails with that reason. Opening an up-to-date library takes no lock (a reader never waits for
        a long write); only a migration takes the write lock.

        Raises LibraryNotFoundError (no file and ``create`` false or ``read_only``), StorageError
        (read-only file opened for writing, damaged or non-SQLite file, locked, disk full),
        LibraryVersionError (written by a newer major schema) and CatalogError (another program's
        SQLite file).
        """
        path = Path(os.path.abspath(os.fspath(path)))
        if path.is_dir():
            raise CatalogError(f"library {path}: is a folder, expected a library file")
        exists = path.exists()
        if not exists and (read_only is True or not create):
            raise LibraryNotFoundError(f"no library at {path} (create one with `faceorganizer scan FOLDER`)")
        reason = read_only_reason(path) if exists and read_only is not True else None
        if reason is not None and read_only is False:
            raise StorageError(f"library {path}: {reason}; make it writable to change it", 8)
        if not exists:
            create_private(path)
        # A running scan (it holds the library lock, taken after its open) always has a -wal: one that is
        # absent between two looks at the lock was deleted under the scan, and writing now would be lost.
        scanning = read_only is not True and exists and LibraryLock(path).busy()
        had_wal = os.path.exists(f"{path}-wal")
        ro = read_only is True or reason is not None
        cat = cls(connect(path, ro, timeout), path, ro)
        cat.read_only_reason = reason
        cat.timeout = timeout
        try:
            cat._setup()
        except BaseException:
            cat.conn.close()
            raise
        if scanning and not ro and not had_wal and LibraryLock(path).busy():
            cat.refuse_writes(
                f"library {path}: a scan has it open but its write-ahead log ({path.name}-wal) is gone (deleted "
                "while in use?): what is written now would be lost. Nothing is written: stop the scan, then "
                f"check the library (faceorganizer status) or restore a backup from {path}.backups"
            )
        return cat

    def _setup(self) -> None:
        with self.errors("open"):
            self.conn.execute("PRAGMA foreign_keys = ON")
            version = schema.check_identity(self)
        if self.read_only:
            if version < schema.CURRENT:
                why = f" and {self.read_only_reason}" if self.read_only_reason else "; open it writable once"
                raise CatalogError(f"library {self.path}: schema {version} needs an upgrade{why}")
            return
        with self.errors("open"):
            schema.use_wal(self)
            self.conn.execute("PRAGMA synchronous = NORMAL")
        if version < schema.CURRENT:
            if version.major > 0:
                backups.backup(self, f"before-{schema.CURRENT}")
            with self.transaction():  # the write lock; re-read inside: another process may have just migrated
                version = schema.check_identity(self)
                if version < schema.CURRENT:
                    schema.migrate(self, version)
        with self.errors("open"):
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the -wal
        self.watch_wal()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> schema.SchemaVersion:
        return schema.SchemaVersion.from_int(self.scalar("PRAGMA user_version"))

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils view of the same connection, for introspection and ad-hoc reads.

        Do not use its write helpers inside :meth:`transaction`: they commit on their own.
        """
        return sqlite_utils.Database(self.conn)

    # -- roots ---------------------------------------------------------------------------------

    def add_root(self, path: str | os.PathLike[str]) -> Root:
        """Register a folder (real path). Inside an existing root: that root. Around existing roots:
        a new root that takes over their photos. Checked under the write lock, so two scans adding the
        same folder at once get the same root."""
        real = os.path.realpath(os.fspath(path))
        with self.transaction():
            for root in self.roots():
                if is_inside(real, root.path):
                    return root
            cur = self.execute("INSERT INTO roots (path, added_at) VALUES (?, ?)", (encode_path(real), time.time()))
            root_id = int(cur.lastrowid or 0)
            for inner in self.roots():
                if inner.id != root_id and is_inside(inner.path, real):
                    self.execute("UPDATE photos SET root_id = ? WHERE root_id = ?", (root_id, inner.id))
                    self.execute("DELETE FROM roots WHERE id = ?", (inner.id,))
        added = self.root(root_id)
        assert added is not None
        return added

    def root(self, root_id: int) -> Root | None:
        return next((r for r in self.roots() if r.id == root_id), None)

    def roots(self) -> list[Root]:
        rows = self.query("SELECT * FROM roots ORDER BY id")
        return [Root(r["id"], decode_path(r["path"]), r["added_at"]) for r in rows]

    def remove_root(self, root_id: int) -> None:
        """Forget a folder and its photos (their faces and decisions go with them)."""
        with self.transaction():
            self.promote_copies(r[0] for r in self.query("SELECT id FROM photos WHERE root_id = ?", (root_id,)))
            self.execute("DELETE FROM photos WHERE root_id = ?", (root_id,))
            self.execute("DELETE FROM roots WHERE id = ?", (root_id,))

    # -- photos --------------------------------------------------------------------------------

    def photo_by_path(self, path: str | os.PathLike[str]) -> Photo | None:
        row = self.query_one("SELECT * FROM photos WHERE path = ?", (encode_path(path),))
        return None if row is None else Photo.from_row(row)

    def photos(
        self, *, root_id: int | None = None, status: str | None = None, limit: int = -1, offset: int = 0
    ) -> list[Photo]:
        """Photos by id, optionally of one root and/or one status."""
        where, params = _where(root_id=root_id, status=status)
        rows = self.query(f"SELECT * FROM photos{where} ORDER BY id LIMIT ? OFFSET ?", (*params, limit, offset))
        return [Photo.from_row(r) for r in rows]

    def photos_by_hash(self, content_hash: str) -> list[Photo]:
        rows = self.query("SELECT * FROM photos WHERE content_hash = ? ORDER BY id", (content_hash,))
        return [Photo.from_row(r) for r in rows]

    def pending_photo_ids(self, root_ids: Iterable[int] | None = None) -> list[int]:
        """Ids of photos waiting to be indexed (all roots, or only the given ones)."""
        rows = self.query("SELECT id, root_id FROM photos WHERE status = 'pending' ORDER BY id")
        wanted = None if root_ids is None else set(root_ids)
        return [r["id"] for r in rows if wanted is None or r["root_id"] in wanted]

    def add_photo(self, root_id: int | None, path: str, size: int, mtime_ns: int) -> int:
        """A newly found file, ``pending`` until indexed; its id.

        Idempotent across connections: if another scan added the same path meanwhile, that row's id
        (the indexer skips it unless it is still pending). The same path twice in one transaction is a
        caller's bug and still fails (sqlite3.IntegrityError).
        """
        key = encode_path(path)
        cur = self.execute(
            "INSERT INTO photos (root_id, path, size, mtime_ns, status, added_at) VALUES (?, ?, ?, ?, 'pending', ?) "
            "ON CONFLICT (path) DO NOTHING",
            (root_id, key, size, mtime_ns, time.time()),
        )
        if cur.rowcount == 1:
            if self.in_transaction:
                self.inserted.add(key)
            return int(cur.lastrowid or 0)
        if key in self.inserted:
            raise sqlite3.IntegrityError("UNIQUE constraint failed: photos.path (added twice in one transaction)")
        return int(self.scalar("SELECT id FROM photos WHERE path = ?", (key,)))

    def set_pending(self, photo_id: int, size: int, mtime_ns: int) -> None:
        """The file changed on disk: index it again (its faces stay until then)."""
        self.execute(
            "UPDATE photos SET size = ?, mtime_ns = ?, status = 'pending' WHERE id = ?", (size, mtime_ns, photo_id)
        )

    def set_status(self, photo_ids: Sequence[int], status: str) -> None:
        """Set the status of several photos (``missing`` keeps their faces: the file may come back)."""
        self.executemany("UPDATE photos SET status = ? WHERE id = ?", [(status, i) for i in photo_ids])

    def record_error(self, photo_id: int, error: str, *, status: str = "error") -> None:
        """Why a photo could not be indexed; its earlier faces, if any, stay."""
        with self.transaction():
            self.execute("UPDATE photos SET status = ?, error = ? WHERE id = ?", (status, error, photo_id))

    def mark_unchanged(self, photo_id: int, info: PhotoInfo) -> None:
        """The file was touched but its bytes are those already indexed: no model work needed."""
        with self.transaction():
            self.execute(
                "UPDATE photos SET size = ?, mtime_ns = ?, status = 'indexed', error = NULL WHERE id = ?",
                (info.size, info.mtime_ns, photo_id),
            )

    def adopt_moved(self, photo_id: int, old_photo_id: int, info: PhotoInfo) -> int:
        """``photo_id`` (a new path) holds the same bytes as ``old_photo_id`` whose file is gone:
        the old photo takes the new path, keeping its id, faces and decisions. Returns that id."""
        with self.transaction():
            new = self.photo(photo_id)
            if new is None:
                raise PhotoNotFoundError(f"library {self.path}: photo {photo_id} does not exist")
            self.take_place(old_photo_id, new, info.size, info.mtime_ns)
        return old_photo_id

    def purge_missing(self) -> int:
        """Delete photos whose files are gone (with their faces and decisions; a photo with a copy whose file is
        there moves to it instead); how many."""
        with self.transaction():
            self.promote_copies(r[0] for r in self.query("SELECT id FROM photos WHERE status = 'missing'"))
            return self.execute("DELETE FROM photos WHERE status = 'missing'").rowcount

    # -- library-wide --------------------------------------------------------------------------

    def stats(self) -> LibraryStats:
        counts = {r["status"]: r["n"] for r in self.query(
            "SELECT status, count(*) AS n FROM photos WHERE copy_of IS NULL GROUP BY status")}  # fmt: skip
        copies = self.scalar("SELECT count(*) FROM photos WHERE copy_of IS NOT NULL AND status != 'missing'")
        faces = self.scalar(
            "SELECT count(*) FROM faces JOIN photos ON photos.id = faces.photo_id WHERE photos.status != 'missing'"
        )
        people = self.scalar("SELECT count(*) FROM people")
        videos = self.scalar(
            "SELECT count(*) FROM photos WHERE media = 'video' AND status != 'missing' AND copy_of IS NULL"
        )
        return LibraryStats(
            photos=sum(n for s, n in counts.items() if s != "missing"),
            faces=int(faces),
            people=int(people),
            errors=counts.get("error", 0),
            pending=counts.get("pending", 0),
            missing=counts.get("missing", 0),
            videos=int(videos),
            copies=int(copies),
        )

    def setting(self, key: str, default: Any = None) -> Any:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if value is None else json.loads(value)

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            self.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, json.dumps(value)))


def _where(**conditions: Any) -> tuple[str, list[Any]]:
    used = {k: v for k, v in conditions.items() if v is not None}
    if not used:
        return "", []
    return " WHERE " + " AND ".join(f"{k} = ?" for k in used), list(used.values())
