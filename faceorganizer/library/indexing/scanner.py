"""Comparing library folders with the catalog: new, changed, unchanged and removed files.

Folders are walked by ``walk.walk`` (hidden and excluded folders skipped, regular files only).
Comparison is by size and mtime only (a stat per file, no reading): new files are added ``pending``,
changed ones set back to ``pending`` (the indexer then compares content hashes, so a merely touched
or moved file costs no model work), and catalog
photos no longer found become ``missing`` with their faces kept (a disconnected drive loses nothing), or, when
a copy of the photo is still there (same bytes elsewhere: ``catalog.copies``), move to the copy's place.
A root that is unavailable (missing, unreadable, an empty mount point: ``walk.root_unavailable``) is not
walked at all: it is reported (``ScanPlan.unavailable``, also in ``errors``) and its photos are kept.
Nothing here opens a photo.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...files import NotRegularFileError, regular_stat
from ..catalog import Catalog, Photo, Root, is_inside
from .progress import FileError, Progress, ProgressCallback
from .walk import MEDIA_SUFFIXES, FoundFile, excluded, part_of_a_photo_at, root_unavailable, walk

__all__ = ["FoundFile", "ScanPlan", "excluded", "scan_folders", "scan_paths", "walk"]

log = logging.getLogger("faceorganizer.library.indexing")

_FLUSH_EVERY = 500  # catalog writes per transaction while walking
_PROGRESS_EVERY = 0.2  # seconds between "scanning" progress events


@dataclass
class ScanPlan:
    """What a walk found and what the indexer has to do (``to_index``: photo ids, pending)."""

    seen: int = 0
    unchanged: int = 0
    new: int = 0
    changed: int = 0
    missing: int = 0
    restored: int = 0
    promoted: int = 0  # photos whose file went, now at a copy's place (see Catalog.promote_copies)
    cancelled: bool = False
    to_index: list[int] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)

    @property
    def unavailable(self) -> list[FileError]:
        """The roots not walked because they are unavailable (in ``errors``, flagged)."""
        return [e for e in self.errors if e.unavailable]

    def root_unavailable(self, catalog: Catalog, root: Root) -> bool:
        """Whether ``root`` cannot be walked now (see ``walk.root_unavailable``); if so it is reported once."""
        if any(e.path == root.path for e in self.unavailable):
            return True
        why = root_unavailable(root.path, lambda: sum(p.status != "missing" for p in catalog.photos(root_id=root.id)))
        if why is None:
            return False
        message = f"folder unavailable ({why}): not mounted or disconnected? Its photos are kept"
        error = FileError(root.path, message, unavailable=True)
        log.warning("%s: %s", root.path, error.error)
        self.errors.append(error)
        return True


class _Batch:
    """Catalog writes of a walk, committed every few hundred so a kill loses little and blocks no one."""

    def __init__(self, catalog: Catalog, plan: ScanPlan) -> None:
        self.catalog, self.plan = catalog, plan
        self.new: list[tuple[int, FoundFile]] = []
        self.pending: list[tuple[int, FoundFile]] = []
        self.status: list[tuple[int, str]] = []

    def __len__(self) -> int:
        return len(self.new) + len(self.pending) + len(self.status)

    def flush(self) -> None:
        if not len(self):
            return
        with self.catalog.transaction():
            for root_id, f in self.new:
                self.plan.to_index.append(self.catalog.add_photo(root_id, f.path, f.size, f.mtime_ns))
            for photo_id, f in self.pending:
                self.catalog.set_pending(photo_id, f.size, f.mtime_ns)
            for photo_id, status in self.status:
                self.catalog.set_status([photo_id], status)
            # a photo whose file went keeps its faces in a copy of it that is still there
            self.plan.promoted += self.catalog.promote_copies(i for i, status in self.status if status == "missing")
        self.new, self.pending, self.status = [], [], []


def _classify(photo: Photo, f: FoundFile, batch: _Batch, plan: ScanPlan, retry_errors: bool) -> None:
    if (photo.size, photo.mtime_ns) != (f.size, f.mtime_ns):
        plan.changed += 1
        batch.pending.append((photo.id, f))
        plan.to_index.append(photo.id)
    elif photo.status == "indexed" or (photo.status == "error" and not retry_errors):
        plan.unchanged += 1
    elif photo.status == "missing":  # the file is back, as it was
        plan.restored += 1
        if photo.indexed_at is not None and photo.content_hash is not None:
            plan.unchanged += 1
            batch.status.append((photo.id, "indexed"))
        else:
            batch.status.append((photo.id, "pending"))
            plan.to_index.append(photo.id)
    else:  # pending (e.g. a killed scan) or an error to retry
        if photo.status == "error":
            batch.status.append((photo.id, "pending"))
        plan.to_index.append(photo.id)


def scan_folders(
    catalog: Catalog,
    folders: Sequence[str | os.PathLike[str]],
    *,
    retry_errors: bool = False,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    exclude: Sequence[str] = (),
) -> ScanPlan:
    """Add ``folders`` as roots (see ``Catalog.add_root``), walk them and bring the catalog up to date.

    Photos that failed before are retried only when their file changed, or with ``retry_errors``.
    A cancelled walk marks nothing missing. Folders matching ``exclude`` (paths or glob patterns, see
    :func:`excluded`) are not walked; photos already in the catalog under them are left as they are
    (not marked missing: the files are there, the user only asked not to look).
    """
    plan = ScanPlan()
    batch = _Batch(catalog, plan)
    last = 0.0
    for folder in folders:
        real = os.path.realpath(os.fspath(folder))
        known_root = next((r for r in catalog.roots() if is_inside(real, r.path)), None)
        if known_root is not None and plan.root_unavailable(catalog, known_root):
            if progress is not None:
                progress(
                    Progress("scanning", plan.seen, 0, known_root.path, 0, len(plan.errors), len(plan.unavailable))
                )
            continue
        if not os.path.isdir(real):
            what = "not a folder" if os.path.exists(real) else "no such folder"
            plan.errors.append(FileError(os.fspath(folder), what))
            continue
        root = catalog.add_root(real)
        known = {p.path: p for p in catalog.photos(root_id=root.id) if is_inside(p.path, real)}
        unreadable: set[str] = set()
        failed_before = len(plan.errors)
        for f in walk(real, plan.errors, unreadable, exclude, unreadable):
            plan.seen += 1
            photo = known.pop(f.path, None)
            if photo is None:
                plan.new += 1
                batch.new.append((root.id, f))
            else:
                _classify(photo, f, batch, plan, retry_errors)
            if len(batch) >= _FLUSH_EVERY:
                batch.flush()
            if progress is not None and time.monotonic() - last > _PROGRESS_EVERY:
                last = time.monotonic()
                progress(Progress("scanning", plan.seen, 0, f.path, 0, len(plan.errors), len(plan.unavailable)))
            if cancel is not None and cancel.is_set():
                plan.cancelled = True
                break
        if plan.cancelled:
            break
        errored = {e.path for e in plan.errors[failed_before:]}
        for path, photo in known.items():
            if photo.status != "missing" and path not in errored and not any(is_inside(path, d) for d in unreadable):
                plan.missing += 1
                batch.status.append((photo.id, "missing"))
    batch.flush()
    log.info(
        "scanned %d files: %d new, %d changed, %d unchanged, %d missing, %d errors",
        plan.seen, plan.new, plan.changed, plan.unchanged, plan.missing, len(plan.errors),
    )  # fmt: skip
    return plan


def _in_excluded_folder(path: str, root: str, exclude: Sequence[str]) -> bool:
    """Whether a walk of ``root`` would skip ``path``: it or a folder above it (inside the root) is excluded."""
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    while exclude and is_inside(folder, root):
        if excluded(folder, exclude):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return False


def scan_paths(
    catalog: Catalog, paths: Sequence[str], *, retry_errors: bool = False, exclude: Sequence[str] = ()
) -> ScanPlan:
    """Bring single paths up to date (for the folder watcher): files inside a root are compared as in a
    walk (excluded folders skipped as a walk skips them); a path that is gone marks its photo, or every
    photo under it (a removed folder), missing."""
    plan = ScanPlan()
    batch = _Batch(catalog, plan)
    roots = catalog.roots()
    by_root: dict[int, list[Photo]] = {}
    for raw in dict.fromkeys(paths):
        path = os.path.abspath(raw)
        root = next((r for r in roots if is_inside(path, r.path)), None)
        if root is None:
            continue
        if any(part.startswith(".") for part in os.path.relpath(path, root.path).split(os.sep) if part != "."):
            continue  # hidden, as in a walk
        if _in_excluded_folder(path, root.path, exclude) or plan.root_unavailable(catalog, root):
            continue  # an unavailable root (e.g. its drive unmounted while watched): nothing is marked missing
        if os.path.isdir(path):
            batch.flush()
            sub = scan_folders(catalog, [path], retry_errors=retry_errors, exclude=exclude)
            _merge(plan, sub)
            continue
        if not os.path.exists(path):
            photo = catalog.photo_by_path(path)
            if photo is not None:
                gone = [photo] if photo.status != "missing" else []
            else:  # perhaps a removed folder: every photo under it
                if root.id not in by_root:
                    by_root[root.id] = catalog.photos(root_id=root.id)
                gone = [p for p in by_root[root.id] if is_inside(p.path, path) and p.status != "missing"]
            plan.missing += len(gone)
            batch.status += [(p.id, "missing") for p in gone]
            continue
        if os.path.splitext(path)[1].lower() not in MEDIA_SUFFIXES or part_of_a_photo_at(path):
            continue
        try:
            st = regular_stat(path)
        except NotRegularFileError as exc:  # a FIFO or device named like a photo: skipped, as a walk skips it
            log.info("%s: %s", path, exc.strerror)
            continue
        except OSError as exc:
            plan.errors.append(FileError(path, f"cannot read file information: {exc.strerror or exc}"))
            continue
        f = FoundFile(path, st.st_size, st.st_mtime_ns)
        plan.seen += 1
        photo = catalog.photo_by_path(path)
        if photo is None:
            plan.new += 1
            batch.new.append((root.id, f))
        else:
            _classify(photo, f, batch, plan, retry_errors)
    batch.flush()
    plan.to_index = list(dict.fromkeys(plan.to_index))
    return plan


def _merge(plan: ScanPlan, sub: ScanPlan) -> None:
    for name in ("seen", "unchanged", "new", "changed", "missing", "restored", "promoted"):
        setattr(plan, name, getattr(plan, name) + getattr(sub, name))
    plan.to_index += sub.to_index
    plan.errors += [e for e in sub.errors if not (e.unavailable and e in plan.errors)]
