"""Rolling backups of a library: consistent copies (SQLite's online backup API) in ``<library>.backups/``.

The catalog holds the user's decisions (names, confirmations, merges) that no rescan can bring back, so
a damaged or lost file (a deleted -wal, a failed disk, a bad migration) must not lose them. A backup is
taken before each migration and, via :func:`backup_if_due`, at most once a day after a scan; each is
checked with ``PRAGMA integrity_check`` before it counts, and the newest ``KEEP`` are kept. Backups are
private (0600 in a 0700 folder) like the library: they hold the same face descriptors.

The backup API copies a snapshot while others keep writing (WAL: it takes no write lock), so backing up
never stops a scan or the app.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
import threading
from pathlib import Path

from . import schema
from .paths import PRIVATE_DIR, PRIVATE_FILE, create_private
from .sql import CatalogError, SqlConnection, StorageError, log, translate

#: Backups kept per library (the oldest beyond this are deleted after each new one).
KEEP = 5
#: :func:`backup_if_due` takes a new backup when the newest is older than this (seconds).
MAX_AGE = 24 * 3600
_SUFFIX = ".backup.sqlite"


def backup_dir(library: str | os.PathLike[str]) -> Path:
    """The folder holding the backups of ``library``: ``<library>.backups`` next to it."""
    return Path(f"{os.path.abspath(os.fspath(library))}.backups")


def list_backups(library: str | os.PathLike[str]) -> list[Path]:
    """The backups of ``library``, oldest first (the names sort by the time they were taken)."""
    folder = backup_dir(library)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(_SUFFIX))


def _check(conn: sqlite3.Connection, path: Path) -> None:
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    if problems != ["ok"]:
        raise StorageError(f"backup {path}: the copy is not sound ({'; '.join(problems[:3])})", 11)


def backup(catalog: SqlConnection, reason: str = "manual", *, keep: int = KEEP) -> Path:
    """Copy the open library into a new checked backup; returns its path. Raises StorageError (disk full,
    unwritable folder, a copy that fails ``integrity_check``: then the library itself may be damaged)."""
    folder = backup_dir(catalog.path)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"{catalog.path.name}.{stamp}.{reason}{_SUFFIX}"
    if final.exists():  # another process took one in the same microsecond
        final = final.with_name(f"{catalog.path.name}.{stamp}-{os.getpid()}.{reason}{_SUFFIX}")
    tmp = final.with_name(f"{final.name}.{os.getpid()}.{threading.get_ident()}.part")  # ours alone
    try:
        folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            catalog.conn.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal next to it
            _check(dst, final)
        finally:
            dst.close()
        os.replace(tmp, final)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise translate(exc, catalog.path, "back up") from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"library {catalog.path}: cannot back up into {folder}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info("library %s: backed up to %s", catalog.path, final)
    for old in list_backups(catalog.path)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return final


def backup_if_due(catalog: SqlConnection, reason: str = "daily", *, max_age: float = MAX_AGE) -> Path | None:
    """A new backup if the newest is older than ``max_age`` seconds (or there is none); else None."""
    existing = list_backups(catalog.path)
    if existing:
        try:
            age = datetime.datetime.now().timestamp() - existing[-1].stat().st_mtime
        except FileNotFoundError:  # pruned meanwhile by another process
            age = max_age
        if age < max_age:
            return None
    return backup(catalog, reason)


def restore(library: str | os.PathLike[str], source: str | os.PathLike[str]) -> Path | None:
    """Replace the contents of ``library`` with the backup ``source`` (checked first). The current
    contents are backed up first when they can still be read (that backup's path is returned).

    Written through SQLite (the backup API into the library), so the -wal/-shm stay consistent; other
    programs using the library should be closed first (they would wait, then see the restored data).
    """
    lib, src_path = Path(os.path.abspath(os.fspath(library))), Path(source)
    if not src_path.is_file():
        raise CatalogError(f"no backup at {src_path}")
    src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
    try:
        _check(src, src_path)
        if src.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
            raise CatalogError(f"backup {src_path}: not a faceorganizer library")
        create_private(lib)
        dst = sqlite3.connect(str(lib), isolation_level=None, timeout=30)
        try:
            saved: Path | None = None
            try:
                saved = backup(SqlConnection(dst, lib, False), "before-restore", keep=KEEP + 1)
            except (CatalogError, sqlite3.Error) as exc:
                log.warning("library %s: current contents not backed up before the restore: %s", lib, exc)
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = WAL")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise translate(exc, lib, "restore") from exc
    finally:
        src.close()
    return saved
