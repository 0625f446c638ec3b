"""Folder watching: watchdog observes the library's roots; changed paths are debounced, then brought
up to date (scanner.scan_paths) and indexed on the watcher's own thread.

Debouncing: a burst of events (a file being copied, a folder of photos pasted) is handled once it
has been quiet for ``debounce`` seconds, or at the latest ``max_delay`` seconds after its first
event. A file read while still being written fails to decode; its next write event re-indexes it.
Opening and reading files (what the indexer itself does) generates no work.

XMP sidecars are watched too: a sidecar another tool (digiKam, Lightroom, exiftool) wrote or changed has its
named regions imported for its photo (``metadata.import_xmp``: never over a user's decision), after the batch's
photos were indexed; a face it names otherwise than the user did is listed (``ImportSummary.conflict_list``),
not changed.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ...nets import NetRegistry
from ..catalog import Catalog
from ..metadata import import_xmp
from ..metadata.exchange import ImportSummary
from .indexer import Indexer, IndexOptions
from .jobs import add_indexed, planned
from .progress import ProgressCallback, ScanSummary
from .scanner import scan_paths
from .walk import MEDIA_SUFFIXES

log = logging.getLogger("faceorganizer.library.indexing")

_CHANGES = {"created", "modified", "deleted", "moved", "closed"}


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: FolderWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or (event.is_directory and event.event_type in ("modified", "closed")):
            return
        paths = [event.src_path] + ([event.dest_path] if event.event_type == "moved" else [])
        for raw in paths:
            path = os.fsdecode(raw)
            if event.is_directory or os.path.splitext(path)[1].lower() in MEDIA_SUFFIXES or is_sidecar(path):
                self.watcher.notify(path)


def is_sidecar(path: str) -> bool:
    """Whether ``path`` is an XMP sidecar (``photo.jpg.xmp`` as digiKam names it, ``photo.xmp`` as Lightroom)."""
    return path.lower().endswith(".xmp") and not os.path.basename(path).startswith(".")


def photos_of_sidecar(catalog: Catalog, sidecar: str) -> list[int]:
    """The ids of the library's photos a sidecar belongs to: ``photo.jpg`` for ``photo.jpg.xmp``, and every
    ``photo.*`` of its folder for ``photo.xmp``."""
    stem = sidecar[: -len(".xmp")]
    found = catalog.photo_by_path(stem)
    if found is not None:
        return [found.id]
    folder, name = os.path.split(stem)
    try:
        siblings = [n for n in os.listdir(folder or ".") if os.path.splitext(n)[0] == name]
    except OSError:
        return []
    return [p.id for n in siblings if (p := catalog.photo_by_path(os.path.join(folder, n))) is not None]


class FolderWatcher:
    """Keeps the library at ``library_path`` up to date while running: ``start()`` ... ``stop()``.

    ``on_batch(summary)`` is called (on the watcher's thread) after each batch of changes was indexed, and
    ``on_sidecars(import_summary)`` after the batch's changed sidecars were imported.
    """

    def __init__(
        self,
        library_path: str | os.PathLike[str],
        options: IndexOptions | None = None,
        *,
        debounce: float = 2.0,
        max_delay: float = 30.0,
        progress: ProgressCallback | None = None,
        on_batch: Callable[[ScanSummary], object] | None = None,
        on_sidecars: Callable[[ImportSummary], object] | None = None,
        nets: NetRegistry | None = None,
    ) -> None:
        self.library_path = library_path
        self.options = options
        self.debounce, self.max_delay = debounce, max_delay
        self.progress, self.on_batch, self.on_sidecars, self.nets = progress, on_batch, on_sidecars, nets
        self._pending: dict[str, None] = {}
        self._first = self._last = 0.0
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._observer = Observer()
        self._handler = _Handler(self)
        self._thread = threading.Thread(target=self._run, name="faceorganizer-watch", daemon=True)
        self.error: BaseException | None = None

    def start(self, roots: Sequence[str] | None = None) -> FolderWatcher:
        """Watch ``roots`` (default: every root of the library) and start handling changes."""
        if roots is None:
            with Catalog.open(self.library_path, read_only=True) as catalog:
                roots = [r.path for r in catalog.roots()]
        for root in roots:
            self.watch(root)
        self._observer.start()
        self._thread.start()
        return self

    def watch(self, root: str) -> bool:
        """Also watch ``root`` (e.g. a folder just added to the library); False if it is not a folder."""
        if not os.path.isdir(root):
            log.warning("%s: folder not found, not watched", root)
            return False
        self._observer.schedule(self._handler, root, recursive=True)
        return True

    def notify(self, path: str) -> None:
        """Queue a changed path (called by the observer; usable directly, e.g. from a GUI)."""
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending[path] = None
            self._last = now
            self._cond.notify()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Stop watching. Photos being analysed are finished and stored; the rest of a batch stays pending
        (the next scan or watch picks it up)."""
        self._stop.set()
        with self._cond:
            self._cond.notify()
        self._observer.stop()
        self._observer.join(timeout)
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _next_batch(self) -> list[str] | None:
        with self._cond:
            while not self._stop.is_set():
                if self._pending:
                    now = time.monotonic()
                    due = min(self._last + self.debounce, self._first + self.max_delay)
                    if now >= due:
                        batch, self._pending = list(self._pending), {}
                        return batch
                    self._cond.wait(due - now)
                else:
                    self._cond.wait()
            return None

    def _run(self) -> None:
        try:
            with Catalog.open(self.library_path) as catalog:
                while (batch := self._next_batch()) is not None:
                    self._handle(catalog, batch)
        except BaseException as exc:  # kept for the owner (GUI / CLI) to report
            log.exception("folder watcher stopped")
            self.error = exc

    def _handle(self, catalog: Catalog, batch: list[str]) -> None:
        log.info("%d changed paths", len(batch))
        sidecars = [p for p in batch if is_sidecar(p)]
        batch = [p for p in batch if not is_sidecar(p)]
        self._index(catalog, batch)
        photo_ids = sorted({i for s in sidecars if os.path.isfile(s) for i in photos_of_sidecar(catalog, s)})
        if photo_ids:
            imported = import_xmp(catalog, photo_ids)
            log.info("%d sidecar(s) imported: %s", len(sidecars), imported.to_json())
            if (report := self.on_sidecars) is not None:  # read once: the owner may detach it meanwhile
                report(imported)

    def _index(self, catalog: Catalog, batch: list[str]) -> None:
        if not batch:
            return
        plan = scan_paths(catalog, batch, exclude=self.options.exclude if self.options is not None else ())
        summary = planned(plan)
        if plan.to_index:
            indexer = Indexer(catalog, self.options, nets=self.nets, progress=self.progress, cancel=self._stop)
            add_indexed(summary, indexer.run(plan.to_index))
        if (tell := self.on_batch) is not None:  # read once: the owner may detach it meanwhile
            tell(summary)
