"""The main window: a sidebar (People, All photos, Unnamed faces, the library's folders with add/remove),
the views in a stack, a first-run page saying what to do, and indexing progress in the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..library.catalog import Root
from .about import show_about
from .actions import install_menus, shortcut
from .people import PeopleModel, PeopleView, PersonView, ReviewView, UndoBar, UnnamedView
from .photos import FiltersView, PhotoBrowser, PhotoView, ThumbnailStore
from .scan_status import ScanController, ScanStatus
from .services import LibraryService
from .settings import Settings, SettingsDialog, restore_window, save_window

WELCOME = ("<h2>Welcome to faceorganizer</h2><p>Add a folder of photos to begin: click <b>Add folder…</b> on the "
           "left. Faces are found in the background; you can name people as soon as they appear.</p>")  # fmt: skip
PAGES = ("People", "All photos", "Unnamed faces", "Find photos", "Review")
ROOT_ROLE = Qt.ItemDataRole.UserRole + 1


def pictures_folder() -> str:
    """Where the folder dialog starts: the user's Pictures folder when it exists, else the home folder."""
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return pictures if pictures and Path(pictures).is_dir() else str(Path.home())


class MainWindow(QMainWindow):
    def __init__(self, library: LibraryService, scans: ScanController) -> None:
        super().__init__()
        self.library, self.scans = library, scans
        self.setWindowTitle(f"faceorganizer — {library.path.name}")
        self.people_model = PeopleModel(library)
        self.people_view = PeopleView(self.people_model)
        self.photo_view = PhotoView(library)
        self.unnamed_view = UnnamedView(library, self.people_model.cache)
        self.welcome = QLabel(WELCOME, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.stack = QStackedWidget()
        self.browser = PhotoBrowser(library, ThumbnailStore())  # "All photos"
        self.browser.photo_activated.connect(self.open_photo_in)
        self.photo_view.back.connect(self._back_from_photo)
        self._photo_from: QWidget | None = None  # the page a photo was opened from
        for page in (self.welcome, self.people_view, self.browser, self.photo_view, self.unnamed_view):
            self.stack.addWidget(page)
        self.nav = QListWidget()
        self.nav.addItems(PAGES)
        self.nav.currentRowChanged.connect(self.show_page)
        self.folders = QListWidget()
        self.add_button = QPushButton("Add folder…")
        self.remove_button = QPushButton("Remove folder")
        self.add_button.clicked.connect(self.choose_folder)
        self.remove_button.clicked.connect(self.remove_selected_folder)
        self.remove_button.setEnabled(False)  # until a folder is selected
        self.folders.itemSelectionChanged.connect(self._update_remove_button)
        side = QWidget()
        column = QVBoxLayout(side)
        column.addWidget(self.nav)
        column.addWidget(QLabel("<b>Folders</b>"))
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
        self.statusBar().addPermanentWidget(self.undo_bar)
        self.scan_status = ScanStatus(scans, library)
        self.statusBar().addPermanentWidget(self.scan_status, 1)
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
        self.about_action = self.menuBar().addMenu("&Help").addAction("&About faceorganizer", lambda: show_about(self))
        self.about_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.filters_view = FiltersView(library)  # "Find photos"
        self.stack.addWidget(self.filters_view)
        self.filters_view.photo_activated.connect(
            lambda pid: self.open_photo_in(pid, self.filters_view.model.photo_ids(), "Find photos")
        )
        self.review_view = ReviewView(library, self.people_model.cache)
        self.review_view.answered.connect(lambda text: self.statusBar().showMessage(text, 4_000))
        self.stack.addWidget(self.review_view)
        self.settings = Settings.load()
        self.apply_settings(self.settings)
        self.shortcut_actions = install_menus(
            self,
            {
                "add_folder": self.choose_folder,
                "rescan": self.rescan_folders,
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
        self.remember_geometry = True  # off for offscreen screenshots
        self.geometry_restored = restore_window(self)
        self.has_roots = False
        self.refreshed = False  # folders and photo list read at least once
        self.refresh()
        self.people_model.reload()
        self.scan_status.refresh_library()  # the library's counts, after what the window needs first

    def refresh(self) -> None:
        """Reload folders (and with them the first-run page) and the photo list from the library."""
        self.library.read(lambda lib: (lib.roots(), lib.photo_ids()), self._refreshed)

    def _refreshed(self, result: tuple[list[Root], list[int]] | None, error: BaseException | None) -> None:
        if error is not None or result is None:
            self.statusBar().showMessage(f"Cannot read the library: {error}")
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

    def open_photo_in(self, photo_id: int, photo_ids: list[int], where: str) -> None:
        """Show ``photo_id`` among ``photo_ids`` (a month, a person's photos, a search's results), with a way
        back to the page it was opened from."""
        self._photo_from = self.stack.currentWidget()
        self.stack.setCurrentWidget(self.photo_view)
        self.photo_view.show_in(photo_id, photo_ids, where)
        self.photo_view.canvas.setFocus(Qt.FocusReason.OtherFocusReason)  # Left / Right walk at once

    def _open_from_person(self, photo_id: int) -> None:
        rows, person = self.person_view.model.rows, self.person_view.model.person
        self.open_photo_in(photo_id, [r.face.photo_id for r in rows], person.name or "Unnamed" if person else "Unnamed")

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
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of photos", pictures_folder())
        if folder:
            self.add_folder(folder)

    def rescan_folders(self) -> None:
        """File > Rescan folders (F5): scan all the library's folders for new and changed photos (with the
        current settings); says so when a scan is running already."""
        if self.scans.busy:
            self.statusBar().showMessage("A scan is running already", 4_000)
            return
        self._indexed_seen = 0
        self.scans.start()

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
        self.scans.wait(10)
        self.library.runner.shutdown()
        super().closeEvent(event)
