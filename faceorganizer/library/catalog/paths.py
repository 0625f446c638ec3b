"""Where a library lives: the platform's per-user data folder unless ``--library PATH`` says otherwise."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

APP_NAME = "faceorganizer"
LIBRARY_FILENAME = "library.sqlite"
#: Environment variable naming the library file; ``--library`` still wins over it.
LIBRARY_ENV = "FACEORGANIZER_LIBRARY"


def data_dir() -> Path:
    """The per-user application data folder.

    Linux and other Unixes: ``$XDG_DATA_HOME/faceorganizer`` (default ``~/.local/share/faceorganizer``);
    macOS: ``~/Library/Application Support/faceorganizer``; Windows: ``%LOCALAPPDATA%\\faceorganizer``.
    """
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
        return (Path(base) if base else home / "AppData" / "Local") / APP_NAME
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_NAME
    xdg = os.environ.get("XDG_DATA_HOME")
    # The XDG spec says relative values are invalid and must be ignored.
    base = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".local" / "share"
    return base / APP_NAME


def default_library_path() -> Path:
    """``$FACEORGANIZER_LIBRARY`` if set, else ``library.sqlite`` in :func:`data_dir`."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / LIBRARY_FILENAME


def is_inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies below it (plain string test on absolute, normalized paths)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def resolve_library_path(path: str | os.PathLike[str] | None) -> Path:
    """The library file to use: ``path`` (``--library``) when given, else the default; absolute."""
    chosen = Path(path).expanduser() if path else default_library_path()
    return Path(os.path.abspath(chosen))


#: Permissions of a library file, its -wal/-shm (SQLite gives them the library's) and its backups:
#: the catalog holds face descriptors (biometric data), readable by its owner only.
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def create_private(path: Path) -> None:
    """Create an empty ``path`` readable and writable by its owner only (its folders 0700), unless it exists.

    SQLite would create it with the umask's permissions (usually 0644: readable by every local user);
    it keeps a file it finds, and creates -wal/-shm with that file's permissions.
    """
    path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:  # created meanwhile (another process opening the new library at the same time)
        return
    os.close(fd)


def read_only_reason(path: Path) -> str | None:
    """Why the existing library at ``path`` cannot be written here (None: it can).

    Checked up front because SQLite only fails at the first write, and as root it would write even a
    0444 file; a library on read-only media, or in a folder where SQLite cannot create its -wal/-shm,
    is also only readable.
    """
    if not stat.S_IMODE(path.stat().st_mode) & 0o222 or not os.access(path, os.W_OK):
        return "the library file is read-only"
    folder = path.parent
    if not os.access(folder, os.W_OK) and not os.path.exists(f"{path}-wal"):
        return f"the library's folder {folder} is read-only (read-only media?)"
    return None
