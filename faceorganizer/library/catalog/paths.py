"""Where a library lives: the platform's per-user data folder unless ``--library PATH`` says otherwise."""

from __future__ import annotations

import os
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
