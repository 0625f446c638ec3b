"""A whole scan (walk the folders, then index what changed) and running it off the caller's thread.

One scan at a time per library: a second one (another process, or the app while the CLI scans) waits
for the first (``catalog.LibraryLock``), then finds the photos already done instead of redoing their
model work. A scan that changed the catalog ends with a daily backup (``catalog.backup_if_due``).

``BackgroundScan`` follows Picard's ``run_task`` pattern: the work runs on a worker thread with its
own catalog connection, and ``on_done(summary, error)`` is called once at the end (on the worker
thread; a GUI forwards it to its UI thread, e.g. with a queued Qt signal).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections.abc import Callable, Sequence

from ...nets import NetRegistry
from ..catalog import Catalog, LibraryLock, StorageError, backup_if_due
from ..metadata import import_xmp
from ..people import AssignmentParams, People
from ..people.updates import FULL_SHARE
from .indexer import Analyzer, Indexer, IndexOptions, IndexResult
from .progress import FileError, Progress, ProgressCallback, ScanSummary
from .scanner import ScanPlan, scan_folders

log = logging.getLogger("faceorganizer.library.indexing")


def scan(
    catalog: Catalog,
    folders: Sequence[str | os.PathLike[str]],
    options: IndexOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    retry_errors: bool = False,
    nets: NetRegistry | None = None,
    assignment: AssignmentParams | None = None,
    exclude: Sequence[str] = (),
    analyzer: Analyzer | None = None,
) -> ScanSummary:
    """Add ``folders`` as roots (all roots when empty), find what changed and index it; then match the
    new faces to named people (with ``assignment`` thresholds when given) and cluster the rest.

    Folders matching ``exclude`` or ``options.exclude`` (paths or glob patterns, see
    ``scanner.excluded``) are skipped; ``options.min_face_size`` drops small faces (see IndexOptions).
    ``analyzer``: where the networks run (default: local threads; ``distributed.DaskAnalyzer`` for a Dask
    cluster); the results are stored here either way, by the same code.

    Per-file problems end up in ``summary.errors``; only a library that cannot be written
    (StorageError) or opened stops the scan with an exception. While another scan of the library runs
    this waits for it (``cancel`` stops the wait: the summary says cancelled).
    """
    cancel = cancel or threading.Event()
    lock = LibraryLock(catalog.path)
    if not lock.acquire(0.5):  # (a short wait: an open probing the lock holds it for an instant)
        log.warning("library %s: another scan (process %s) is running; waiting for it to finish",
                    catalog.path, lock.holder() or "?")  # fmt: skip
        if not lock.acquire(None, cancel):
            return ScanSummary(cancelled=True)
    try:
        summary = _scan(catalog, folders, options, progress, cancel, retry_errors, nets, assignment, exclude, analyzer)
    finally:
        lock.release()
    if not summary.cancelled and (summary.indexed or summary.moved or summary.missing):
        try:
            backup_if_due(catalog, "after-scan")
        except StorageError as exc:  # the scan's work is stored; say so, but do not fail it
            log.warning("%s", exc)
    return summary


def planned(plan: ScanPlan) -> ScanSummary:
    """A scan's summary as its walk left it (``scan`` and the folder watcher), before any photo is indexed."""
    return ScanSummary(seen=plan.seen, unchanged=plan.unchanged, missing=plan.missing, errors=list(plan.errors))


def add_indexed(summary: ScanSummary, result: IndexResult) -> None:
    """Count in ``summary`` what indexing the plan's photos did."""
    summary.indexed += result.indexed
    summary.unchanged += result.unchanged
    summary.moved += result.moved
    summary.copies += result.copies
    summary.faces += result.faces
    summary.errors += result.errors
    summary.cancelled = result.cancelled


def _scan(
    catalog: Catalog,
    folders: Sequence[str | os.PathLike[str]],
    options: IndexOptions | None,
    progress: ProgressCallback | None,
    cancel: threading.Event,
    retry_errors: bool,
    nets: NetRegistry | None,
    assignment: AssignmentParams | None,
    exclude: Sequence[str],
    analyzer: Analyzer | None = None,
) -> ScanSummary:
    targets = list(folders) if folders else [r.path for r in catalog.roots()]
    skip = (*exclude, *(options.exclude if options is not None else ()))
    plan = scan_folders(catalog, targets, retry_errors=retry_errors, progress=progress, cancel=cancel, exclude=skip)
    summary = planned(plan)
    if plan.cancelled:
        summary.cancelled = True
        return summary

    def forward(p: Progress) -> None:
        if progress is not None:
            progress(dataclasses.replace(p, errors=p.errors + len(plan.errors)))

    people = People(catalog)
    if assignment is not None:
        people.params = dataclasses.replace(people.params, assignment=assignment)
    # people are brought up to date every CHECKPOINT_SECONDS while photos are stored (incremental: in
    # proportion to the new faces), so they appear during a long first scan, and at the end, cancelled or not
    indexer = Indexer(catalog, options, nets=nets, progress=forward, cancel=cancel, analyzer=analyzer,
                      checkpoint=people.update)  # fmt: skip
    result = indexer.run(plan.to_index)
    add_indexed(summary, result)
    if result.first_indexed and (options is None or options.read_xmp):
        _read_names(catalog, result.first_indexed, summary)
    # the new faces (of this scan, or of one stopped before): matched, joined or clustered; after a scan that
    # brought most of the library (a first scan), one full clustering, so the people are those of a clustering
    # of everything at once, whatever the order photos came in (the updates meanwhile were previews)
    if result.faces > FULL_SHARE * people.detector_faces():
        people.full_update()
    else:
        people.update()
    return summary


def _read_names(catalog: Catalog, photo_ids: list[int], summary: ScanSummary) -> None:
    """The names other tools tagged in the new photos' XMP (sidecars, embedded regions), before people are
    matched and clustered, so the tagged faces guide them; a photo's unreadable metadata is one more error."""
    imported = import_xmp(catalog, photo_ids)
    summary.errors += [FileError(e.path, f"XMP: {e.error}") for e in imported.errors]
    if imported.regions:
        log.info("%s: names from XMP in %d photos: %d faces named, %d added, %d left to the user's decisions",
                 catalog.path, imported.photos, imported.matched, imported.created,
                 imported.rejected + imported.conflicts)  # fmt: skip


class BackgroundScan:
    """``scan`` on a worker thread with its own connection to the library at ``library_path``."""

    def __init__(
        self,
        library_path: str | os.PathLike[str],
        folders: Sequence[str | os.PathLike[str]] = (),
        options: IndexOptions | None = None,
        *,
        progress: ProgressCallback | None = None,
        on_done: Callable[[ScanSummary | None, BaseException | None], object] | None = None,
        nets: NetRegistry | None = None,
        assignment: AssignmentParams | None = None,
        exclude: Sequence[str] = (),
        retry_errors: bool = False,
    ) -> None:
        """``retry_errors``: index again the photos that failed before and did not change since."""
        self.library_path = library_path
        self.retry_errors = retry_errors
        self.exclude = tuple(exclude)
        self.assignment = assignment
        self.folders = list(folders)
        self.options = options
        self.progress = progress
        self.on_done = on_done
        self.nets = nets
        self.summary: ScanSummary | None = None
        self.error: BaseException | None = None
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="faceorganizer-scan", daemon=True)

    def start(self) -> BackgroundScan:
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stop soon: photos in flight are finished and stored, the rest stay pending for next time."""
        self._cancel.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> ScanSummary | None:
        """The summary once finished (None if still running after ``timeout``); re-raises the scan's error."""
        self._thread.join(timeout)
        if self.error is not None:
            raise self.error
        return self.summary

    def _run(self) -> None:
        try:
            with Catalog.open(self.library_path) as catalog:
                self.summary = scan(catalog, self.folders, self.options, progress=self.progress,
                                    cancel=self._cancel, retry_errors=self.retry_errors, nets=self.nets,
                                    assignment=self.assignment, exclude=self.exclude)  # fmt: skip
        except BaseException as exc:  # handed to on_done / wait, never lost on the thread
            log.debug("background scan failed", exc_info=True)
            self.error = exc
        if (done := self.on_done) is not None:  # read once: the owner may detach it meanwhile
            done(self.summary, self.error)
