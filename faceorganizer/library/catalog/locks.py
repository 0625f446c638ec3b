"""A lock on one library for one long job (a scan): ``<library>.lock`` next to it, held with an OS file lock.

SQLite's own locks guard each transaction, but a scan is thousands of them: two scans of one library
would both walk the folders, both redo the model work for the same new photos, and race on the rows.
The second scan therefore waits for the first (or is told one runs). The lock is ``flock`` (``msvcrt``
on Windows) on an open file, so the OS drops it when the holder exits or is killed: a stale lock file
left behind never blocks anyone. The holder writes its PID into the file for the message.

Hand-written (about 60 lines) because no file-lock library (filelock, fasteners, portalocker) is a
dependency of this project; this needs only the standard library.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

from .paths import PRIVATE_FILE
from .sql import CatalogError, StorageError


class LibraryBusyError(CatalogError):
    """Another job (a scan, possibly in another process) holds the library's lock."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class LibraryLock:
    """``with LibraryLock(library, wait=...)``: exclusive across processes and threads (each holder has its
    own open file). ``holder()``: the PID written by the current holder, if any."""

    def __init__(self, library: str | os.PathLike[str]) -> None:
        self.path = Path(f"{os.path.abspath(os.fspath(library))}.lock")
        self._fd: int | None = None

    def holder(self) -> int | None:
        try:
            return int(self.path.read_text().strip() or 0) or None
        except (OSError, ValueError):
            return None

    def busy(self) -> bool:
        """Whether someone holds the lock now (a probe: takes and drops it at once if free; creates nothing)."""
        try:
            fd = os.open(self.path, os.O_RDWR)
        except OSError:  # no lock file: no scan has ever run here, or it cannot be opened: not known busy
            return False
        try:
            return not _try_lock(fd)
        finally:
            os.close(fd)

    def acquire(self, wait: float | None = 0.0, cancel: threading.Event | None = None) -> bool:
        """Take the lock: at once (``wait=0``), within ``wait`` seconds, or whenever free (None); False if
        not taken (timed out or ``cancel`` set)."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        except OSError as exc:  # a read-only folder: then the library cannot be written either
            raise StorageError(f"library {self.path.with_suffix('')}: cannot lock it: {exc.strerror or exc}") from exc
        deadline = None if wait is None else time.monotonic() + wait
        while not _try_lock(fd):
            if (cancel is not None and cancel.is_set()) or (deadline is not None and time.monotonic() >= deadline):
                os.close(fd)
                return False
            time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the file drops the lock
            self._fd = None

    def __enter__(self) -> LibraryLock:
        if not self.acquire():
            raise LibraryBusyError(
                f"library {self.path.with_suffix('')}: busy (process {self.holder()} is scanning it)"
            )
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
