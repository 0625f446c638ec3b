"""Indexing from the app: ``ScanController`` runs a BackgroundScan and re-emits its progress and end as Qt
signals (delivered on the UI thread), with pause/resume/cancel; ``ScanStatus`` shows it in the status bar, with
the library's counts kept current (also after the folder watcher indexes photos) and the files that failed,
listed by ``ErrorsDialog`` with a Retry button."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..library.catalog import LibraryStats, display_path
from ..library.indexing import BackgroundScan, IndexOptions, Progress, ScanSummary
from ..library.people import AssignmentParams
from .i18n import Texts
from .services import LibraryService, Reloads

ScanTexts = Texts("ScanTexts")  # the texts of this module's functions
#: Seconds of indexing before a speed and a time left are shown (the first photos include loading the networks).
RATE_AFTER = 2.0


def time_left(seconds: float) -> str:
    """A rough time left, as a person would say it: "less than a minute left", "about 5 min left"."""
    if seconds < 60:
        return ScanTexts.tr("less than a minute left")
    minutes = round(seconds / 60)
    if minutes < 60:
        return ScanTexts.tr("about %n min left", "", minutes)
    return ScanTexts.tr("about {hours} h {minutes} min left").format(hours=minutes // 60, minutes=minutes % 60)


def error_photos(lib: LibraryService) -> list[tuple[str, str]]:
    """(path, reason) of each photo that could not be indexed (``photos.status = 'error'``, the reason in
    ``photos.error``); blocking: run it through ``LibraryService.read``."""
    unknown = ScanTexts.tr("unknown error")
    with lib.reader() as cat:
        return [(display_path(p.path), p.error or unknown) for p in cat.photos(status="error")]


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
        self._detached = False  # set by wait(): the scan's thread reports to no one from then on
        self.finished.connect(self._ended)

    @property
    def busy(self) -> bool:
        return self.job is not None

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def start(self, folders: Sequence[str] = (), retry_errors: bool = False) -> bool:
        """Scan ``folders`` (all the library's when empty); False if a scan is already running. ``retry_errors``:
        index again the photos that failed before, also those unchanged since (the errors list's Retry)."""
        if self.job is not None:
            return False
        self._running.set()
        self.job = BackgroundScan(self.library_path, folders, self.options, progress=self._report,
                                  on_done=self.finished.emit, nets=self.nets, assignment=self.assignment,
                                  retry_errors=retry_errors)  # fmt: skip
        self.job.start()
        self.started.emit()
        return True

    def _report(self, p: Progress) -> None:  # on the scan's thread
        if self._detached:  # the app is quitting: this controller may be gone before the scan stops
            return
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
        self._detached = True
        if self.job is not None:
            self.job.on_done = None
            self.cancel()
            self.job._thread.join(timeout)

    def _ended(self, summary: ScanSummary | None, error: BaseException | None) -> None:
        self.job = None


class ErrorsDialog(QDialog):
    """The files that could not be indexed, each with the reason; Retry scans again, retrying them."""

    def __init__(self, errors: list[tuple[str, str]], controller: ScanController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(self.tr("Files that could not be indexed"))
        self.list = QTreeWidget()
        self.list.setHeaderLabels([self.tr("File"), self.tr("Problem")])
        self.list.setRootIsDecorated(False)
        for path, error in errors:
            item = QTreeWidgetItem([path, error])
            item.setToolTip(0, path)
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.retry_button = buttons.addButton(self.tr("Retry"), QDialogButtonBox.ButtonRole.ActionRole)
        self.retry_button.setToolTip(self.tr("Scan the folders again, trying these files once more"))
        self.retry_button.setEnabled(bool(errors) and not controller.busy)
        self.retry_button.clicked.connect(self.retry)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("%n file(s) could not be indexed:", "", len(errors))))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def rows(self) -> list[tuple[str, str]]:
        """What the list shows: (path, problem) per file."""
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [(it.text(0), it.text(1)) for it in items if it is not None]

    def retry(self) -> None:
        """Scan all the library's folders, indexing the failed files again; the dialog closes."""
        self.controller.start(retry_errors=True)
        self.accept()


class ScanStatus(QWidget):
    """Status-bar part: "Indexing 12/40 · 3.1 photos/s · about 1 min left · 31 faces · 1 error · file", a progress
    bar, pause and cancel; when idle, the latest event and the library's counts ("Indexed 3 new photos · 45 photos,
    63 faces"), re-read after each change (``library.changed``: writes, scans, the folder watcher's batches),
    and an "N errors" button listing the files that failed. ``errors_shown`` when that list opens."""

    errors_shown = Signal()

    def __init__(
        self, controller: ScanController, library: LibraryService | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.library = library
        self.clock: Callable[[], float] = time.monotonic  # tests move time by hand
        self.label = QLabel(self.tr("Ready"))
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(200)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.errors_button = QPushButton()
        self.errors_button.setToolTip(self.tr("The files that could not be indexed, and a way to try them again"))
        self.errors_button.setVisible(False)
        self.errors_dialog: ErrorsDialog | None = None
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button.clicked.connect(controller.cancel)
        self.errors_button.clicked.connect(self.show_errors)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.label, self.bar, self.pause_button, self.cancel_button, self.errors_button):
            layout.addWidget(w)
        self.latest = ""  # the latest thing that happened, shown before the library's counts when idle
        self.totals = ""  # "45 photos, 63 faces"
        self._photos: int | None = None  # the library's photo count at the last reading (None: not read yet)
        self._indexing_start: tuple[float, int] | None = None  # (clock, done) at the scan's first indexing report
        self._reloads = Reloads()
        controller.started.connect(lambda: self._set_busy(True))
        controller.progress.connect(self.show_progress)
        controller.finished.connect(self.show_finished)
        self._set_busy(False)
        if library is not None:  # the owner calls refresh_library() for the first reading, once it has read its own
            library.changed.connect(self.refresh_library)

    def _set_busy(self, busy: bool) -> None:
        for w in (self.bar, self.pause_button, self.cancel_button):
            w.setVisible(busy)
        if busy:
            self.label.setText(self.tr("Looking for photos…"))
            self.bar.setRange(0, 0)
            self.pause_button.setText(self.tr("Pause"))
            self._indexing_start = None

    def toggle_pause(self) -> None:
        if self.controller.paused:
            self.controller.resume()
            self.pause_button.setText(self.tr("Pause"))
        else:
            self.controller.pause()
            self.pause_button.setText(self.tr("Resume"))

    def _speed(self, p: Progress) -> str:
        """The speed and time left, " · 2.5 photos/s · about 3 min left", once indexing has run a little."""
        now = self.clock()
        if self._indexing_start is None:
            self._indexing_start = (now, p.done)
            return ""
        since, done_then = self._indexing_start
        elapsed, done = now - since, p.done - done_then
        if elapsed < RATE_AFTER or done <= 0:
            return ""
        rate = done / elapsed
        speed = self.tr("{rate} photos/s").format(rate=f"{rate:.1f}")
        return f" · {speed} · {time_left(max(p.total - p.done, 0) / rate)}"

    def show_progress(self, p: Progress) -> None:
        if p.phase == "scanning":
            self.label.setText(self.tr("Looking for photos: {count} found").format(count=p.done))
            return
        self.bar.setRange(0, max(p.total, 1))
        self.bar.setValue(p.done)
        errors = [self.tr("%n error(s)", "", p.errors)] if p.errors else []
        name = os.path.basename(display_path(p.path or ""))
        indexing = self.tr("Indexing {done}/{total}").format(done=p.done, total=p.total) + self._speed(p)
        self.label.setText(" · ".join([indexing, self.tr("%n face(s)", "", p.faces), *errors, name]))

    def show_finished(self, summary: ScanSummary | None, error: BaseException | None) -> None:
        self._set_busy(False)
        if error is not None:
            self.latest = self.tr("Indexing stopped: {error}").format(error=error)
        elif summary is not None:
            counts = [self.tr("%n photo(s)", "", summary.indexed), self.tr("%n face(s)", "", summary.faces)]
            if summary.errors:
                counts.append(self.tr("%n error(s)", "", len(summary.errors)))
            state = self.tr("Indexing cancelled: {counts}") if summary.cancelled else self.tr("Indexed: {counts}")
            self.latest = state.format(counts=", ".join(counts))
        self._photos = None  # the scan's photos are told in its summary, not again as "new photos"
        self._show_idle()

    def _show_idle(self) -> None:
        if not self.controller.busy:
            self.label.setText(" · ".join(part for part in (self.latest, self.totals) if part) or self.tr("Ready"))

    # -- the library's counts and errors ---------------------------------------------------------------

    def refresh_library(self) -> None:
        """Re-read the library's counts off the UI thread (after a change: a write, a scan, a watcher batch)."""
        if self.library is not None:
            self.library.read(lambda lib: lib.stats(), self._reloads(self._stats_read))

    def _stats_read(self, stats: LibraryStats | None, error: BaseException | None) -> None:
        if error is not None or stats is None:
            return
        if self._photos is not None and stats.photos > self._photos and not self.controller.busy:
            self.latest = self.tr("Indexed %n new photo(s)", "", stats.photos - self._photos)  # by the folder watcher
        self._photos = stats.photos
        self.totals = ", ".join([self.tr("%n photo(s)", "", stats.photos), self.tr("%n face(s)", "", stats.faces)])
        self.errors_button.setText(self.tr("%n error(s)", "", stats.errors))
        self.errors_button.setVisible(stats.errors > 0)
        self._show_idle()

    def show_errors(self) -> None:
        """Open the list of the files that failed (read off the UI thread)."""
        if self.library is not None:
            self.library.read(error_photos, self._errors_read)

    def _errors_read(self, errors: list[tuple[str, str]] | None, error: BaseException | None) -> None:
        if self.errors_dialog is not None:
            self.errors_dialog.close()
        self.errors_dialog = ErrorsDialog(errors or [], self.controller, self)
        self.errors_dialog.show()
        self.errors_shown.emit()
