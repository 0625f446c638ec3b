"""Indexing from the app: ``ScanController`` runs a BackgroundScan and re-emits its progress and end as Qt
signals (delivered on the UI thread), with pause/resume/cancel; ``ScanStatus`` shows it in the status bar."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ..library.catalog import display_path
from ..library.indexing import BackgroundScan, IndexOptions, Progress, ScanSummary
from ..library.people import AssignmentParams


class ScanController(QObject):
    """One scan at a time. Pause holds the scan at its next progress report (photos in flight finish)."""

    progress = Signal(object)  # Progress
    finished = Signal(object, object)  # ScanSummary | None, BaseException | None
    started = Signal()

    def __init__(self, library_path: str | os.PathLike[str], options: IndexOptions | None = None, nets=None) -> None:
        super().__init__()
        self.library_path = library_path
        self.options = options
        self.nets = nets
        self.assignment: AssignmentParams | None = None  # thresholds for matching new faces (settings)
        self.job: BackgroundScan | None = None
        self._running = threading.Event()
        self._running.set()
        self.finished.connect(self._ended)

    @property
    def busy(self) -> bool:
        return self.job is not None

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def start(self, folders: Sequence[str] = ()) -> bool:
        """Scan ``folders`` (all the library's when empty); False if a scan is already running."""
        if self.job is not None:
            return False
        self._running.set()
        self.job = BackgroundScan(self.library_path, folders, self.options, progress=self._report,
                                  on_done=self.finished.emit, nets=self.nets, assignment=self.assignment)  # fmt: skip
        self.job.start()
        self.started.emit()
        return True

    def _report(self, p: Progress) -> None:  # on the scan's thread
        self.progress.emit(p)
        self._running.wait()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
        self._running.set()

    def wait(self, timeout: float | None = None) -> None:
        """Stop and join the scan (at shutdown): what it stored stays, matched and clustered; it reports to no one
        (the window and this controller are going away: a signal from the scan's thread would find them gone)."""
        if self.job is not None:
            self.job.on_done = None
            self.cancel()
            self.job._thread.join(timeout)

    def _ended(self, summary: ScanSummary | None, error: BaseException | None) -> None:
        self.job = None


class ScanStatus(QWidget):
    """Status-bar part: "Indexing 12/40 · 31 faces · 1 error · file", a progress bar, pause and cancel."""

    def __init__(self, controller: ScanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.label = QLabel("Ready")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(200)
        self.pause_button = QPushButton("Pause")
        self.cancel_button = QPushButton("Cancel")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button.clicked.connect(controller.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.label, self.bar, self.pause_button, self.cancel_button):
            layout.addWidget(w)
        controller.started.connect(lambda: self._set_busy(True))
        controller.progress.connect(self.show_progress)
        controller.finished.connect(self.show_finished)
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        for w in (self.bar, self.pause_button, self.cancel_button):
            w.setVisible(busy)
        if busy:
            self.label.setText("Looking for photos…")
            self.bar.setRange(0, 0)
            self.pause_button.setText("Pause")

    def toggle_pause(self) -> None:
        if self.controller.paused:
            self.controller.resume()
            self.pause_button.setText("Pause")
        else:
            self.controller.pause()
            self.pause_button.setText("Resume")

    def show_progress(self, p: Progress) -> None:
        if p.phase == "scanning":
            self.label.setText(f"Looking for photos: {p.done} found")
            return
        self.bar.setRange(0, max(p.total, 1))
        self.bar.setValue(p.done)
        errors = f" · {p.errors} error{'s' if p.errors != 1 else ''}" if p.errors else ""
        name = os.path.basename(display_path(p.path or ""))
        self.label.setText(f"Indexing {p.done}/{p.total} · {p.faces} faces{errors} · {name}")

    def show_finished(self, summary: ScanSummary | None, error: BaseException | None) -> None:
        self._set_busy(False)
        if error is not None:
            self.label.setText(f"Indexing stopped: {error}")
        elif summary is not None:
            state = "Indexing cancelled" if summary.cancelled else "Indexed"
            errors = f", {len(summary.errors)} errors" if summary.errors else ""
            self.label.setText(f"{state}: {summary.indexed} photos, {summary.faces} faces{errors}")
