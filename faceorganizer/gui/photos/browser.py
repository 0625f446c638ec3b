"""The photo browser ("All photos"): the library's photos as thumbnails, by month (date taken, else the file's
time) or by folder, chosen in a list beside the grid; a photo opens in the viewer among the photos of its month
or folder. Groups and photos are read off the UI thread; thumbnails come from the disk cache."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QSize, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...library.indexing.photo_files import companion_roles
from ...library.people.browse import PhotoGroup
from ..icon_grid import NameUnderThumbnail, icon_grid
from ..services import LibraryService, Reloads
from .list_model import PHOTO_ID_ROLE, THUMB_SIZE, FoundPhoto, PhotoListModel, Thumbnails, files_badge

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def month_label(key: str) -> str:
    """ "2024-05" -> "May 2024" (the month's name in the user's locale); "" -> "No date"."""
    try:
        day = datetime.date.fromisoformat(f"{key}-01")
    except ValueError:
        return QCoreApplication.translate("PhotoBrowser", "No date")
    return QLocale().toString(QDate(day.year, day.month, 1), "MMMM yyyy")


class PhotoBrowser(QWidget):
    """``photo_activated(photo_id, photo ids of its group, the group's name)`` when a photo is opened;
    ``shown`` once a group's photos are in the grid."""

    photo_activated = Signal(int, list, str)
    shown = Signal()

    def __init__(self, library: LibraryService, store: Thumbnails | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.mode = QComboBox()
        self.mode.addItem(self.tr("By month"), "month")
        self.mode.addItem(self.tr("By folder"), "folder")
        self.mode.currentIndexChanged.connect(lambda _i: self.reload())
        self.groups = QListWidget()
        self.groups.setMaximumWidth(280)
        self.groups.currentItemChanged.connect(lambda item, _old: self._choose(item))
        self.title = QLabel()
        self.model = PhotoListModel(library, store=store)
        self.grid = icon_grid(self.model, THUMB_SIZE, QSize(THUMB_SIZE + 24, THUMB_SIZE + 36))
        self.grid.setItemDelegate(NameUnderThumbnail(THUMB_SIZE, self.grid))  # names line up under any shape
        self.grid.activated.connect(self._open)
        left = QVBoxLayout()
        left.addWidget(self.mode)
        left.addWidget(self.groups)
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.grid)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self._wanted: str | None = None  # the group to show once the list is read
        self._reloads = Reloads()

    @property
    def by(self) -> str:
        return str(self.mode.currentData())

    def reload(self) -> None:
        """Read the groups again (after a scan, say), keeping the one shown."""
        current = self.groups.currentItem()
        self._wanted = current.data(KEY_ROLE) if current is not None else None
        by = self.by
        self.library.read(lambda lib: (by, lib.photo_groups(by)), self._reloads(self._grouped))

    def _grouped(self, result: tuple[str, list[PhotoGroup]] | None, error: BaseException | None) -> None:
        if result is None or result[0] != self.by:
            return
        by, groups = result
        self.groups.blockSignals(True)
        self.groups.clear()
        for g in groups:
            name = month_label(g.key) if by == "month" else g.key
            item = QListWidgetItem(f"{name} ({g.count})")
            item.setData(KEY_ROLE, g.key)
            item.setToolTip(name)
            self.groups.addItem(item)
        self.groups.blockSignals(False)
        keys = [g.key for g in groups]
        row = keys.index(self._wanted) if self._wanted in keys else 0
        if groups:
            self.groups.setCurrentRow(row)
            self._choose(self.groups.item(row))
        else:
            self.title.setText(self.tr("No photos yet: add a folder."))
            self.model.set_photos([])

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        key, by = str(item.data(KEY_ROLE)), self.by

        def photos(lib: LibraryService) -> list[FoundPhoto]:
            found = lib.browse_photos(month=key) if by == "month" else lib.browse_photos(folder=key)
            roles = companion_roles(p.path for p in found)  # (one listing of each folder, off the UI thread)
            return [
                FoundPhoto(p.id, p.path, p.content_hash, p.duration, files_badge(roles.get(p.path, []), p.locations))
                for p in found
            ]

        self.library.read(photos, lambda found, err: self._show(by, key, found))

    def _show(self, by: str, key: str, found: list[FoundPhoto] | None) -> None:
        current = self.groups.currentItem()
        if found is None or by != self.by or current is None or current.data(KEY_ROLE) != key:
            return  # the user moved on meanwhile
        self.model.set_photos(found)
        self.title.setText(self.tr("<b>{group}</b> — %n photo(s)", "", len(found)).format(group=self.group_name()))
        self.shown.emit()

    def group_name(self) -> str:
        item = self.groups.currentItem()
        if item is None:
            return ""
        key = str(item.data(KEY_ROLE))
        return month_label(key) if self.by == "month" else key

    def _open(self, index) -> None:
        self.photo_activated.emit(int(index.data(PHOTO_ID_ROLE)), self.model.photo_ids(), self.group_name())
