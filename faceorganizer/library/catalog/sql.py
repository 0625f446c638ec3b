"""SQLite access for the catalog: errors from the environment told apart from bugs, and transactions
that roll back on any error (nested ones as savepoints).

Following qutebrowser's ``misc/sql.py``: SQLite failures caused by the environment (disk full,
read-only file, I/O error, damaged file, another program holding the lock) become a
:class:`StorageError` with a message naming the library file and the problem, for the user to act
on; any other ``sqlite3.Error`` is a bug in our SQL and propagates unchanged.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

log = logging.getLogger("faceorganizer.library.catalog")

# Primary SQLite result codes (https://sqlite.org/rescode.html) that come from the environment.
_ENVIRONMENT = {
    3: "permission denied",  # SQLITE_PERM
    5: "the library is locked by another program (is another faceorganizer running?)",  # SQLITE_BUSY
    6: "the library is locked by another connection",  # SQLITE_LOCKED
    7: "out of memory",  # SQLITE_NOMEM
    8: "the library file is read-only",  # SQLITE_READONLY
    10: "disk I/O error",  # SQLITE_IOERR
    11: "the library file is damaged (database disk image is malformed)",  # SQLITE_CORRUPT
    13: "the disk is full (database or disk is full)",  # SQLITE_FULL
    14: "cannot open the library file",  # SQLITE_CANTOPEN
    15: "file locking protocol error",  # SQLITE_PROTOCOL
    26: "not a faceorganizer library (the file is not an SQLite database)",  # SQLITE_NOTADB
}
# For Pythons whose sqlite3 errors lack ``sqlite_errorcode`` (before 3.11): message -> code.
_MESSAGES = {
    "database or disk is full": 13,
    "attempt to write a readonly database": 8,
    "database is locked": 5,
    "database table is locked": 6,
    "disk i/o error": 10,
    "database disk image is malformed": 11,
    "unable to open database file": 14,
    "file is not a database": 26,
}


class CatalogError(Exception):
    """The library cannot be used as asked; the message says which file and why."""


class StorageError(CatalogError):
    """SQLite failed because of the environment (full disk, read-only or damaged file, lock, I/O)."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code

    @property
    def disk_full(self) -> bool:
        return self.code == 13

    @property
    def read_only(self) -> bool:
        return self.code == 8


class WalLostError(StorageError):
    """The library's write-ahead log was deleted or replaced while open: writes stop (see ``check_wal``)."""


class LibraryVersionError(CatalogError):
    """The library was written by a newer faceorganizer with an incompatible (major) schema."""


class PhotoNotFoundError(CatalogError):
    """The photo row is gone (removed meanwhile: its folder was removed, or it was merged as a move)."""


class LibraryNotFoundError(CatalogError):
    """No library file where one was expected (and creating one was not asked for)."""


def sqlite_code(exc: sqlite3.Error) -> int | None:
    """The primary SQLite result code of an error (from the code when known, else the message)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return int(code) & 0xFF
    text = str(exc).lower()
    return next((c for m, c in _MESSAGES.items() if m in text), None)


def translate(exc: sqlite3.Error, path: Path, action: str) -> Exception:
    """A :class:`StorageError` for environment failures; the error itself (a bug) otherwise."""
    code = sqlite_code(exc)
    if code in _ENVIRONMENT:
        return StorageError(f"library {path}: cannot {action}: {_ENVIRONMENT[code]}", code)
    return exc


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


class SqlConnection:
    """One connection to the library file (use one per thread) with error mapping and transactions.

    ``read_only_reason``: why a connection asked to write was opened for reading only (read-only file
    or media); a write then fails with that reason. The write-ahead log (``<library>-wal``) is watched
    while open (see :meth:`watch_wal`): SQLite keeps it until the last connection closes, so if it
    vanishes or is replaced meanwhile someone deleted it, and every connection still open writes into
    a file nobody else reads: acknowledged writes would silently be lost. Writes then stop loudly.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self.read_only_reason: str | None = None
        self.timeout = 10.0  # seconds a write waits for another writer (SQLite's busy timeout)
        self._depth = 0
        self._wal: tuple[int, int] | None = None
        self._wal_lost: str | None = None
        #: Keys of rows the current transaction inserted (``add_photo`` tells its own duplicate, a bug,
        #: from a row another connection committed meanwhile, a race it tolerates).
        self.inserted: set[Any] = set()

    @contextmanager
    def errors(self, action: str) -> Iterator[None]:
        """Translate sqlite3 errors raised inside into StorageError (environment) or leave them (bugs)."""
        try:
            yield
        except sqlite3.Error as exc:
            err = translate(exc, self.path, action)
            if err is exc:
                raise
            if isinstance(err, StorageError) and err.read_only and self.read_only_reason:
                err = StorageError(f"library {self.path}: cannot {action}: {self.read_only_reason}", 8)
            raise err from exc

    # -- the write-ahead log -------------------------------------------------------------------

    @property
    def wal_path(self) -> str:
        return f"{self.path}-wal"

    def watch_wal(self) -> None:
        """Remember which file the write-ahead log is (call once it exists: after the first read)."""
        self._wal = None if self.read_only else _file_id(self.wal_path)

    def check_wal(self) -> None:
        """Raise StorageError if the write-ahead log was deleted or replaced since :meth:`watch_wal`.

        What this connection wrote is first checkpointed into the library file (it still holds the
        deleted log open), so its acknowledged writes are not lost with the log.
        """
        if self._wal_lost is None and self._wal is not None and _file_id(self.wal_path) != self._wal:
            saved = "its writes so far were saved into the library file"
            try:
                busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
                if busy:
                    saved = "its writes could not all be saved into the library file (it is busy)"
            except sqlite3.Error as exc:
                saved = f"its writes could not be saved into the library file ({exc})"
            self._wal_lost = (
                f"library {self.path}: its write-ahead log ({os.path.basename(self.wal_path)}) was deleted or "
                f"replaced while the library was open; {saved}. Nothing more is written: close every "
                "faceorganizer using this library, then check it (faceorganizer status) or restore a backup "
                f"from {self.path}.backups"
            )
            log.error("%s", self._wal_lost)
        if self._wal_lost is not None:
            raise WalLostError(self._wal_lost, 10)

    def refuse_writes(self, message: str) -> None:
        """Make every write raise WalLostError(``message``): the log this connection would write to is not
        the one a running scan writes to (see ``Catalog.open``)."""
        log.error("%s", message)
        self._wal_lost = message

    def _check_write(self) -> None:
        if self.read_only and self.read_only_reason:
            raise StorageError(f"library {self.path}: cannot write: {self.read_only_reason}", 8)
        self.check_wal()

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        if not self._depth:  # a write on its own (autocommit): checked like a transaction
            self._check_write()
        with self.errors("write"):
            cur = self.conn.execute(sql, params)
        if not self._depth:
            self.check_wal()
        return cur

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        if not self._depth:
            self._check_write()
        with self.errors("write"):
            cur = self.conn.executemany(sql, rows)
        if not self._depth:
            self.check_wal()
        return cur

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        with self.errors("read"):
            return self.conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        with self.errors("read"):
            return self.conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together or not at all; any exception rolls them back and propagates.

        The outermost level is ``BEGIN IMMEDIATE`` (takes the write lock up front, so a busy library
        fails at the start rather than half-way); nested levels are savepoints. The write-ahead log is
        checked before and after (:meth:`check_wal`): a commit into a deleted log is reported, not
        acknowledged.
        """
        depth = self._depth
        savepoint = f"sp{depth}"
        if depth == 0:
            self._check_write()
            self.inserted = set()
        with self.errors("write"):
            self.conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT {savepoint}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth = depth
            self._rollback(depth, savepoint)
            raise
        self._depth = depth
        try:
            with self.errors("write"):
                self.conn.execute("COMMIT" if depth == 0 else f"RELEASE {savepoint}")
        except BaseException:
            self._rollback(depth, savepoint)
            raise
        if depth == 0:
            self.check_wal()

    def _rollback(self, depth: int, savepoint: str) -> None:
        try:
            if depth == 0:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO {savepoint}")
                self.conn.execute(f"RELEASE {savepoint}")
        except sqlite3.Error as exc:  # SQLite already rolled back (e.g. after SQLITE_FULL): nothing to undo
            log.debug("rollback of %s: %s", self.path, exc)

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check`` messages: ``["ok"]`` for a sound file."""
        return [row[0] for row in self.query("PRAGMA integrity_check")]


def connect(path: Path, read_only: bool, timeout: float) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are ours); read-only ones never write the file.

    A WAL library on read-only media has no -shm and none can be created: SQLite then reads it only as
    ``immutable`` (safe there: nobody can change it).
    """
    try:
        if not read_only:
            conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        else:
            uri = f"file:{quote(str(path))}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
            if not os.access(path.parent, os.W_OK) and not os.path.exists(f"{path}-shm"):
                try:
                    conn.execute("PRAGMA user_version").fetchone()
                except sqlite3.Error:
                    conn.close()
                    conn = sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise translate(exc, path, "open") from exc
    conn.row_factory = sqlite3.Row
    return conn
