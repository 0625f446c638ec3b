"""Folder watching while the app runs: the library's folders are re-indexed as files change.

Wraps library.watcher.FolderWatcher (watchdog, debounced, on its own thread); each indexed batch is
re-emitted on the UI thread as a Qt signal so the views reload, and folders added to the library
are watched once their first scan is done. XMP sidecars another tool changed are imported by the watcher
(``sidecars_imported``); a face a sidecar names otherwise than the user did is told in the status bar
(``sidecar_message``), and listed in the Sidecar conflicts dialog (people.conflicts_dialog).
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, Signal

from ..library.indexing import FolderWatcher
from ..library.metadata.exchange import ImportSummary
from .i18n import Texts

Sidecars = Texts("Sidecars")

log = logging.getLogger("faceorganizer.gui.watching")


class WatchController(QObject):
    """Starts/stops the watcher; ``batch_indexed`` fires on the UI thread after each batch of changes."""

    batch_indexed = Signal(object)
    sidecars_imported = Signal(object)  # a metadata ImportSummary, after changed sidecars were imported

    def __init__(self, library_path: str | os.PathLike[str], options=None, nets=None) -> None:
        super().__init__()
        self._watcher = FolderWatcher(
            library_path, options, on_batch=self.batch_indexed.emit, on_sidecars=self.sidecars_imported.emit, nets=nets
        )
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

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching (the window is going): a batch being analysed is still stored, its reports go to no one
        (this controller may be gone before it ends, if the wait of at most ``timeout`` seconds gives up)."""
        if self._started:
            self._watcher.on_batch = self._watcher.on_sidecars = None
            self._watcher.stop(timeout)
            self._started = False


def sidecar_message(summary: ImportSummary) -> str | None:
    """The status bar's words for a sidecar import (``ImportSummary``): its first conflict (a face the sidecar
    names otherwise than the user did: the user's name is kept) and, when there are more, how many in all (the
    status bar's "Sidecar conflicts" button lists them); else that names came in; None when nothing changed."""
    if summary.conflict_list:
        first, n = summary.conflict_list[0], len(summary.conflict_list)
        if n == 1:
            text = Sidecars.tr(
                "{file}: its XMP sidecar names a face \u201c{there}\u201d that you named \u201c{here}\u201d; "
                "your name is kept"
            )
        else:
            text = Sidecars.tr(
                "{file}: its XMP sidecar names a face \u201c{there}\u201d that you named \u201c{here}\u201d; "
                "your name is kept (%n conflict(s) in all)",
                "",
                n,
            )
        return text.format(file=os.path.basename(first.path), there=first.in_sidecar, here=first.here or "")
    if summary.matched or summary.created:
        return Sidecars.tr("Names read from XMP sidecars another program changed")
    return None
