"""Only regular files are read: a FIFO or a device named like a photo (``x.jpg`` made by mkfifo, a symlink
to /dev/zero) would block forever or never end. The walk, the watcher's paths, photo reads, EXIF reads and
decoding all check through here."""

from __future__ import annotations

import os
import stat


class NotRegularFileError(OSError):
    """A path names a FIFO, device, socket or folder: not read, since reading it may block or never end."""


def _kind(mode: int) -> str | None:
    """None for a regular file, else what it is (the user's message)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not an image"
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"))
    kind = next((what for test, what in kinds if test(mode)), "a device")
    return f"is {kind}, not a regular file: not read"


def regular_stat(path: str | os.PathLike) -> os.stat_result:
    """``os.stat`` (symlinks resolved) of a regular file; raises NotRegularFileError for anything else."""
    st = os.stat(path)
    if (kind := _kind(st.st_mode)) is not None:
        raise NotRegularFileError(0, kind, os.fspath(path))
    return st


def regular_opener(path: str, flags: int) -> int:
    """An ``opener`` for ``open()`` that opens regular files only: checked before opening (a FIFO is never
    opened, a device never touched), opened non-blocking where the OS has it (a FIFO swapped in meanwhile
    cannot block) and checked again on the descriptor."""
    regular_stat(path)
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    try:
        if (kind := _kind(os.fstat(fd).st_mode)) is not None:
            raise NotRegularFileError(0, kind, path)
    except BaseException:
        os.close(fd)
        raise
    return fd
