"""The catalog's schema and its migrations, versioned by ``PRAGMA user_version`` (major.minor).

As in qutebrowser's ``misc/sql.py``, the 32-bit ``user_version`` holds a major part (high 16 bits)
and a minor part (low 16 bits). A newer *minor* version only adds things older code can ignore
(a column, an index, a table), so it is opened; a newer *major* version is refused with a clear
message. ``PRAGMA application_id`` marks the file as a faceorganizer library.

Conventions of the tables below:

- times (``added_at``, ``indexed_at``, ``created_at``) are Unix seconds (REAL, UTC);
  ``taken_at`` is the EXIF DateTimeOriginal as ISO 8601 local time (``YYYY-MM-DDTHH:MM:SS``).
- paths are absolute; a name that is not valid UTF-8 (possible on Linux) is stored as a BLOB of
  its bytes (``os.fsencode``), every other path as TEXT (see ``catalog.encode_path``).
- boxes, landmarks and ``width``/``height`` are pixels of the full-size image *as displayed*
  (EXIF orientation applied); XMP export maps them to the stored orientation.
- ``landmarks`` is float32 [68, 2] and ``descriptor`` float32 [128], little-endian BLOBs;
  ``expressions`` is a JSON object of the seven probabilities, ``expression`` the most probable.
- ``faces.state``: ``auto`` (set by clustering / matching, or unassigned when ``person_id`` is
  NULL), ``suggested`` (a match below the auto-assign confidence: ``person_id`` is the suggestion),
  ``confirmed`` (the user said so), ``rejected`` (the user said this face is not ``person_id``...
  see ``decisions``). Only ``auto``/``suggested`` faces may be changed by re-clustering.
- ``decisions`` is the user's log (confirm, reject "face is not person", merge, split, hide, name,
  manual face, cover): re-indexing and re-clustering consult it and never undo it. Its person
  columns carry no foreign key so that the history survives a merged-away person.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass

from .sql import CatalogError, LibraryVersionError, SqlConnection, sqlite_code

log = logging.getLogger("faceorganizer.library.catalog")

#: ``PRAGMA application_id``: "FOrg".
APPLICATION_ID = 0x464F7267


@dataclass(frozen=True, order=True)
class SchemaVersion:
    """A schema version as stored in ``PRAGMA user_version``: major << 16 | minor."""

    major: int
    minor: int

    @classmethod
    def from_int(cls, value: int) -> SchemaVersion:
        if not 0 <= value <= 0x7FFF_FFFF:
            raise ValueError(f"invalid user_version {value}")
        return cls((value >> 16) & 0x7FFF, value & 0xFFFF)

    def to_int(self) -> int:
        return (self.major << 16) | self.minor

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


V1 = """
CREATE TABLE roots (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    added_at REAL NOT NULL
);

CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    root_id INTEGER REFERENCES roots(id) ON DELETE SET NULL,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash TEXT,
    width INTEGER,
    height INTEGER,
    orientation INTEGER,
    taken_at TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'indexed', 'error', 'missing')),
    error TEXT,
    indexed_at REAL,
    detector TEXT,
    added_at REAL NOT NULL
);
CREATE INDEX photos_root ON photos(root_id);
CREATE INDEX photos_hash ON photos(content_hash);
CREATE INDEX photos_status ON photos(status);
CREATE INDEX photos_taken ON photos(taken_at);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT,
    hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    cover_face_id INTEGER REFERENCES faces(id) ON DELETE SET NULL,
    created_at REAL NOT NULL
);
CREATE INDEX people_name ON people(name COLLATE NOCASE);

CREATE TABLE faces (
    id INTEGER PRIMARY KEY,
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    x REAL NOT NULL,
    y REAL NOT NULL,
    width REAL NOT NULL,
    height REAL NOT NULL,
    score REAL,
    landmarks BLOB,
    descriptor BLOB,
    expressions TEXT,
    expression TEXT,
    age REAL,
    gender TEXT CHECK (gender IN ('male', 'female')),
    gender_probability REAL,
    quality REAL,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    state TEXT NOT NULL DEFAULT 'auto' CHECK (state IN ('auto', 'suggested', 'confirmed', 'rejected')),
    source TEXT NOT NULL DEFAULT 'detector' CHECK (source IN ('detector', 'manual')),
    created_at REAL NOT NULL
);
CREATE INDEX faces_photo ON faces(photo_id);
CREATE INDEX faces_person ON faces(person_id, photo_id);
CREATE INDEX faces_person_state ON faces(person_id, state);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('confirm', 'reject', 'merge', 'split', 'hide', 'unhide', 'name',
                                        'manual_face', 'cover')),
    face_id INTEGER REFERENCES faces(id) ON DELETE CASCADE,
    person_id INTEGER,
    other_person_id INTEGER,
    value TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX decisions_face ON decisions(face_id, kind);
CREATE INDEX decisions_person ON decisions(person_id, kind);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

#: 1.1 (search and the people list at scale, 1M faces):
#:
#: - ``photos_order``: photos in display order (date taken, undated last, then path) for paged searches;
#: - ``faces_person`` now also covers ``state``, so "is person P in photo X" never reads a face row;
#: - ``people.face_count``: the number of faces whose ``person_id`` is the person (any state, as
#:   ``people()`` always counted), kept in step by triggers on ``faces``, so every write path (and
#:   foreign-key cascades, and older 1.0 code writing to this file) updates it; listing people
#:   no longer counts a million faces.
V1_1 = """
CREATE INDEX photos_order ON photos(taken_at IS NULL, taken_at, path);
DROP INDEX faces_person;
CREATE INDEX faces_person ON faces(person_id, photo_id, state);

ALTER TABLE people ADD COLUMN face_count INTEGER NOT NULL DEFAULT 0;
UPDATE people SET face_count = (SELECT count(*) FROM faces WHERE faces.person_id = people.id);
CREATE TRIGGER faces_count_insert AFTER INSERT ON faces WHEN NEW.person_id IS NOT NULL BEGIN
    UPDATE people SET face_count = face_count + 1 WHERE id = NEW.person_id;
END;
CREATE TRIGGER faces_count_delete AFTER DELETE ON faces WHEN OLD.person_id IS NOT NULL BEGIN
    UPDATE people SET face_count = face_count - 1 WHERE id = OLD.person_id;
END;
CREATE TRIGGER faces_count_update AFTER UPDATE OF person_id ON faces
WHEN OLD.person_id IS NOT NEW.person_id BEGIN
    UPDATE people SET face_count = face_count - 1 WHERE id = OLD.person_id;
    UPDATE people SET face_count = face_count + 1 WHERE id = NEW.person_id;
END;
"""

#: 1.2 (undo and redo): ``actions`` holds each user action on people (its label, and every row of
#: ``faces``, ``people`` and ``decisions`` it changed, old and new, as exact SQL literals in JSON), so that
#: ``people.history`` can undo and redo exactly that action, from the app or the CLI, after a restart too.
V1_2 = """
CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    changes TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    created_at REAL NOT NULL
);
"""

#: 1.3 (incremental people): ``people_pending`` lists the detector faces stored since people were last brought
#: up to date (a trigger adds each new one, whichever code stores it), so an update after a scan that added k
#: faces matches and clusters those k, not the whole library; deleting a face drops it from the list.
V1_3 = """
CREATE TABLE people_pending (face_id INTEGER PRIMARY KEY REFERENCES faces(id) ON DELETE CASCADE);
CREATE TRIGGER faces_people_pending AFTER INSERT ON faces WHEN NEW.source = 'detector' BEGIN
    INSERT OR IGNORE INTO people_pending (face_id) VALUES (NEW.id);
END;
"""

#: 1.4 (videos in the library): a row of ``photos`` is a photo or a video (``media``; a video's ``duration`` in
#: seconds, its ``width``/``height`` those of its frames as displayed). A video's faces are face *tracks* (one
#: person in one shot): the row holds the track's best frame (box, landmarks, descriptor, ... of that frame), the
#: time of that frame (``frame_time``, seconds from the start), the track's span (``track_start``/``track_end``)
#: and its ``shot`` (0, 1, ... in the video; the same-photo rule applies per shot). All NULL for photos' faces.
#: Only columns are added, with defaults (NULL, 'photo'): every existing row keeps its meaning.
V1_4 = """
ALTER TABLE photos ADD COLUMN media TEXT NOT NULL DEFAULT 'photo' CHECK (media IN ('photo', 'video'));
ALTER TABLE photos ADD COLUMN duration REAL;
ALTER TABLE faces ADD COLUMN frame_time REAL;
ALTER TABLE faces ADD COLUMN track_start REAL;
ALTER TABLE faces ADD COLUMN track_end REAL;
ALTER TABLE faces ADD COLUMN shot INTEGER;
"""

#: Whether a photo row carries the user's work: a face they confirmed, rejected or drew, or one their log names.
USER_WORK = (
    "EXISTS (SELECT 1 FROM faces uf WHERE uf.photo_id = {photo} AND (uf.state IN ('confirmed', 'rejected') "
    "OR uf.source = 'manual' OR EXISTS (SELECT 1 FROM decisions ud WHERE ud.face_id = uf.id)))"
)

#: 1.5 (one photo, many files): a file whose bytes are those of another photo of the library is a *copy*: its row
#: names that photo in ``copy_of`` and holds no faces (the photo's faces are once, in the photo's row); it is not
#: listed or counted as a photo of its own, only as another location of that one. When the photo's own file goes,
#: a copy takes its place (``Catalog.promote_copies``). A library migrated from 1.4 folds the copies it already
#: indexed twice: in each group of indexed rows with the same bytes, the rows carrying no user work (``USER_WORK``)
#: become copies of the group's first row with user work, else of its first row, and their automatic faces go.
#: Rows with user work are never folded (two such rows both stay photos). A photo deleted from the catalog while
#: it still has copies (none took its place) leaves them to be indexed as photos of their own (a trigger).
V1_5 = f"""
ALTER TABLE photos ADD COLUMN copy_of INTEGER REFERENCES photos(id) ON DELETE SET NULL;
CREATE INDEX photos_copies ON photos(copy_of) WHERE copy_of IS NOT NULL;
UPDATE photos SET copy_of = (
    SELECT k.id FROM photos k WHERE k.content_hash = photos.content_hash AND k.id != photos.id
    AND k.status = 'indexed' ORDER BY {USER_WORK.format(photo="k.id")} DESC, k.id LIMIT 1
) WHERE status = 'indexed' AND content_hash IS NOT NULL AND NOT {USER_WORK.format(photo="photos.id")}
AND EXISTS (
    SELECT 1 FROM photos k WHERE k.content_hash = photos.content_hash AND k.id != photos.id AND k.status = 'indexed'
    AND (k.id < photos.id OR {USER_WORK.format(photo="k.id")})
);
DELETE FROM faces WHERE photo_id IN (SELECT id FROM photos WHERE copy_of IS NOT NULL);
CREATE TRIGGER photos_copies_orphaned BEFORE DELETE ON photos BEGIN
    UPDATE photos SET copy_of = NULL, indexed_at = NULL,
        status = CASE status WHEN 'missing' THEN 'missing' ELSE 'pending' END
    WHERE copy_of = OLD.id;
END;
"""

#: Every migration, oldest first: (the version it brings the library to, its SQL statements).
MIGRATIONS: tuple[tuple[SchemaVersion, str], ...] = (
    (SchemaVersion(1, 0), V1),
    (SchemaVersion(1, 1), V1_1),
    (SchemaVersion(1, 2), V1_2),
    (SchemaVersion(1, 3), V1_3),
    (SchemaVersion(1, 4), V1_4),
    (SchemaVersion(1, 5), V1_5),
)

#: The version this code writes.
CURRENT = MIGRATIONS[-1][0]


def statements(script: str) -> list[str]:
    """Split a migration script into complete statements (run one by one inside a transaction,
    since ``executescript`` would commit first)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:60]}...")
    return out


def migrate(conn: SqlConnection, version: SchemaVersion) -> None:
    """Bring the library from ``version`` to :data:`CURRENT`, statement by statement.

    ``conn`` must hold the write lock (a transaction) in which ``version`` was read. A new, empty file
    (version 0.0) is created, not migrated: it is logged as "created library at PATH (schema X)", once;
    each step of a real migration of an existing library is logged as "migrating schema A -> B".
    """
    created = version == SchemaVersion(0, 0)
    for target, script in MIGRATIONS:
        if target <= version:
            continue
        if not created:
            log.info("library %s: migrating schema %s -> %s", conn.path, version, target)
        for statement in statements(script):
            conn.execute(statement)
        version = target
    if created:
        log.info("created library at %s (schema %s)", conn.path, version)
    if version > CURRENT:  # a newer minor version: compatible, keep its number
        return
    conn.execute(f"PRAGMA user_version = {version.to_int()}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def use_wal(conn: SqlConnection) -> None:
    """Switch a new library to WAL. Two first opens at once both try: the switch takes an exclusive
    lock, and SQLite answers "locked" without waiting when two readers both ask for it: retry."""
    deadline = time.monotonic() + conn.timeout
    while conn.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # already WAL: no lock at all
        try:
            conn.conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if sqlite_code(exc) != 5 or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def check_identity(conn: SqlConnection) -> SchemaVersion:
    """The file's schema version, refusing another program's file and newer major versions."""
    app_id, user_version, tables = conn.conn.execute(  # one statement: one snapshot (another may be migrating)
        "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version),"
        " (SELECT count(*) FROM sqlite_master)"
    ).fetchone()
    version = SchemaVersion.from_int(user_version)
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise CatalogError(f"library {conn.path}: not a faceorganizer library (another program's SQLite file)")
    if version.major > CURRENT.major:
        raise LibraryVersionError(
            f"library {conn.path} was written by a newer faceorganizer (schema {version}); "
            f"this version reads schema {CURRENT.major}.x: upgrade faceorganizer"
        )
    return version
