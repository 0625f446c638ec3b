"""The indexer: runs the face pipeline on pending photos through an analyzer (a small local thread pool
by default, a Dask cluster with ``distributed.DaskAnalyzer``) and stores each photo with all its faces in
one transaction on its own thread, so a killed or cancelled run resumes where it stopped.

Per photo: a reader thread reads the file once (the content hash and the bytes decoded are the same
bytes), overlapping the analysis of earlier photos. If those bytes are already indexed (the file was
only touched), are those of a photo whose file is gone (moved or renamed), or are those of a photo indexed
elsewhere (a copy: one photo with another location, its faces not stored twice), the catalog is updated
with no model work; otherwise one of ``workers`` threads decodes it (large JPEGs at reduced size,
enough for the detector) and runs ``api.analyze``, and the indexer's own thread stores the result.
At most ``analyzer.capacity`` photos are in flight (``2 * workers`` locally), which bounds memory.
Photo files are only ever opened for reading.

The analyzer is the one pluggable step (``Analyzer``): ``submit(path, read, job)`` returns a Future of
``(PhotoInfo, faces)``; everything else (the hash shortcuts, storing, errors, progress, cancel) is this
module's, so a scan on a cluster stores exactly what a local one does.

Errors: a file that cannot be read or decoded gets status ``error`` (or ``missing`` if it vanished)
with the message, and indexing goes on. A catalog write that fails for environment reasons (disk
full, ...) is reported for that photo, which stays ``pending``; after ``max_storage_failures`` such
failures in a row the run stops with the StorageError; a lost write-ahead log (WalLostError: someone
deleted ``<library>-wal`` while it was open) stops it at once, since no later write can be kept.
An analyzer that cannot analyse a photo for reasons not the photo's own (``AnalyzerError``: a cluster
lost, a worker that cannot read the file) leaves it ``pending`` with the reason, reported like an error.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Protocol

from ...api.options import DETECTOR_NAMES, DETECTOR_NETS, DetectorOptions, options_for, takes_input_size
from ...nets import NetRegistry
from ..catalog import (
    Catalog,
    FaceData,
    Photo,
    PhotoInfo,
    PhotoNotFoundError,
    StorageError,
    StoredFaces,
    WalLostError,
    display_path,
)
from .media import analyze_video
from .photo_reader import PhotoReadError, ReadFile, analyze_photo, read_photo
from .progress import FileError, Progress, ProgressCallback
from .video import is_video

log = logging.getLogger("faceorganizer.library.indexing")

#: Detector choice (CLI ``--detector``) -> the name stored in ``photos.detector`` (its net's registry name).
DETECTORS = {name: DETECTOR_NETS[cls] for name, cls in DETECTOR_NAMES.items()}


@dataclass(frozen=True)
class IndexOptions:
    """How to index: detector and its threshold, reduced decoding, worker threads; the smallest face kept
    and the folders a scan skips.

    ``min_face_size`` (full displayed px, 0: no limit): a detected face whose box's shorter side is below
    it is not stored at all, like a face below ``min_confidence``. Small faces are mostly strangers in
    the background; dropping them keeps them out of the People view, the Unnamed faces and the
    clustering. It applies to photos indexed from then on (a missed face can still be drawn by hand).
    ``exclude``: folder paths or glob patterns a scan does not walk (see ``scanner.walk``).
    ``read_xmp``: a photo indexed for the first time takes the names of its XMP face regions (sidecar or
    embedded: digiKam, Lightroom, Picasa tags), as ``faceorganizer import-xmp`` does; never over a user's
    decision (see metadata.exchange).
    """

    detector: str = "ssd"
    min_confidence: float = 0.5
    input_size: int = 416  # the Tiny detectors (tiny, yolo) only
    small_faces: bool = False  # SSD's small-face mode (api.small_faces): tiles, full-size crops of small faces
    max_side: int | None = 1280  # decode JPEGs larger than 2x this at a reduced scale (None: full size)
    workers: int = 2
    max_storage_failures: int = 3
    min_face_size: int = 0
    exclude: tuple[str, ...] = ()
    read_xmp: bool = True

    def __post_init__(self) -> None:
        if self.min_face_size < 0:
            raise ValueError(f"min_face_size must be >= 0, got {self.min_face_size}")
        if isinstance(self.exclude, str):
            raise TypeError("exclude must be a sequence of folder paths or patterns, not one string")
        object.__setattr__(self, "exclude", tuple(self.exclude))
        if self.detector not in DETECTORS:
            raise ValueError(f"detector must be one of {sorted(DETECTORS)}, got {self.detector!r}")
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers}")
        self.detector_options()  # validates the thresholds

    def detector_options(self) -> DetectorOptions:
        return options_for(self.detector, self.min_confidence, self.input_size, self.small_faces)

    @property
    def takes_input_size(self) -> bool:
        """Whether ``input_size`` applies to the chosen detector (the Tiny detectors: tiny, yolo)."""
        return takes_input_size(self.detector)

    @property
    def detector_name(self) -> str:
        return DETECTORS[self.detector]


@dataclass(frozen=True)
class AnalysisJob:
    """What an analyzer runs on each photo (``photo_reader.analyze_photo``'s settings); small and picklable,
    so a cluster's workers get it with each batch."""

    detector_options: DetectorOptions
    detector_name: str
    max_side: int | None

    @classmethod
    def from_options(cls, options: IndexOptions) -> AnalysisJob:
        return cls(options.detector_options(), options.detector_name, options.max_side)


#: What an analysis gives: the photo's info (dimensions, orientation, taken-at, ...) and its faces.
Analysis = tuple[PhotoInfo, list[FaceData]]


class AnalyzerError(Exception):
    """A photo could not be analysed for a reason that is not the photo's (the cluster or a worker was lost,
    a worker cannot read the file): the photo stays ``pending`` with this message and is retried next time."""


class Analyzer(Protocol):
    """The model step of indexing, pluggable: ``LocalAnalyzer`` (threads) or ``distributed.DaskAnalyzer``.

    ``submit`` must not block for long (the indexer's one thread also stores results); the Future gives an
    ``Analysis`` or raises ``PhotoReadError`` (the photo's fault: stored as its error), ``AnalyzerError``
    (not its fault: it stays pending) or anything else (a bug: stored as an internal error). ``capacity``:
    how many photos the indexer keeps in flight (read or being analysed) at most, its backpressure. The
    indexer calls ``flush`` when it will submit nothing more until some result comes back, so an analyzer
    that batches sends its partial batch then.
    """

    @property
    def capacity(self) -> int: ...

    def submit(self, path: str, read: ReadFile, job: AnalysisJob) -> Future[Analysis]: ...

    def flush(self) -> None: ...


class LocalAnalyzer:
    """The default analyzer: ``workers`` threads of this process running ``analyze_photo`` (onnxruntime
    releases the GIL, so threads use the cores); up to ``2 * workers`` photos in flight."""

    def __init__(self, workers: int, nets: NetRegistry | None = None, cancel: threading.Event | None = None) -> None:
        self.nets = nets
        self.cancel = cancel  # a scan's stop: analyses that can stop midway (small faces) do
        self.workers = workers
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="faceorganizer-index")

    @property
    def capacity(self) -> int:
        return 2 * self.workers

    def submit(self, path: str, read: ReadFile, job: AnalysisJob) -> Future[Analysis]:
        analyze = analyze_video if is_video(path) else analyze_photo  # a video: its face tracks (media.py)
        return self._pool.submit(
            analyze, path, read, job.detector_options, job.detector_name, job.max_side, self.nets, self.cancel
        )

    def flush(self) -> None:
        """Nothing to do: each photo is submitted on its own."""

    def close(self) -> None:
        """Wait for the running analyses (queued ones were cancelled by the indexer) and end the threads."""
        self._pool.shutdown(wait=True)

    def __enter__(self) -> LocalAnalyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: How often (seconds) a scan brings people up to date while it indexes (see Indexer's ``checkpoint``)...
CHECKPOINT_SECONDS = 15.0
#: ...and sooner once the photos stored since the last time are this many, or as many as were stored before it
#: (10, 20, 40...): people show after the first few photos, and the updates of a long scan stay O(photos).
CHECKPOINT_PHOTOS = 10


@dataclass
class IndexResult:
    """What one indexing run did. ``unchanged`` includes ``moved`` and ``copies`` (no model work for either)."""

    indexed: int = 0
    unchanged: int = 0
    moved: int = 0
    copies: int = 0  # files found to be copies of a photo already indexed (one photo, another location)
    faces: int = 0
    cancelled: bool = False
    errors: list[FileError] = field(default_factory=list)
    first_indexed: list[int] = field(default_factory=list)  # photos indexed for the first time
    released: list[int] = field(default_factory=list)  # former copies of a photo whose bytes changed: indexed too


class Indexer:
    """Indexes pending photos of one catalog; ``run`` blocks, so call it from a background thread."""

    def __init__(
        self,
        catalog: Catalog,
        options: IndexOptions | None = None,
        *,
        nets: NetRegistry | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        analyzer: Analyzer | None = None,
        checkpoint: Callable[[], object] | None = None,
        checkpoint_every: float | None = None,
    ) -> None:
        """``analyzer``: where the networks run (default: a ``LocalAnalyzer`` of ``options.workers``
        threads with ``nets``, made for each run); the caller owns one it passes (and closes it).
        ``checkpoint``: called on this thread every ``checkpoint_every`` seconds (None: ``CHECKPOINT_SECONDS``)
        once new photos are stored, or sooner (``CHECKPOINT_PHOTOS``): a scan brings people up to date there,
        so they appear while a long first scan runs."""
        self.catalog = catalog
        self.options = options or IndexOptions()
        self.nets = nets
        self.analyzer = analyzer
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self.checkpoint = checkpoint
        self.checkpoint_every = CHECKPOINT_SECONDS if checkpoint_every is None else checkpoint_every
        self._storage_failures = 0
        self._checkpoint_at = (0.0, 0)  # (monotonic time, photos indexed) of the last checkpoint

    def run(self, photo_ids: Sequence[int] | None = None) -> IndexResult:
        """Index the given photos (those still pending), or every pending photo of the catalog."""
        ids = list(dict.fromkeys(photo_ids if photo_ids is not None else self.catalog.pending_photo_ids()))
        result = IndexResult()
        self._checkpoint_at = (time.monotonic(), 0)
        total, done = len(ids), 0
        queue = deque(ids)  # grows when a photo indexed anew leaves copies of its old bytes to index
        job = AnalysisJob.from_options(self.options)
        in_flight: dict[Future, tuple[Photo, ReadFile | None]] = {}
        # bytes being analysed -> photos read with the same bytes meanwhile: read again once those are stored,
        # they are copies (no second analysis); should the first fail, the next one is analysed
        deferred: dict[str, list[int]] = {}
        with ExitStack() as stack:
            reader = stack.enter_context(ThreadPoolExecutor(1, thread_name_prefix="faceorganizer-read"))
            analyzer = self.analyzer or stack.enter_context(LocalAnalyzer(self.options.workers, self.nets, self.cancel))
            limit = max(1, analyzer.capacity)
            try:
                while True:
                    while len(in_flight) < limit and not self.cancel.is_set():
                        if not queue:
                            break
                        photo_id = queue.popleft()
                        photo = self.catalog.photo(photo_id)
                        if photo is None or photo.status != "pending":  # done meanwhile (another process)
                            done += 1
                            continue
                        in_flight[reader.submit(read_photo, photo.path, self.cancel)] = (photo, None)
                    if not in_flight:
                        break
                    if all(read is not None for _, read in in_flight.values()):  # no read left to add
                        analyzer.flush()
                    finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                    # in the order they were queued: of copies read together, the first found is the photo
                    for fut in sorted(finished, key=lambda f: in_flight[f][0].id):
                        photo, read = in_flight.pop(fut)
                        released = len(result.released)
                        follow_up = self._handle(fut, photo, read, result)
                        queue.extend(result.released[released:])
                        total += len(result.released) - released
                        if follow_up is not None:
                            same = deferred.get(follow_up.info.content_hash)
                            if same is not None:
                                same.append(photo.id)
                            else:
                                deferred[follow_up.info.content_hash] = []
                                in_flight[analyzer.submit(photo.path, follow_up, job)] = (photo, follow_up)
                            continue
                        if read is not None:
                            queue.extendleft(reversed(deferred.pop(read.info.content_hash, [])))
                        done += 1
                        self._report(done, total, photo, result)
                        self._maybe_checkpoint(result)
            finally:
                for fut in in_flight:
                    fut.cancel()
        result.cancelled = self.cancel.is_set() and done < total
        log.info("indexed %d photos (%d faces), %d unchanged, %d errors%s", result.indexed, result.faces,
                 result.unchanged, len(result.errors), " (cancelled)" if result.cancelled else "")  # fmt: skip
        return result

    def _maybe_checkpoint(self, result: IndexResult) -> None:
        """Call ``checkpoint`` when it is due; its failure is logged, never the end of the indexing."""
        at, indexed = self._checkpoint_at
        if self.checkpoint is None or result.indexed <= indexed:
            return
        if time.monotonic() - at < self.checkpoint_every and result.indexed - indexed < max(CHECKPOINT_PHOTOS, indexed):
            return
        try:
            self.checkpoint()
        except StorageError:
            raise
        except Exception:
            log.exception("%s: updating people during the scan failed (the scan goes on)", self.catalog.path)
        self._checkpoint_at = (time.monotonic(), result.indexed)

    def _report(self, done: int, total: int, photo: Photo, result: IndexResult) -> None:
        if self.progress is not None:
            self.progress(Progress("indexing", done, total, photo.path, result.faces, len(result.errors)))

    def _handle(self, fut: Future, photo: Photo, read: ReadFile | None, result: IndexResult) -> ReadFile | None:
        """Store what a worker produced; returns the read file when it still needs the networks."""
        try:
            outcome = fut.result()
        except PhotoReadError as exc:
            if not exc.cancelled:  # a read stopped by cancel is not the photo's fault: it stays pending
                self._store_error(photo, exc.message, "missing" if exc.missing else "error", result)
            return None
        except AnalyzerError as exc:  # not the photo's fault either: reported, and it stays pending
            self._store_error(photo, str(exc), "pending", result)
            return None
        except Exception as exc:  # a bug (or MemoryError): record it for this photo and go on
            log.exception("%s: unexpected error while indexing", display_path(photo.path))
            self._store_error(photo, f"internal error: {exc!r}", "error", result)
            return None
        if read is None:  # the file was read: hash shortcuts, else analyse
            read = outcome
            if photo.indexed_at is not None and photo.content_hash == read.info.content_hash:
                if self._write(photo, result, self.catalog.mark_unchanged, photo.id, read.info):
                    result.unchanged += 1
                return None
            moved_from = self._moved_from(photo, read.info.content_hash)
            if moved_from is not None:
                if self._write(photo, result, self.catalog.adopt_moved, photo.id, moved_from.id, read.info):
                    log.info("%s: moved from %s", display_path(photo.path), display_path(moved_from.path))
                    result.unchanged += 1
                    result.moved += 1
                return None
            if self._as_copy(photo, read.info, result):
                return None
            return None if self.cancel.is_set() else read
        info, faces = outcome
        faces = self._big_enough(faces)
        if self._as_copy(photo, info, result):  # a copy of it was stored while this one was analysed
            return None
        stored: list[StoredFaces] = []
        if self._write(photo, result, lambda: stored.append(self.catalog.store_indexed(photo.id, info, faces))):
            result.released += stored[0].released
            result.indexed += 1
            result.faces += len(faces)
            if photo.indexed_at is None:
                result.first_indexed.append(photo.id)
        return None

    def _big_enough(self, faces: list[FaceData]) -> list[FaceData]:
        """The faces at least ``min_face_size`` on their shorter side (see IndexOptions)."""
        least = self.options.min_face_size
        return [f for f in faces if min(f.box.width, f.box.height) >= least] if least > 0 else faces

    def _moved_from(self, photo: Photo, content_hash: str) -> Photo | None:
        """An indexed photo with these exact bytes whose file no longer exists: this file is it, moved."""
        for other in self.catalog.photos_by_hash(content_hash):
            if other.id != photo.id and other.indexed_at is not None and other.status in ("indexed", "missing"):
                if not os.path.lexists(other.path):
                    return other
        return None

    def _as_copy(self, photo: Photo, info: PhotoInfo, result: IndexResult) -> bool:
        """Whether the file was recorded as a copy of an indexed photo with the same bytes whose file is there (its
        faces are that photo's: no model work, no second set of faces; see ``catalog.copies``)."""
        original = next((other for other in self.catalog.photos_by_hash(info.content_hash)
                         if other.id != photo.id and other.copy_of is None and other.status == "indexed"
                         and other.indexed_at is not None and os.path.lexists(other.path)), None)  # fmt: skip
        if original is None:
            return False
        accepted: list[bool] = []
        if not self._write(photo, result, lambda: accepted.append(self.catalog.mark_copy(photo.id, original.id, info))):
            return True  # gone from the catalog meanwhile, or reported as a storage failure
        if accepted[0]:
            log.info("%s: a copy of %s", display_path(photo.path), display_path(original.path))
            result.unchanged += 1
            result.copies += 1
            if photo.indexed_at is None:  # its sidecar, if another tool wrote one, names the photo's faces
                result.first_indexed.append(photo.id)
        return accepted[0]

    def _write(self, photo: Photo, result: IndexResult, method, *args, **kwargs) -> bool:
        """Run one catalog write; an environment failure is reported for this photo (and counted)."""
        try:
            method(*args, **kwargs)
        except PhotoNotFoundError:  # removed from the catalog meanwhile (e.g. it was a moved copy): nothing to do
            log.debug("%s: no longer in the catalog, result dropped", display_path(photo.path))
            return False
        except StorageError as exc:
            self._storage_failure(photo, exc, result)
            return False
        self._storage_failures = 0
        return True

    def _store_error(self, photo: Photo, message: str, status: str, result: IndexResult) -> None:
        result.errors.append(FileError(photo.path, message))
        log.warning("%s: %s", display_path(photo.path), message)
        self._write(photo, result, self.catalog.record_error, photo.id, message, status=status)

    def _storage_failure(self, photo: Photo, exc: StorageError, result: IndexResult) -> None:
        if isinstance(exc, WalLostError):
            raise exc
        result.errors.append(FileError(photo.path, f"could not store the result: {exc}"))
        log.error("%s: could not store the result: %s", display_path(photo.path), exc)
        try:  # keep it pending (it is retried), with the reason, if the library still takes a small write
            self.catalog.record_error(photo.id, f"could not store the result: {exc}", status="pending")
        except StorageError:
            pass
        self._storage_failures += 1
        if self._storage_failures >= self.options.max_storage_failures:
            raise exc
