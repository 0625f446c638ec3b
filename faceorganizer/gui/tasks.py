"""Work off the UI thread, Picard-style: ``run_task(func, on_done)`` runs ``func`` on a QThreadPool and
calls ``on_done(result, error)`` back on the UI thread (through a queued Qt signal).

Two pools: a bounded one for reads and image work, and a single-thread one for catalog writes (so
writes happen in the order the user made them and never contend with each other). Cancellation is
cooperative: a cancelled task is skipped if it has not started, and its ``on_done`` is not called
if it finishes anyway. ``shutdown()`` cancels what is queued and waits for what runs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("faceorganizer.gui.tasks")

Done = Callable[[Any, BaseException | None], object]


class Task:
    """A handle on a submitted task: ``cancel()`` it, or read ``cancelled`` inside long work."""

    def __init__(self, func: Callable[[], Any], on_done: Done | None, write: bool = False) -> None:
        self.func = func
        self.on_done = on_done
        self.write = write
        self._cancel = threading.Event()
        self.finished = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Bridge(QObject):
    """Lives on the UI thread; a signal emitted from a worker is delivered here by Qt's event loop."""

    done = Signal(object, object, object)  # task, result, error

    def __init__(self) -> None:
        super().__init__()
        self.done.connect(self._deliver)

    @staticmethod
    def _deliver(task: Task, result: Any, error: BaseException | None) -> None:
        if task.cancelled or task.on_done is None:  # checked again before the result is applied
            return
        try:
            task.on_done(result, error)
        except Exception:  # a failing callback must not take the event loop down
            log.exception("task callback failed")


class _Runnable(QRunnable):
    def __init__(self, task: Task, bridge: _Bridge) -> None:
        super().__init__()
        self.task = task
        self.bridge = bridge
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self.task
        result: Any = None
        error: BaseException | None = None
        if not task.cancelled:  # checked before the work starts
            try:
                result = task.func()
            except BaseException as exc:  # handed to on_done on the UI thread
                log.debug("task failed", exc_info=True)
                error = exc
        task.finished.set()
        if task.cancelled:
            return
        try:
            self.bridge.done.emit(task, result, error)
        except RuntimeError:  # the app quit while this ran (shutdown gave up waiting): no one is left to tell
            log.debug("task finished after its runner was gone")


class TaskRunner:
    """The app's thread pools. Create it on the UI thread (callbacks are delivered there)."""

    def __init__(self, workers: int = 2) -> None:
        self._bridge = _Bridge()
        self.work = QThreadPool()
        self.work.setMaxThreadCount(max(1, workers))
        self.write = QThreadPool()
        self.write.setMaxThreadCount(1)
        self._tasks: set[Task] = set()
        self._lock = threading.Lock()

    def run_task(self, func: Callable[[], Any], on_done: Done | None = None, *, write: bool = False) -> Task:
        """Run ``func()`` on the work pool (``write=True``: the single catalog-write thread); ``on_done(result,
        error)`` follows on the UI thread."""
        task = Task(func, on_done, write)
        with self._lock:
            self._tasks = {t for t in self._tasks if not t.finished.is_set()}
            self._tasks.add(task)
        (self.write if write else self.work).start(_Runnable(task, self._bridge))
        return task

    def wait(self, timeout_ms: int = -1) -> bool:
        """Wait for every submitted task (both pools); False if ``timeout_ms`` passed first."""
        return self.work.waitForDone(timeout_ms) and self.write.waitForDone(timeout_ms)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel what has not started and wait for the rest; writes already queued still run (the
        user's decisions are not dropped), their callbacks do not."""
        with self._lock:
            for task in self._tasks:
                if task.write:
                    task.on_done = None
                else:
                    task.cancel()
            self._tasks.clear()
        self.work.clear()
        return self.wait(timeout_ms)
