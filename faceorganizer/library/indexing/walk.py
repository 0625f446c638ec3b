"""Walking a library folder: the photo files under it, and whether a root folder can be walked at all.

The walk skips hidden folders and files (a leading dot; the hidden attribute on Windows), follows
folder symlinks but visits each real folder once (no loops, no duplicates) and keeps regular files
(``files.regular_stat``: never a FIFO or device named like a photo) whose suffix is in
``MEDIA_SUFFIXES`` (``imaging.IMAGE_SUFFIXES`` and ``video.VIDEO_SUFFIXES``), skipping the folders the
user excluded (``excluded``). Nothing here opens a photo.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ...files import NotRegularFileError, regular_stat
from ...imaging import IMAGE_SUFFIXES
from ...raw import is_raw
from ..catalog import is_inside
from .progress import FileError
from .video import VIDEO_SUFFIXES

log = logging.getLogger("faceorganizer.library.indexing")

#: The files a scan picks up: photos and videos.
MEDIA_SUFFIXES = IMAGE_SUFFIXES | VIDEO_SUFFIXES


@dataclass(frozen=True)
class FoundFile:
    path: str
    size: int
    mtime_ns: int


def _hidden(entry: os.DirEntry) -> bool:
    if entry.name.startswith("."):
        return True
    attrs = getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)  # Windows only
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def excluded(folder: str, patterns: Sequence[str]) -> bool:
    """Whether the user excluded ``folder``: a pattern without a path separator is matched (as a glob)
    against the folder's name ("Trash", "*.tmp"); one with a separator against its whole path, as a
    glob ("*/Trash") or, without glob characters, as a folder that excludes everything below it
    ("/photos/private"). Case follows the platform (``os.path.normcase``)."""
    name, path = os.path.normcase(os.path.basename(folder)), os.path.normcase(folder)
    for raw in patterns:
        pattern = raw.strip()
        if len(pattern) > 1:
            pattern = pattern.rstrip("/" + os.sep) or pattern
        if not pattern:
            continue
        if "/" not in pattern and os.sep not in pattern:
            hit = fnmatch.fnmatchcase(name, os.path.normcase(pattern))
        elif any(c in pattern for c in "*?["):
            hit = fnmatch.fnmatchcase(path.replace(os.sep, "/"), os.path.normcase(pattern).replace(os.sep, "/"))
        else:
            hit = is_inside(path, os.path.normcase(os.path.realpath(os.path.expanduser(pattern))))
        if hit:
            return True
    return False


#: Developed copies a camera writes beside a RAW of the same shot (RAW+JPEG, RAW+HEIF modes); a Live Photo is
#: one of these with a short .MOV of the same name.
DEVELOPED_SUFFIXES = frozenset({".jpg", ".jpeg", ".heic", ".heif"})
LIVE_PHOTO_SUFFIXES = frozenset({".mov"})


def developed_stems(names: Iterable[str]) -> set[str]:
    """The stems (case-folded) of the developed photos among one folder's file ``names``."""
    return {stem.casefold() for stem, suffix in map(os.path.splitext, names) if suffix.lower() in DEVELOPED_SUFFIXES}


def part_of_a_photo(name: str, developed: set[str]) -> bool:
    """Whether ``name`` is a RAW or a Live Photo's movie whose shot also lies in its folder as a JPEG or HEIF
    (``developed_stems``): the pair is one photo, indexed from the developed file (its faces once, not twice)."""
    stem, suffix = os.path.splitext(name)
    return (is_raw(name) or suffix.lower() in LIVE_PHOTO_SUFFIXES) and stem.casefold() in developed


def part_of_a_photo_at(path: str) -> bool:
    """``part_of_a_photo`` for one path (the watcher's): its folder is listed to look for the developed file."""
    name = os.path.basename(path)
    if not (is_raw(name) or os.path.splitext(name)[1].lower() in LIVE_PHOTO_SUFFIXES):
        return False
    try:
        names = os.listdir(os.path.dirname(path) or ".")
    except OSError:
        return False
    return part_of_a_photo(name, developed_stems(names))


def companions(path: str) -> list[str]:
    """The files that are part of the photo at ``path`` without being indexed (``part_of_a_photo``): the RAW of
    the shot and a Live Photo's movie beside a developed photo, by name; none for other files or an unlistable
    folder."""
    return companions_of([path]).get(path, [])


def companions_of(paths: Iterable[str]) -> dict[str, list[str]]:
    """``companions`` of many photos (path -> its companions, by name; photos with none left out), listing each
    of their folders once."""
    by_folder: dict[str, list[str]] = {}
    for path in paths:
        if os.path.splitext(path)[1].lower() in DEVELOPED_SUFFIXES:
            by_folder.setdefault(os.path.dirname(path), []).append(path)
    out: dict[str, list[str]] = {}
    for folder, developed in by_folder.items():
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        stems: dict[str, list[str]] = {}
        for other in names:
            stems.setdefault(os.path.splitext(other)[0].casefold(), []).append(other)
        for path in developed:
            name = os.path.basename(path)
            stem = os.path.splitext(name)[0].casefold()
            found = [os.path.join(folder, o) for o in stems.get(stem, []) if o != name and part_of_a_photo(o, {stem})]
            if found:
                out[path] = found
    return out


def walk(
    top: str, errors: list[FileError], unreadable: set[str] | None = None, exclude: Sequence[str] = (),
    skipped: set[str] | None = None,
) -> Iterator[FoundFile]:  # fmt: skip
    """Image files under ``top`` in a stable order; folders that cannot be listed go to ``errors``
    (and ``unreadable``), as do files that cannot be stat'ed. Folders matching ``exclude`` (see
    :func:`excluded`; ``top`` too) are not entered and are added to ``skipped``."""
    if exclude and excluded(top, exclude):
        if skipped is not None:
            skipped.add(top)
        return
    try:
        st = os.stat(top)
    except OSError as exc:
        errors.append(FileError(top, f"cannot open folder: {exc.strerror or exc}"))
        return
    visited = {(st.st_dev, st.st_ino)}
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            errors.append(FileError(folder, f"cannot list folder: {exc.strerror or exc}"))
            if unreadable is not None:
                unreadable.add(folder)
            continue
        subfolders = []
        developed = developed_stems(entry.name for entry in entries)
        for entry in entries:
            try:
                if _hidden(entry) or part_of_a_photo(entry.name, developed):
                    continue
                if entry.is_dir(follow_symlinks=True):
                    if exclude and excluded(entry.path, exclude):
                        log.debug("%s: excluded, skipped", entry.path)
                        if skipped is not None:
                            skipped.add(entry.path)
                        continue
                    est = entry.stat(follow_symlinks=True)
                    key = (est.st_dev, est.st_ino)
                    if key in visited:
                        log.debug("%s: folder already visited (symlink loop or duplicate), skipped", entry.path)
                    else:
                        visited.add(key)
                        subfolders.append(entry.path)
                    continue
                if os.path.splitext(entry.name)[1].lower() not in MEDIA_SUFFIXES:
                    continue
                est = regular_stat(entry.path)
            except NotRegularFileError as exc:  # a FIFO or a device named like a photo
                log.info("%s: %s", entry.path, exc.strerror)
                continue
            except FileNotFoundError:  # a dangling symlink
                log.debug("%s: symlink to nothing, skipped", entry.path)
                continue
            except OSError as exc:
                errors.append(FileError(entry.path, f"cannot read file information: {exc.strerror or exc}"))
                continue
            yield FoundFile(entry.path, est.st_size, est.st_mtime_ns)
        stack.extend(reversed(subfolders))


def root_unavailable(root: str, kept: Callable[[], int]) -> str | None:
    """Why the library root folder ``root`` cannot be walked now, or None: it is missing, not a folder, cannot
    be listed, or is empty while the library has photos in it (``kept()``: how many are not missing), as the
    mount point of a drive that is not mounted is. A walk of such a root would find no photos and mark them
    all missing; so it is not walked and its photos are kept as they are."""
    if not os.path.exists(root):
        return "no such folder"
    if not os.path.isdir(root):
        return "not a folder"
    try:
        with os.scandir(root) as it:
            empty = next(it, None) is None
    except OSError as exc:
        return f"cannot list folder: {exc.strerror or exc}"
    if empty and (n := kept()):
        return f"folder is empty, but the library has {n} photos in it"
    return None
