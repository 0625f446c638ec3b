"""The main window: a sidebar (People, All photos, Unnamed faces, the library's folders with add/remove),
the views in a stack, a first-run page saying what to do, and indexing progress in the status bar. The File
menu also does what the command line does to a whole library: open another library, and read / write
people's names in XMP for other tools."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..library.catalog import Catalog, CatalogError, Root, display_path
from ..library.metadata.exchange import ExportSummary, ImportSummary, MetadataError
from .about import show_about
from .actions import install_menus, shortcut
from .camera import CameraWindow
from .i18n import QT_TRANSLATE_NOOP, Texts
from .people import (
    ConflictsButton,
    ConflictsDialog,
    PeopleModel,
    PeopleView,
    PersonView,
    ReviewView,
    UndoBar,
    UnnamedView,
)
from .photos import FiltersView, PhotoBrowser, PhotoView, ThumbnailStore
from .scan_status import ScanController, ScanStatus
from .services import LibraryService, Reloads
from .settings import Settings, SettingsDialog, restore_window, save_window
from .settings.theme import set_icon

WELCOME = QT_TRANSLATE_NOOP("MainWindow", "<h2>Welcome to faceorganizer</h2><p>Add a folder of photos to begin: "
                            "click <b>Add folder…</b> on the left. Faces are found in the background; you can "
                            "name people as soon as they appear.</p>")  # fmt: skip
PAGES = (
    QT_TRANSLATE_NOOP("MainWindow", "People"),
    QT_TRANSLATE_NOOP("MainWindow", "All photos"),
    QT_TRANSLATE_NOOP("MainWindow", "Unnamed faces"),
    QT_TRANSLATE_NOOP("MainWindow", "Find photos"),
    QT_TRANSLATE_NOOP("MainWindow", "Review"),
)
ROOT_ROLE = Qt.ItemDataRole.UserRole + 1
MainWindowTexts = Texts("MainWindowTexts")  # the texts of this module's functions (XMP summaries, library problems)
LIBRARY_FILTER = QT_TRANSLATE_NOOP("MainWindow", "faceorganizer library (*.sqlite);;All files (*)")
EXPORT_QUESTION = QT_TRANSLATE_NOOP("MainWindow", "Write people's names to XMP sidecar files next to your photos "
                                    "(photo.jpg.xmp, next to photo.jpg), where digiKam, Lightroom and other tools "
                                    "read them?\n\nYour photos themselves are never modified.")  # fmt: skip
#: At most this many photos' errors are listed in the message box (the rest are counted).
MAX_LISTED_ERRORS = 20


def pictures_folder() -> str:
    """Where the folder dialog starts: the user's Pictures folder when it exists, else the home folder."""
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return pictures if pictures and Path(pictures).is_dir() else str(Path.home())


def library_problem(path: str) -> str | None:
    """Why the file at ``path`` cannot be opened as a library (empty, not one, another program's SQLite file,
    made by a newer faceorganizer, unreadable), or None. Opens it read-only: it is neither created nor changed.
    A library of an older faceorganizer is fine (read-only, the catalog refuses it as needing an upgrade; the
    window's own open upgrades it, as at start)."""
    try:
        if os.path.getsize(path) == 0:
            return MainWindowTexts.tr("the file is empty")
        Catalog.open(path, read_only=True).close()
    except (CatalogError, OSError) as exc:  # LibraryVersionError is a CatalogError
        if type(exc) is CatalogError and "needs an upgrade" in str(exc) and "schema 0.0 " not in str(exc):
            return None  # an older library (0.0: an SQLite file with nothing in it)
        return str(exc) or type(exc).__name__
    return None


def import_message(summary: ImportSummary) -> str:
    """The status bar's words for what File > Import names from XMP did."""
    if not summary.photos and not summary.errors:
        return MainWindowTexts.tr("Read names from XMP: no photo has names tagged in XMP")
    faces = MainWindowTexts.tr("%n face(s)", "", summary.matched + summary.created)
    parts = [MainWindowTexts.tr("{faces} named in %n photo(s)", "", summary.photos).format(faces=faces)]
    if summary.named:
        parts.append(MainWindowTexts.tr("%n new person(s)", "", summary.named))
    if summary.unchanged:
        parts.append(MainWindowTexts.tr("%n named already", "", summary.unchanged))
    if kept := summary.rejected + summary.conflicts:
        parts.append(MainWindowTexts.tr("%n left as you decided", "", kept))
    if summary.errors:
        parts.append(MainWindowTexts.tr("%n error(s)", "", len(summary.errors)))
    return MainWindowTexts.tr("Read names from XMP: {parts}").format(parts=", ".join(parts))


def export_message(summary: ExportSummary) -> str:
    """The status bar's words for what File > Export names to XMP did."""
    parts = [MainWindowTexts.tr("Wrote %n XMP sidecar(s)", "", summary.written)]
    if summary.skipped:
        parts.append(MainWindowTexts.tr("%n photo(s) with no names to write", "", summary.skipped))
    if summary.errors:
        parts.append(MainWindowTexts.tr("%n error(s)", "", len(summary.errors)))
    return ", ".join(parts)


def errors_text(errors: list[MetadataError]) -> str:
    """One line per photo, "path: reason", the first ``MAX_LISTED_ERRORS`` of them."""
    lines = [f"{display_path(e.path)}: {e.error}" for e in errors[:MAX_LISTED_ERRORS]]
    if len(errors) > MAX_LISTED_ERRORS:
        lines.append(MainWindowTexts.tr("… and %n more", "", len(errors) - MAX_LISTED_ERRORS))
    return "\n".join(lines)


class MainWindow(QMainWindow):
    """The app's window on one library. ``library_chosen`` (a library file's path) asks for the app to be
    reopened on another library (app.build_window connects it); ``closed`` fires as the window closes."""

    library_chosen = Signal(str)
    closed = Signal()

    def __init__(self, library: LibraryService, scans: ScanController) -> None:
        super().__init__()
        self.library, self.scans = library, scans
        self._reloads = Reloads()  # of the folders and photo list
        self.setWindowTitle(self.tr("faceorganizer — {name}").format(name=library.path.name))
        self.people_model = PeopleModel(library)
        self.people_view = PeopleView(self.people_model)
        self.photo_view = PhotoView(library)
        self.unnamed_view = UnnamedView(library, self.people_model.cache)
        self.welcome = QLabel(self.tr(WELCOME), alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.stack = QStackedWidget()
        self.browser = PhotoBrowser(library, ThumbnailStore())  # "All photos"
        self.browser.photo_activated.connect(self.open_photo_in)
        self.photo_view.back.connect(self._back_from_photo)
        self._photo_from: QWidget | None = None  # the page a photo was opened from
        for page in (self.welcome, self.people_view, self.browser, self.photo_view, self.unnamed_view):
            self.stack.addWidget(page)
        self.nav = QListWidget()
        self.nav.addItems([self.tr(page) for page in PAGES])
        for row, name in enumerate(("people", "photos", "unnamed", "find", "review")):
            set_icon(self.nav.item(row), name)
        self.nav.currentRowChanged.connect(self.show_page)
        self.folders = QListWidget()
        self.add_button = QPushButton(self.tr("Add folder…"))
        self.remove_button = QPushButton(self.tr("Remove folder"))
        self.add_button.clicked.connect(self.choose_folder)
        self.remove_button.clicked.connect(self.remove_selected_folder)
        self.remove_button.setEnabled(False)  # until a folder is selected
        self.folders.itemSelectionChanged.connect(self._update_remove_button)
        side = QWidget()
        column = QVBoxLayout(side)
        column.addWidget(self.nav)
        column.addWidget(QLabel(self.tr("<b>Folders</b>")))
        for w in (self.folders, self.add_button, self.remove_button):
            column.addWidget(w)
        split = QSplitter()
        split.addWidget(side)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 1060])
        self.setCentralWidget(split)
        self.undo_bar = UndoBar(library)
        self.undo_bar.message.connect(lambda text: self.statusBar().showMessage(text, 8_000))
        library.changed.connect(self.undo_bar.refresh)
        # the faces XMP sidecars name otherwise than the user did, from every import (watcher's, File menu's)
        self.conflicts_dialog = ConflictsDialog(library, self.people_model.cache, self)
        self.conflicts_button = ConflictsButton(self.conflicts_dialog)
        self.statusBar().addPermanentWidget(self.conflicts_button)
        self.statusBar().addPermanentWidget(self.undo_bar)
        self.scan_status = ScanStatus(scans, library)
        # no stretch: the space left of the permanent widgets is where status messages show (Qt draws them
        # left of the first one; stretched across the bar, it left them no room)
        self.statusBar().addPermanentWidget(self.scan_status)
        self.person_view = PersonView(library, self.people_model.cache, self._people_items)
        self.stack.addWidget(self.person_view)
        self.people_view.person_activated.connect(self.open_person)
        self.person_view.back.connect(lambda: self.stack.setCurrentWidget(self.people_view))
        self.person_view.photo_requested.connect(self._open_from_person)
        library.changed.connect(self.refresh)
        scans.finished.connect(lambda *_: library.changed.emit())
        scans.progress.connect(self._maybe_refresh)
        self._indexed_seen = 0
        shortcut(self.nav, "Ctrl+1", lambda: self.nav.setCurrentRow(0))
        shortcut(self.nav, "Ctrl+2", lambda: self.nav.setCurrentRow(1))
        self.about_action = (
            self.menuBar()
            .addMenu(self.tr("&Help"))
            .addAction(self.tr("&About faceorganizer"), lambda: show_about(self))
        )
        self.about_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.filters_view = FiltersView(library)  # "Find photos"
        self.stack.addWidget(self.filters_view)
        self.filters_view.photo_activated.connect(
            lambda pid: self.open_photo_in(pid, self.filters_view.model.photo_ids(), self.tr("Find photos"))
        )
        self.review_view = ReviewView(library, self.people_model.cache)
        self.review_view.answered.connect(lambda text: self.statusBar().showMessage(text, 4_000))
        self.stack.addWidget(self.review_view)
        self.settings = Settings.load()
        self.apply_settings(self.settings)
        self.shortcut_actions = install_menus(
            self,
            {
                "open_library": self.choose_library,
                "add_folder": self.choose_folder,
                "rescan": self.rescan_folders,
                "import_xmp": self.import_names_from_xmp,
                "export_xmp": self.export_names_to_xmp,
                "camera": self.open_camera,
                "open_video": self.open_video,
                "quit": self.close,
                "undo": self.undo_bar.undo,
                "redo": self.undo_bar.redo,
                "find": self.focus_people_search,
                "rename": self.rename_current_person,
                "hide": self.hide_selected_people,
                "settings": self.edit_settings,
                "review": self.open_review,
            },
        )
        self._camera: CameraWindow | None = None
        self.remember_geometry = True  # off for offscreen screenshots
        self.geometry_restored = restore_window(self)
        self.has_roots = False
        self.refreshed = False  # folders and photo list read at least once
        self.refresh()
        self.people_model.reload()
        self.scan_status.refresh_library()  # the library's counts, after what the window needs first

    def refresh(self) -> None:
        """Reload folders (and with them the first-run page) and the photo list from the library."""
        self.library.read(lambda lib: (lib.roots(), lib.photo_ids()), self._reloads(self._refreshed))

    def _refreshed(self, result: tuple[list[Root], list[int]] | None, error: BaseException | None) -> None:
        if error is not None or result is None:
            self.statusBar().showMessage(self.tr("Cannot read the library: {error}").format(error=error))
            return
        roots, photo_ids = result
        self.refreshed = True
        self.folders.clear()
        for root in roots:
            item = QListWidgetItem(root.path)
            item.setData(ROOT_ROLE, root.id)
            self.folders.addItem(item)
        self._update_remove_button()
        self.has_roots = bool(roots)
        self.photo_view.set_photos(photo_ids)
        if not roots:
            self.stack.setCurrentWidget(self.welcome)
        elif self.stack.currentWidget() is self.welcome:
            row = max(self.nav.currentRow(), 0)  # the page picked meanwhile (Ctrl+R before this read), else People
            self.nav.setCurrentRow(row)
            self.show_page(row)

    def show_page(self, row: int) -> None:
        if not self.has_roots:
            self.stack.setCurrentWidget(self.welcome)
            return
        page = (self.people_view, self.browser, self.unnamed_view, self.filters_view, self.review_view)[max(row, 0)]
        self.stack.setCurrentWidget(page)
        if page is self.people_view:  # keyboard-first: arrows move, F2 / Enter name, right away
            self.people_view.grid.setFocus(Qt.FocusReason.OtherFocusReason)
        if page is self.browser:
            self.photo_view.leave_context()
            self.browser.reload()
        if page is self.unnamed_view:
            self.unnamed_view.reload()
        if page is self.filters_view:
            self.filters_view.reload()
        if page is self.review_view:  # one key per answer, right away
            self.review_view.open()
            self.review_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply_settings(self, settings: Settings, store: bool = False) -> None:
        """Use ``settings`` from the next scan on (and keep them when ``store``)."""
        self.settings = settings
        self.scans.options = settings.index_options()
        self.scans.assignment = settings.assignment_params()
        if store:
            settings.save()

    def edit_settings(self) -> None:
        """Open the Settings dialog; OK stores the settings and applies them to the next scan."""
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_settings(dialog.result_settings(), store=True)

    def focus_people_search(self) -> None:
        self.nav.setCurrentRow(0)
        self.show_page(0)  # also when row 0 was current already (e.g. the Person view is showing)
        self.people_view.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.people_view.search.selectAll()

    def open_review(self) -> None:
        """Ctrl+R: Review mode, asking afresh (the questions skipped before too) when it is open already."""
        row = PAGES.index("Review")
        if self.nav.currentRow() == row:
            self.show_page(row)
        else:
            self.nav.setCurrentRow(row)

    def rename_current_person(self) -> None:
        """F2: name the person under the cursor (the selected people, when several: as one person), the selected
        faces in a person's view, or in Review the face or person asked about."""
        if self.stack.currentWidget() is self.review_view:
            self.review_view.start_naming()
            return
        if self.stack.currentWidget() is self.person_view:
            self.person_view.name_selected()
            return
        grid = self.people_view.grid
        if self.stack.currentWidget() is self.people_view and len(self.people_view.selected()) > 1:
            self.people_view.name_selected()
        elif self.stack.currentWidget() is self.people_view and grid.currentIndex().isValid():
            grid.edit(grid.currentIndex())

    def hide_selected_people(self) -> None:
        if self.stack.currentWidget() is self.people_view and self.people_view.selected():
            self.people_view.toggle_hidden_selected()

    def _people_items(self) -> list:
        model = self.people_model
        return [model.person(r) for r in range(model.rowCount())]

    def open_person(self, person_id: int) -> None:
        """Show the Person view of ``person_id`` (its faces load in the background)."""
        self.person_view.open_person(person_id)
        self.stack.setCurrentWidget(self.person_view)

    def open_photo(self, photo_id: int) -> None:
        """Show ``photo_id`` in the viewer, Previous / Next walking the whole library."""
        self.photo_view.leave_context()
        self._photo_from = self.browser
        self.stack.setCurrentWidget(self.photo_view)
        self.photo_view.show_photo(photo_id)

    def open_photo_in(self, photo_id: int, photo_ids: list[int], where: str, at: float | None = None) -> None:
        """Show ``photo_id`` among ``photo_ids`` (a month, a person's photos, a search's results), with a way
        back to the page it was opened from; a video at its frame at ``at`` seconds (default: its first face's)."""
        self._photo_from = self.stack.currentWidget()
        self.stack.setCurrentWidget(self.photo_view)
        self.photo_view.show_in(photo_id, photo_ids, where, at)
        self.photo_view.canvas.setFocus(Qt.FocusReason.OtherFocusReason)  # Left / Right walk at once

    def _open_from_person(self, photo_id: int, at: float | None = None) -> None:
        """Open the photo of a face of the person on show (a video at the face's frame, ``at``)."""
        rows, person = self.person_view.model.rows, self.person_view.model.person
        label = person.name if person is not None and person.name else self.tr("Unnamed")
        self.open_photo_in(photo_id, [r.face.photo_id for r in rows], label, at)

    def _back_from_photo(self) -> None:
        self.stack.setCurrentWidget(self._photo_from or self.browser)

    def _maybe_refresh(self, p) -> None:
        """Let faces appear while indexing: reload the grid every 10 photos."""
        if p.phase == "indexing" and p.done >= self._indexed_seen + 10:
            self._indexed_seen = p.done
            self.people_model.reload()

    def choose_folder(self) -> None:
        """Ask for a folder to add, starting in the user's Pictures folder (else home), where photos usually are,
        rather than wherever the app was started from."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of photos"), pictures_folder())
        if folder:
            self.add_folder(folder)

    def rescan_folders(self) -> None:
        """File > Rescan folders (F5): scan all the library's folders for new and changed photos (with the
        current settings); says so when a scan is running already."""
        if self.scans.busy:
            self.statusBar().showMessage(self.tr("A scan is running already"), 4_000)
            return
        self._indexed_seen = 0
        self.scans.start()

    # -- the library as a whole: open another, XMP in and out -----------------------------------------

    def choose_library(self) -> None:
        """File > Open library (Ctrl+Shift+O): ask for a library file; a file that is not a faceorganizer library
        is refused with the reason (nothing changes), a good one asks for the app on it (``library_chosen``)."""
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Open library"), str(self.library.path.parent),
                                                    self.tr(LIBRARY_FILTER))  # fmt: skip
        if not path:
            return
        if Path(path).resolve() == self.library.path.resolve():
            self.statusBar().showMessage(self.tr("That library is open already"), 4_000)
            return
        if (problem := library_problem(path)) is not None:
            text = self.tr("{path} is not a faceorganizer library that can be opened:\n\n{problem}")
            QMessageBox.warning(self, self.tr("Open library"), text.format(path=path, problem=problem))
            return
        self.library_chosen.emit(path)

    def import_names_from_xmp(self) -> None:
        """File > Import names from XMP: take the names digiKam, Lightroom, Picasa... tagged in every photo's XMP
        (on the write thread: views reload after), then say what happened; errors are listed, path: reason, and
        the faces XMP names otherwise than the user did go to the Sidecar conflicts dialog."""
        self._run_xmp(self.tr("Reading names from XMP…"), lambda lib: lib.import_names_from_xmp(), import_message,
                      lambda n: self.tr("%n photo(s) could not be read", "", n))  # fmt: skip

    def export_names_to_xmp(self) -> None:
        """File > Export names to XMP: after asking (it writes files next to the photos), write every photo's
        named faces as a ``photo.jpg.xmp`` sidecar, then say what happened."""
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel
        if QMessageBox.question(self, self.tr("Export names to XMP"), self.tr(EXPORT_QUESTION), yes | no, yes) != yes:
            return
        self._run_xmp(self.tr("Writing XMP sidecars…"), lambda lib: lib.export_names_to_xmp(), export_message,
                      lambda n: self.tr("%n photo(s) got no sidecar", "", n))  # fmt: skip

    def _run_xmp(
        self,
        doing: str,
        work: Callable[[LibraryService], Any],
        message: Callable[[Any], str],
        failed: Callable[[int], str],
    ) -> None:
        """Run an XMP import or export (``work``) on the write thread, the XMP actions off meanwhile; then the
        status bar says ``message(summary)`` and a message box lists the photos that ``failed``."""
        actions = [self.shortcut_actions[name] for name in ("import_xmp", "export_xmp")]
        for action in actions:
            action.setEnabled(False)
        self.statusBar().showMessage(doing)
        title = doing.rstrip("…")

        def done(summary: ImportSummary | ExportSummary | None, error: BaseException | None) -> None:
            for action in actions:
                action.setEnabled(True)
            if error is not None or summary is None:
                self.statusBar().showMessage(
                    self.tr("{title} failed: {error}").format(title=title, error=error), 10_000
                )
                QMessageBox.warning(self, title, self.tr("{title} failed:\n\n{error}").format(title=title, error=error))
                return
            self.statusBar().showMessage(message(summary), 15_000)
            if isinstance(summary, ImportSummary):  # faces named otherwise in XMP: listed for the user to decide
                self.conflicts_dialog.add(summary.conflict_list)
            if summary.errors:
                QMessageBox.warning(self, title, f"{failed(len(summary.errors))}:\n\n{errors_text(summary.errors)}")

        self.library.write(work, done)

    # -- the live view ------------------------------------------------------------------------------------

    def camera_window(self) -> CameraWindow:
        """The Camera window (made on first use; one per main window), shown and raised."""
        if self._camera is None:
            self._camera = CameraWindow(self.library)
        self._camera.show()
        self._camera.raise_()
        return self._camera

    def open_camera(self) -> None:
        """File > Camera: the live view of the default camera, faces named by the library's people."""
        self.camera_window().start_camera()

    def open_video(self) -> None:
        """File > Open video: the live view on a video file the user chooses."""
        self.camera_window().choose_file()

    def _update_remove_button(self) -> None:
        """Remove folder acts on the selected folder: enabled only while one is selected."""
        self.remove_button.setEnabled(bool(self.folders.selectedItems()))

    def add_folder(self, folder: str) -> None:
        """Add ``folder`` to the library and index it in the background."""
        self._indexed_seen = 0
        self.library.write(lambda lib: lib.add_root(folder), lambda _root, err: err is None and self.scans.start())

    def remove_selected_folder(self) -> None:
        selected = self.folders.selectedItems()
        if selected:
            item = selected[0]
            root_id = int(item.data(ROOT_ROLE))
            self.library.write(lambda lib: lib.remove_root(root_id))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remember_geometry:
            save_window(self)
        if self._camera is not None:
            self._camera.close()
        self.conflicts_dialog.close()
        self.scans.wait(10)
        self.library.runner.shutdown()
        super().closeEvent(event)
        self.closed.emit()
