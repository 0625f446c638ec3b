"""The Person view: one person's faces as crops, most similar first, with the photo each comes from;
suggestions highlighted with a one-click Confirm; select several to confirm, reject ("not this
person"), move to another or a new person (split); set the cover face; Back to the People grid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...library.catalog import Face
from ..icon_grid import icon_grid
from ..images import CROP_SIZE, CropCache
from ..services import LibraryService, PersonItem
from .grid_view import ask_name
from .person_model import FACE_ID_ROLE, ConfirmBadgeDelegate, PersonFacesModel


class PersonView(QWidget):
    """``back()`` when the user leaves; ``photo_requested(photo_id, frame time)`` when a face is opened
    (double-click / Enter; the time is a video face's ``frame_time``, the frame the viewer shows, else None).
    ``people`` lists the people "Move to" offers."""

    back = Signal()
    photo_requested = Signal(int, object)

    def __init__(self, library: LibraryService, cache: CropCache, people: Callable[[], Sequence[PersonItem]],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.library, self.people = library, people
        self.model = PersonFacesModel(library, cache)
        self.title = QLabel()
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.clicked.connect(self.back.emit)
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.setToolTip(self.tr("Yes, these faces are this person (Ctrl+Return)"))
        self.confirm_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.confirm_button.clicked.connect(lambda: self.confirm(self.selected_faces()))
        self.reject_button = QPushButton(self.tr("Not this person"))
        self.reject_button.setToolTip(self.tr("Take the selected faces out of this person for good (Delete)"))
        self.reject_button.setShortcut(QKeySequence.StandardKey.Delete)
        self.reject_button.clicked.connect(lambda: self.reject(self.selected_faces()))
        self.move_button = QPushButton(self.tr("Move to…"))
        self.move_menu = QMenu(self)
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        self.move_button.setMenu(self.move_menu)
        self.name_button = QPushButton(self.tr("Name…"))
        self.name_button.setToolTip(
            self.tr("Say who the selected faces are (F2): they move to the person of that name")
        )
        self.name_button.clicked.connect(self.name_selected)
        self.cover_button = QPushButton(self.tr("Set as cover"))
        self.cover_button.clicked.connect(self.set_cover_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.title, 1)
        for w in (self.confirm_button, self.reject_button, self.move_button, self.name_button, self.cover_button):
            bar.addWidget(w)
        self.grid = icon_grid(self.model, CROP_SIZE, QSize(CROP_SIZE + 40, CROP_SIZE + 56), multi_select=True)
        self.delegate = ConfirmBadgeDelegate(self.grid)
        self.delegate.confirm.connect(lambda face_id: self.confirm([face_id]))
        self.grid.setItemDelegate(self.delegate)
        self.grid.activated.connect(lambda i: self._request(self.model.rows[i.row()].face))
        self.grid.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._scroll = 0  # kept across a reload of the same person (a face confirmed, rejected or moved)
        self.model.modelAboutToBeReset.connect(self._remember_scroll)
        self.model.modelReset.connect(self._restore_scroll)
        self.model.loaded.connect(self._loaded)
        library.changed.connect(self.model.reload)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.grid)
        self._update_buttons()

    def _request(self, face: Face) -> None:
        """Open ``face``'s photo; a video at the face's frame."""
        self.photo_requested.emit(face.photo_id, face.frame_time)

    def _remember_scroll(self) -> None:
        self._scroll = self.grid.verticalScrollBar().value()

    def _restore_scroll(self) -> None:
        value = self._scroll
        QTimer.singleShot(0, lambda: self.grid.verticalScrollBar().setValue(value))  # once laid out again

    def open_person(self, person_id: int) -> None:
        self.grid.clearSelection()
        self.grid.verticalScrollBar().setValue(0)
        self.model.set_person(person_id)

    def _loaded(self) -> None:
        person, n = self.model.person, len(self.model.rows)
        if person is None:
            self.title.setText(self.tr("<b>This person is gone</b> (merged or deleted)"))
            return
        suggested = sum(r.face.state == "suggested" for r in self.model.rows)
        extra = " · " + self.tr("%n suggested", "", suggested) if suggested else ""
        title = self.tr("<b>{name}</b> — %n face(s)", "", n).format(name=person.name or self.tr("Unnamed"))
        self.title.setText(title + extra)

    def selected_faces(self) -> list[int]:
        rows = sorted(i.row() for i in self.grid.selectionModel().selectedIndexes())
        return [int(self.model.index(r).data(FACE_ID_ROLE)) for r in rows]

    def _update_buttons(self) -> None:
        n = len(self.grid.selectionModel().selectedIndexes())
        for w in (self.confirm_button, self.reject_button, self.move_button, self.name_button):
            w.setEnabled(n > 0)
        self.cover_button.setEnabled(n == 1)

    # -- the user's decisions (each one write; ``changed`` then reloads the views) ----------------

    def confirm(self, face_ids: Sequence[int]) -> None:
        if face_ids:
            ids = list(face_ids)
            self.library.write(lambda lib: lib.confirm_faces(ids))

    def reject(self, face_ids: Sequence[int]) -> None:
        if face_ids:
            ids = list(face_ids)
            self.library.write(lambda lib: lib.reject_faces(ids))

    def move_faces(self, face_ids: Sequence[int], to_person_id: int | None) -> None:
        """Split the faces off to ``to_person_id``, or to a new person when None."""
        if face_ids:
            ids = list(face_ids)
            self.library.write(lambda lib: lib.move_faces(ids, to_person_id))

    def move_selected(self, to_person_id: int | None) -> None:
        self.move_faces(self.selected_faces(), to_person_id)

    def name_selected(self) -> None:
        """Name the selected faces at once: they move (confirmed) to the person of that name, made if new."""
        faces = self.selected_faces()
        if not faces:
            return
        names = sorted({p.name for p in self.people() if p.name}, key=str.casefold)
        name = ask_name(self, self.tr("Who are these %n faces?", "", len(faces)), names)
        if name:
            self.library.write(lambda lib: lib.name_faces(faces, name))

    def set_cover_selected(self) -> None:
        faces, pid = self.selected_faces(), self.model.person_id
        if len(faces) == 1 and pid is not None:
            self.library.write(lambda lib: lib.set_cover(pid, faces[0]))

    def _fill_move_menu(self) -> None:
        self.move_menu.clear()
        self.move_menu.addAction(self.tr("New person"), partial(self.move_selected, None))
        self.move_menu.addSeparator()
        others = [p for p in self.people() if p.id != self.model.person_id and not p.hidden]
        for p in sorted((p for p in others if p.name), key=lambda p: p.label.casefold()):
            self.move_menu.addAction(p.label, partial(self.move_selected, p.id))
        unnamed = [p for p in others if not p.name]
        if unnamed:  # told apart by size and number, not ten identical "Unnamed"
            sub = self.move_menu.addMenu(self.tr("Unnamed people ({count})").format(count=len(unnamed)))
            for p in sorted(unnamed, key=lambda p: (-p.face_count, p.id)):
                sub.addAction(p.distinct_label, partial(self.move_selected, p.id))
