"""Indexing on a Dask cluster: the model work of a scan (``photo_reader.analyze_photo``) runs on the cluster's
workers, everything else stays on the user's machine (``faceorganizer scan --cluster tcp://HOST:8786``).

Why this shape: the catalog has one writer, the indexer on the user's machine, which keeps its hash
shortcuts, its storing, its per-file errors, progress and cancel exactly as in a local scan; only the
``Analyzer`` it submits photos to changes. ``DaskAnalyzer`` groups photos into batches of ``batch_size``
(one Dask task each, so the per-task overhead is paid once per batch), keeps at most ``max_batches`` of
them in flight (the indexer's backpressure: ``capacity`` photos), and a collector thread takes finished
batches as they come (``distributed.as_completed``) and completes each photo's Future.

What a worker gets per photo: its path and the content hash read on the user's machine (the worker reads
the file itself: the storage must be shared, at the same path), or with ``send_bytes`` the bytes read on
the user's machine. A worker that reads bytes other than those hashed reports "changed while read"; one
that cannot read the file at all (storage not shared) leaves the photo pending (``AnalyzerError``).

Warm sessions: ``NetsPlugin``, a WorkerPlugin registered once per cluster, holds one ``NetRegistry`` per
worker process (its ONNX sessions loaded at setup), used by every batch that process runs. It also undoes
the Dask nanny's ``MALLOC_TRIM_THRESHOLD_=65536`` for its process (glibc only): that setting turns off glibc's
adaptive mmap threshold, so every large image buffer is mmapped and page-faulted afresh (measured: ~8x the
page faults, ~40% more time per 12 MP photo).
Failures: a worker lost mid-batch (killed, out of memory) makes the scheduler run the batch again on
another worker (up to ``distributed.scheduler.allowed-failures``, default 3); a task that raises is
retried ``retries`` times; past that, or with the scheduler gone, the batch's photos get an
``AnalyzerError`` and stay pending, so a re-run picks them up and nothing is stored twice.

``distributed`` is an optional dependency (``pip install 'faceorganizer[cluster]'``): only this module
imports it, and nothing imports this module but a scan given ``--cluster``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ctypes
import ctypes.util
import logging
import os
import platform
import threading
import time
import uuid
import warnings
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ...nets import NetRegistry
from .indexer import Analysis, AnalysisJob, AnalyzerError
from .media import analyze_media
from .photo_reader import PhotoReadError, ReadFile, read_photo

if TYPE_CHECKING:
    from distributed import Client, Worker
    from distributed import Future as DaskFuture
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
else:
    try:  # the plugin must subclass distributed's WorkerPlugin; without the package it is never registered
        from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
    except ImportError:
        _PluginBase = object

log = logging.getLogger("faceorganizer.library.indexing")

#: How to get the optional dependency; said by every error about it missing.
INSTALL_HINT = "pip install 'faceorganizer[cluster]'"
#: The name NetsPlugin is registered under on the workers.
PLUGIN_NAME = "faceorganizer-nets"
#: The nets a full analysis runs besides its detector.
PIPELINE_NETS = ("face_landmark_68", "face_recognition", "face_expression", "age_gender")

# One photo's outcome, as a worker sends it back (plain tuples: exceptions do not always pickle faithfully):
# ("ok", Analysis) | ("read_error", message, missing) | ("unavailable", message) | ("error", repr of the exception)
Outcome = tuple[Any, ...]


class ClusterError(Exception):
    """The cluster cannot be used at all: ``distributed`` is not installed, the scheduler cannot be reached,
    it has no workers, or its workers cannot run faceorganizer. The message says what to do."""


def require_distributed() -> ModuleType:
    """The ``distributed`` package, imported now; ClusterError naming the extra to install when absent."""
    try:
        import distributed
    except ImportError as exc:
        raise ClusterError(f"indexing on a Dask cluster needs the 'distributed' package: {INSTALL_HINT}") from exc
    return distributed


class NetsPlugin(_PluginBase):
    """Holds one ``NetRegistry`` per worker process, so the ONNX sessions stay loaded between batches.

    ``preload``: registry names (``ssd_mobilenetv1``, ``face_recognition``, ...) whose sessions are created at
    setup, so the first batch does not pay for loading them; the others load on first use and stay too.
    ``tune_malloc``: restore glibc's large-buffer reuse in the worker process (see the module docstring).
    """

    name = PLUGIN_NAME
    #: Registered once: a second scan on the same cluster keeps the loaded nets instead of reloading them.
    idempotent = True

    def __init__(self, preload: Sequence[str] = (), tune_malloc: bool = True) -> None:
        self.preload = tuple(preload)
        self.tune_malloc = tune_malloc
        self.nets: NetRegistry | None = None

    def setup(self, worker: Worker) -> None:
        if self.tune_malloc:
            _restore_malloc_thresholds()
        nets = NetRegistry()
        for net in self.preload:
            getattr(nets, net).session  # noqa: B018 (creating the session is the point)
        self.nets = nets
        log.info("worker %s: faceorganizer nets ready (%s)", worker.address, ", ".join(self.preload) or "lazy")

    def teardown(self, worker: Worker) -> None:
        self.nets = None


#: glibc's mallopt parameters, and the values its adaptive threshold reaches at most on 64-bit.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD, _TRIM_THRESHOLD = 32 << 20, 64 << 20


def _restore_malloc_thresholds() -> bool:
    """When MALLOC_TRIM_THRESHOLD_ is set (a Dask nanny sets it), give glibc back thresholds that let large
    buffers be reused instead of mmapped for every image; True if it did. Anything but glibc: nothing."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        done = libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD) and libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    except (OSError, AttributeError):
        return False
    return bool(done)


def _worker_nets() -> NetRegistry | None:
    """This worker process's registry from NetsPlugin (None: the process-wide one, if the plugin is absent)."""
    from distributed import get_worker

    plugin = get_worker().plugins.get(PLUGIN_NAME)
    return getattr(plugin, "nets", None)


def _read_here(path: str, sent: ReadFile) -> ReadFile:
    """Read ``path`` on this worker and check it is the file hashed on the user's machine."""
    try:
        read = read_photo(path)
    except PhotoReadError as exc:
        raise AnalyzerError(f"a cluster worker cannot read it ({exc.message}); do the workers see the photos "
                            "at the same path? if not, scan with --send-bytes") from exc  # fmt: skip
    if read.info.content_hash != sent.info.content_hash:
        raise PhotoReadError("the file changed while it was being read; it is indexed on the next scan")
    return ReadFile(read.data, sent.info)


def analyze_batch(items: Sequence[tuple[str, ReadFile]], job: AnalysisJob) -> list[Outcome]:
    """The task a worker runs: ``analyze_photo`` on each (path, read) with the worker's warm nets.

    A read without bytes means the worker reads the file itself (shared storage). Each photo's failure
    is its own outcome, so one bad photo does not fail (and re-run) the batch."""
    nets = _worker_nets()
    outcomes: list[Outcome] = []
    for path, read in items:
        try:
            here = read if read.data is not None else _read_here(path, read)
            outcomes.append(
                ("ok", analyze_media(path, here, job.detector_options, job.detector_name, job.max_side, nets))
            )
        except PhotoReadError as exc:
            outcomes.append(("read_error", exc.message, exc.missing))
        except AnalyzerError as exc:
            outcomes.append(("unavailable", str(exc)))
        except Exception as exc:  # a bug: the indexer stores it as the photo's internal error, like a local scan
            log.exception("%s: unexpected error while indexing on a worker", path)
            outcomes.append(("error", repr(exc)))
    return outcomes


class RemoteError(Exception):
    """An unexpected exception raised on a worker, carried back as its repr (so the stored "internal error:
    ..." message reads the same as a local scan's)."""

    def __repr__(self) -> str:
        return str(self.args[0])


def _worker_version() -> str:
    from ... import __version__

    return __version__


@dataclass
class BatchStats:
    """What a DaskAnalyzer did: batches sent and finished, batches that failed as a whole, photos sent, and
    the seconds from sending each batch to its result being here (summed)."""

    sent: int = 0
    finished: int = 0
    failed: int = 0
    photos: int = 0
    seconds: float = 0.0


class DaskAnalyzer:
    """An ``indexer.Analyzer`` that runs the analysis on a Dask cluster's workers, in batches.

    Use ``DaskAnalyzer.connect(address)`` (it owns the client then) or pass a ``distributed.Client``; close it
    (or use it as a context manager) when the scan is done. ``send_bytes``: send the bytes read here
    instead of the path (workers without the photos' storage). ``max_batches`` (default: twice the
    cluster's worker threads, at least 2) bounds the batches in flight; ``retries``: re-runs of a batch
    whose task raised (a lost worker is re-run by the scheduler on its own). With ``send_bytes`` a batch
    is also sent once it holds ``max_batch_bytes`` (the bytes travel in the task, through the scheduler, which
    keeps them until the task is done: so a lost worker's batch can be re-run elsewhere).
    """

    def __init__(
        self,
        client: Client,
        *,
        send_bytes: bool = False,
        batch_size: int = 4,
        max_batches: int | None = None,
        retries: int = 2,
        max_batch_bytes: int = 8 << 20,
        own_client: bool = False,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        distributed = require_distributed()
        self.client = client
        self.send_bytes = send_bytes
        self.batch_size = batch_size
        threads = sum(client.nthreads().values())
        self.max_batches = max_batches if max_batches is not None else max(2, 2 * threads)
        if self.max_batches < 1:
            raise ValueError(f"max_batches must be at least 1, got {self.max_batches}")
        self.retries = retries
        self.max_batch_bytes = max_batch_bytes
        self.stats = BatchStats()
        self._own_client = own_client
        self._lock = threading.Lock()
        self._open: list[tuple[str, ReadFile, Future[Analysis]]] = []
        self._open_bytes = 0
        self._open_job: AnalysisJob | None = None
        self._batches: dict[object, tuple[list[Future[Analysis]], float]] = {}
        self._completed = distributed.as_completed(loop=client.loop)
        self._arrivals = threading.Semaphore(0)  # one release per batch sent (plus one to stop)
        self._closed = False
        self._collector = threading.Thread(target=self._collect, name="faceorganizer-cluster", daemon=True)
        self._collector.start()

    @classmethod
    def connect(
        cls,
        address: str,
        *,
        send_bytes: bool = False,
        batch_size: int = 4,
        max_batches: int | None = None,
        preload: Sequence[str] = ("ssd_mobilenetv1", *PIPELINE_NETS),
        timeout: float = 10.0,
        worker_timeout: float = 30.0,
    ) -> DaskAnalyzer:
        """Connect to the scheduler at ``address`` (giving up after ``timeout`` s), wait ``worker_timeout`` s for
        a worker, check the workers run faceorganizer, and register NetsPlugin (once per cluster: a later scan
        finds the nets warm)."""
        distributed = require_distributed()
        try:
            client = distributed.Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        try:
            _check_workers(client, address, worker_timeout)
            client.register_plugin(NetsPlugin(preload), name=PLUGIN_NAME)
            return cls(client, send_bytes=send_bytes, batch_size=batch_size, max_batches=max_batches, own_client=True)
        except BaseException:
            client.close()
            raise

    @property
    def capacity(self) -> int:
        """Photos the indexer keeps in flight: the batches allowed, full."""
        return self.max_batches * self.batch_size

    def submit(self, path: str, read: ReadFile, job: AnalysisJob) -> Future[Analysis]:
        """Add the photo to the open batch (sent once full, or at ``flush``); the Future gives its analysis."""
        fut: Future[Analysis] = Future()
        payload = read if self.send_bytes and read.data is not None else ReadFile(None, read.info)
        with self._lock:
            if self._closed:
                raise RuntimeError("the DaskAnalyzer is closed")
            if self._open_job is not None and job != self._open_job:
                self._send_locked()
            self._open_job = job
            self._open.append((path, payload, fut))
            self._open_bytes += len(payload.data or b"")
            if len(self._open) >= self.batch_size or self._open_bytes >= self.max_batch_bytes:
                self._send_locked()
        return fut

    def flush(self) -> None:
        """Send the open batch now, however small (the indexer has nothing more to add for now)."""
        with self._lock:
            if self._open and not self._closed:
                self._send_locked()

    def _send_locked(self) -> None:
        items, self._open = self._open, []
        job, self._open_job = self._open_job, None
        self._open_bytes = 0
        if not items or job is None:
            return
        key = f"faceorganizer-analyze-{uuid.uuid4().hex}"
        batch = [(path, read) for path, read, _ in items]
        try:
            with warnings.catch_warnings():  # one photo over 10 MB sent whole is no "large graph" to fix
                warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
                dask_future = self.client.submit(analyze_batch, batch, job, key=key, pure=False, retries=self.retries)
        except Exception as exc:  # the client is closed or the scheduler gone: these photos stay pending
            for _, _, fut in items:
                _fail(fut, AnalyzerError(f"could not send it to the cluster: {exc}"))
            return
        self._batches[dask_future.key] = ([fut for _, _, fut in items], time.perf_counter())
        self.stats.sent += 1
        self.stats.photos += len(items)
        self._completed.add(dask_future)
        self._arrivals.release()

    def _collect(self) -> None:
        """The collector thread: takes each batch as it finishes and completes its photos' Futures."""
        while True:
            self._arrivals.acquire()
            if self._closed:
                return
            try:
                dask_future = next(self._completed)
            except StopIteration:  # (cannot happen: one release per batch added)
                continue
            self._deliver(dask_future)

    def _deliver(self, dask_future: DaskFuture) -> None:
        with self._lock:
            futures, sent_at = self._batches.pop(dask_future.key, ([], 0.0))
        try:
            outcomes = dask_future.result()
        except (Exception, asyncio.CancelledError, concurrent.futures.CancelledError) as exc:
            self.stats.failed += 1
            log.warning("a batch of %d photos failed on the cluster: %r", len(futures), exc)
            for fut in futures:
                _fail(fut, AnalyzerError(f"the cluster could not analyse it: {exc!r}"))
            return
        finally:
            dask_future.release()
        self.stats.finished += 1
        self.stats.seconds += time.perf_counter() - sent_at
        for fut, outcome in zip(futures, outcomes):
            kind = outcome[0]
            if kind == "ok":
                if fut.set_running_or_notify_cancel():
                    fut.set_result(outcome[1])
            elif kind == "read_error":
                _fail(fut, PhotoReadError(outcome[1], missing=outcome[2]))
            elif kind == "unavailable":
                _fail(fut, AnalyzerError(outcome[1]))
            else:
                _fail(fut, RemoteError(outcome[1]))

    def close(self) -> None:
        """Cancel what is still in flight (those photos stay pending), stop the collector, close an owned client."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            open_items, self._open = self._open, []
            batches = list(self._batches.values())
            self._batches.clear()
        for _, _, fut in open_items:
            fut.cancel()
        for futures, _ in batches:
            for fut in futures:
                fut.cancel()
        self._arrivals.release()
        try:
            self._completed.clear()
        except Exception:  # the client may already be gone
            log.debug("clearing the cluster's futures failed", exc_info=True)
        self._collector.join(5)
        if self._own_client:
            self.client.close()

    def __enter__(self) -> DaskAnalyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _fail(fut: Future[Analysis], exc: BaseException) -> None:
    """Complete ``fut`` with ``exc`` unless the indexer cancelled it meanwhile."""
    if fut.set_running_or_notify_cancel():
        fut.set_exception(exc)


def _check_workers(client: Client, address: str, timeout: float) -> None:
    """ClusterError unless a worker joins within ``timeout`` s and every worker can run faceorganizer."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (TimeoutError, OSError) as exc:
        raise ClusterError(
            f"the Dask scheduler at {address} has no workers (start some: dask worker {address})"
        ) from exc
    try:
        versions = client.run(_worker_version)
    except Exception as exc:
        raise ClusterError(
            f"the workers of {address} cannot run faceorganizer ({exc!r}): install it on every worker, "
            f"with the same version as here ({_worker_version()})"
        ) from exc
    mine = _worker_version()
    others = sorted({v for v in versions.values() if v != mine})
    if others:
        log.warning("cluster workers run faceorganizer %s, this machine %s: results may differ", others, mine)
