"""Folder watching while the app runs: the library's folders are re-indexed as files change.

Wraps library.watcher.FolderWatcher (watchdog, debounced, on its own thread); each indexed batch is
re-emitted on the UI thread as a Qt signal so the views reload, and folders added to the library
are watched once their first scan is done.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, Signal

from ..library.indexing import FolderWatcher

log = logging.getLogger("faceorganizer.gui.watching")


class WatchController(QObject):
    """Starts/stops the watcher; ``batch_indexed`` fires on the UI thread after each batch of changes."""

    batch_indexed = Signal(object)

    def __init__(self, library_path: str | os.PathLike[str], options=None, nets=None) -> None:
        super().__init__()
        self._watcher = FolderWatcher(library_path, options, on_batch=self.batch_indexed.emit, nets=nets)
        self._watched: set[str] = set()
        self._started = False

    def ensure(self, roots: list[str]) -> None:
        """Watch every folder of ``roots`` (the library's folders); the first call starts the watcher."""
        if not self._started:
            self._watcher.start([])
            self._started = True
        for root in roots:
            if root not in self._watched and self._watcher.watch(root):
                self._watched.add(root)

    @property
    def watched(self) -> frozenset[str]:
        return frozenset(self._watched)

    def stop(self) -> None:
        if self._started:
            self._watcher.stop()
            self._started = False
