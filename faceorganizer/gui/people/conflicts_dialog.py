"""The faces an XMP sidecar names otherwise than the user did (an import's ``conflict_list``): the import kept the
user's name, and this non-modal dialog lists every such face, from every import of the session (the folder
watcher's and File > Import names from XMP), one row per face (a later import's conflict replaces an earlier
one). Per selected row the user keeps their name (the row goes; Delete does it too) or uses the sidecar's: the
face moves to the person of that name (created if needed) as an ordinary people operation, undoable like any
other. ``ConflictsButton`` is the status bar's way in, shown while conflicts are pending.

Nothing here changes the catalog but "Use the sidecar's name", and no key does it: Enter presses no button
(none is a default button), Escape closes the dialog with the conflicts still pending."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import partial

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...library.catalog import Face
from ...library.metadata.exchange import XmpConflict
from ..images import CropCache, placeholder
from ..services import LibraryService

#: The crops' side as shown, in logical pixels.
ICON = 64
FACE_ROLE = Qt.ItemDataRole.UserRole + 1


class ConflictsDialog(QDialog):
    """The pending conflicts of the XMP imports, with "Keep my name" and "Use the sidecar's name" for the
    selected rows. Made once per window and kept (hidden when closed): it holds the pending conflicts, which
    :meth:`add` accumulates; ``pending_changed(n)`` tells how many are left after every change."""

    pending_changed = Signal(int)

    def __init__(self, library: LibraryService, cache: CropCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library, self.cache = library, cache
        self.setModal(False)
        self.setWindowTitle(self.tr("Sidecar conflicts"))
        self._conflicts: dict[int, XmpConflict] = {}  # face id -> its latest conflict, in the order they came
        self._items: dict[int, QListWidgetItem] = {}  # face id -> its row
        self._busy: set[int] = set()  # faces being moved to the sidecar's name (on the write thread)
        self._placeholder = placeholder(ICON)
        intro = QLabel(
            self.tr(
                "Another program named these faces in their photos' XMP sidecars otherwise than you named them "
                "here. Your names were kept; choose which name each face should have."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setWordWrap(True)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.keep_button = QPushButton(self.tr("&Keep my name"))
        self.keep_button.setToolTip(self.tr("Leave the selected faces as you named them (Delete)"))
        self.use_button = QPushButton(self.tr("&Use the sidecar's name"))
        self.use_button.setToolTip(self.tr("Move the selected faces to the person the sidecar names (undoable)"))
        self.close_button = QPushButton(self.tr("&Close"))
        for button in (self.keep_button, self.use_button, self.close_button):
            button.setAutoDefault(False)  # Enter on a row presses nothing
            button.setDefault(False)
        self.keep_button.clicked.connect(self.keep_selected)
        self.use_button.clicked.connect(self.use_sidecar_selected)
        self.close_button.clicked.connect(self.close)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(620, 460)
        self._update_buttons()

    # -- the pending conflicts -------------------------------------------------------------------------

    @property
    def pending(self) -> list[XmpConflict]:
        """The conflicts left, in the order they first came."""
        return list(self._conflicts.values())

    def add(self, conflicts: Iterable[XmpConflict]) -> None:
        """Add an import's conflicts (a face listed already gets its row updated: the latest import wins), and
        ask for the crops of the new faces (their boxes read, and crops made, off the UI thread)."""
        new: list[int] = []
        for conflict in conflicts:
            item = self._items.get(conflict.face_id)
            if item is None:
                item = QListWidgetItem(QIcon(self._placeholder), "")
                item.setData(FACE_ROLE, conflict.face_id)
                self._items[conflict.face_id] = item
                self.list.addItem(item)
                new.append(conflict.face_id)
            self._conflicts[conflict.face_id] = conflict
            item.setText(self._row_text(conflict))
            item.setToolTip(conflict.path)
        if new:
            self.library.read(lambda lib: lib.faces(new), self._faces_read)
        self.pending_changed.emit(len(self._conflicts))

    def _row_text(self, conflict: XmpConflict) -> str:
        """The row's lines: the photo's file name, the sidecar's name for the face, the user's."""
        there = self.tr("In the sidecar: {name}").format(name=conflict.in_sidecar)
        here = self.tr("Here: {name}").format(name=conflict.here or self.tr("an unnamed person"))
        return "\n".join((os.path.basename(conflict.path), there, here))

    def _faces_read(self, faces: dict[int, Face] | None, error: BaseException | None) -> None:
        """The faces' boxes are read: ask the shared crop cache for their crops (made on its workers)."""
        for face in (faces or {}).values():
            conflict = self._conflicts.get(face.id)
            if conflict is None:  # resolved meanwhile
                continue
            made = self.cache.crop(face.id, conflict.path, face.box, self.library.runner, self._cropped,
                                   face.frame_time)  # fmt: skip
            if made is not None:
                self._cropped(face.id, made)

    def _cropped(self, face_id: int, image: QImage) -> None:
        item = self._items.get(face_id)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))

    def _selected(self) -> list[int]:
        """The selected rows' faces (not those being moved already), in the list's order."""
        rows = sorted(self.list.row(item) for item in self.list.selectedItems())
        faces = [int(self.list.item(row).data(FACE_ROLE)) for row in rows]
        return [f for f in faces if f not in self._busy]

    def _remove(self, face_ids: Iterable[int]) -> None:
        for face_id in face_ids:
            self._conflicts.pop(face_id, None)
            item = self._items.pop(face_id, None)
            if item is not None:
                self.list.takeItem(self.list.row(item))
        self._update_buttons()
        self.pending_changed.emit(len(self._conflicts))
        if not self._conflicts:
            self.hide()

    def _update_buttons(self) -> None:
        chosen = bool(self._selected())
        self.keep_button.setEnabled(chosen)
        self.use_button.setEnabled(chosen)

    # -- the user's answers -------------------------------------------------------------------------------

    def keep_selected(self) -> None:
        """Keep my name: the selected rows go; the catalog is not touched (the import kept the name already)."""
        self.error.hide()
        self._remove(self._selected())

    def use_sidecar_selected(self) -> None:
        """Use the sidecar's name: the selected faces move to the person the sidecar names (created if none has
        that name), one undoable operation per name, on the write thread; their rows go once it is done. It is
        the app's own "name these faces" (``LibraryService.name_faces``): a lone face of an unnamed person names
        that person, as naming a face does anywhere in the app."""
        self.error.hide()
        by_name: dict[str, list[int]] = {}
        for face_id in self._selected():
            by_name.setdefault(self._conflicts[face_id].in_sidecar, []).append(face_id)
        for name, face_ids in by_name.items():
            self._set_busy(face_ids, True)
            self.library.write(partial(LibraryService.name_faces, face_ids=face_ids, name=name),
                               partial(self._named, face_ids))  # fmt: skip
        self._update_buttons()

    def _set_busy(self, face_ids: Sequence[int], busy: bool) -> None:
        """Rows being moved are greyed out and cannot be chosen again until the move is done."""
        for face_id in face_ids:
            item = self._items.get(face_id)
            if busy:
                self._busy.add(face_id)
            else:
                self._busy.discard(face_id)
            if item is not None:
                if busy:
                    item.setSelected(False)
                flags = item.flags()
                enabled = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                item.setFlags(flags & ~enabled if busy else flags | enabled)

    def _named(self, face_ids: list[int], _person_id: int | None, error: BaseException | None) -> None:
        self._set_busy(face_ids, False)
        if error is not None:
            self.error.setText(self.tr("Cannot use the sidecar's name: {error}").format(error=error))
            self.error.show()
            self._update_buttons()
            return
        self._remove(face_ids)

    @staticmethod
    def _is_dismiss(event: QKeyEvent) -> bool:
        return event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace

    def event(self, event: QEvent) -> bool:
        """Delete here is the dialog's, not the main window's shortcut (Delete hides people there)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._is_dismiss(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete (or Backspace) keeps the user's name for the selected rows; Escape closes (QDialog's)."""
        if self._is_dismiss(event):
            self.keep_selected()
            event.accept()
            return
        super().keyPressEvent(event)

    def present(self) -> None:
        """Show the dialog (non-modal) over the window, raised and focused on its list."""
        self.show()
        self.raise_()
        self.activateWindow()
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)


class ConflictsButton(QPushButton):
    """The status bar's "Sidecar conflicts (N)": shown while ``dialog`` has conflicts pending, it opens it."""

    def __init__(self, dialog: ConflictsDialog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialog = dialog
        self.setToolTip(self.tr("Faces that XMP sidecars name otherwise than you did"))
        self.clicked.connect(dialog.present)
        dialog.pending_changed.connect(self.show_count)
        self.show_count(len(dialog.pending))

    def show_count(self, n: int) -> None:
        self.setText(self.tr("Sidecar conflicts (%n)", "", n))
        self.setVisible(n > 0)
