"""The photo viewer: the photo fitted to the window with its face overlays (toggleable), zoom (wheel,
Ctrl+= / Ctrl+- / Ctrl+0) and pan (drag), previous/next through the library's photos; click a face to
name it (or delete it, if it is a face the user drew), Shift-drag (or "Add face") to draw a manual face.
Photo and faces load on a worker thread. A video shows the frame of the face it was opened on (else of its first
face) and plays from there (Play, Space) through QtMultimedia, which decodes on its own threads, each played frame
drawn with the overlays of the face tracks on screen at its time; leaving the video stops it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QHideEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...geometry import Box
from ...library.indexing.photo_files import PhotoFile, photo_files
from ...library.people import PhotoFaces
from ..images import load_photo
from ..services import LibraryService
from .canvas import PhotoCanvas
from .edit import EditableCanvas, NamePopup
from .overlay import OverlayOptions

if TYPE_CHECKING:  # QtMultimedia loads only when a video is played (it needs system libraries a server may lack)
    from ..media.sources import FileSource

__all__ = ["PhotoCanvas", "PhotoView"]


class PhotoView(QWidget):
    """Toolbar (previous / next, overlay toggles, file name) over a :class:`PhotoCanvas`.
    ``loaded(photo_id)`` is emitted once a photo is on screen."""

    loaded = Signal(int)
    #: The user asked to go back to where the photo was opened from (a person, a search).
    back = Signal()

    def __init__(self, library: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.canvas = EditableCanvas()
        self.popup = NamePopup(self)
        self.canvas.face_clicked.connect(self.ask_face_name)
        self.canvas.box_drawn.connect(self.ask_manual_face)
        self.names: list[str] = []
        self.library_ids: list[int] = []  # every photo, in display order
        self.context: tuple[str, list[int]] | None = None  # (where from, its photos) while opened from there
        self.current: int | None = None
        self.shown_at: float | None = None  # the time of the video frame on show (None: a photo)
        self.player: FileSource | None = None  # plays the video on show (made when Play is first pressed)
        #: A drawn box whose face was stored (box, face id): it stays pending until the reload shows the face.
        self._landing: tuple[Box, int] | None = None
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.back_button.clicked.connect(self.back.emit)
        self.back_button.hide()
        self.prev_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.prev_button.setToolTip(self.tr("Previous photo (Left)"))
        self.next_button.setToolTip(self.tr("Next photo (Right)"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.title = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.title, 1)
        self.toggles: dict[str, QCheckBox] = {}
        toggles = (("boxes", self.tr("Boxes")), ("labels", self.tr("Names")), ("details", self.tr("Details")),
                   ("landmarks", self.tr("Landmarks")))  # fmt: skip
        for key, text in toggles:
            box = QCheckBox(text)
            box.setChecked(getattr(self.canvas.options, key))
            box.toggled.connect(self._options_changed)
            self.toggles[key] = box
            bar.addWidget(box)
        self.add_face_button = QPushButton(self.tr("Add face"))
        self.add_face_button.setCheckable(True)
        self.add_face_button.setToolTip(self.tr("Draw a box around a face the detector missed (or Shift-drag)"))
        self.add_face_button.toggled.connect(lambda on: setattr(self.canvas, "add_mode", on))
        bar.addWidget(self.add_face_button)
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setToolTip(self.tr("Play the video from this frame (Space)"))
        self.play_button.clicked.connect(self.toggle_play)
        self.play_button.hide()
        bar.insertWidget(3, self.play_button)
        zoom_in, zoom_out = (lambda: self.canvas.zoom_by(1.25)), (lambda: self.canvas.zoom_by(0.8))
        for keys, slot in (
            ("Ctrl+=", zoom_in),
            ("Ctrl++", zoom_in),
            ("Ctrl+-", zoom_out),
            ("Ctrl+0", self.canvas.reset_view),
            ("Left", lambda: self.step(-1)),
            ("Right", lambda: self.step(1)),
            ("Alt+Left", self.back.emit),
            ("Space", self.toggle_play),
        ):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # the photo's other files (copies elsewhere, its RAW, a Live Photo's movie): one item, its files listed
        self.files = QLabel()
        self.files.setWordWrap(True)
        self.files.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.files.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.files)
        layout.addWidget(self.canvas, 1)

    def _options_changed(self) -> None:
        self.canvas.options = OverlayOptions(**{k: b.isChecked() for k, b in self.toggles.items()})
        self.canvas.update()

    @property
    def photo_ids(self) -> list[int]:
        """The photos Previous / Next (Left / Right) walk through: those of the context, else the library's."""
        return self.context[1] if self.context is not None else self.library_ids

    def set_photos(self, photo_ids: list[int]) -> None:
        """Every photo of the library, in display order."""
        self.library_ids = photo_ids

    def show_in(self, photo_id: int, photo_ids: list[int], where: str, at: float | None = None) -> None:
        """Show ``photo_id`` among ``photo_ids`` (a person's photos, a search's results): Previous / Next stay in
        them, and "Back to ``where``" returns there. ``at``: for a video, the time of the frame to show (the
        face's ``frame_time`` when opened on a face)."""
        self.context = (where, list(dict.fromkeys(photo_ids)) or [photo_id])
        self.back_button.setText(self.tr("◀ Back to {where}").format(where=where))
        self.back_button.show()
        self.show_photo(photo_id, at)

    def leave_context(self) -> None:
        """Walk the whole library again (the user chose All photos)."""
        self.context = None
        self.back_button.hide()

    def step(self, delta: int) -> None:
        if not self.photo_ids:
            return
        at = self.photo_ids.index(self.current) if self.current in self.photo_ids else -delta
        self.show_photo(self.photo_ids[(at + delta) % len(self.photo_ids)])

    def show_photo(self, photo_id: int, at: float | None = None) -> None:
        """Show ``photo_id``; a video at its frame at ``at`` seconds (default: its first face's frame). A video
        playing stops."""
        if photo_id != self.current or at is not None:
            self.stop_playing()
        self.current = photo_id
        if at is None and self.shown_at is not None and self.canvas.photo is not None and \
                self.canvas.photo.photo.id == photo_id:  # fmt: skip
            at = self.shown_at  # a reload (after an edit) keeps the frame

        def load(lib: LibraryService) -> tuple[PhotoFaces | None, QImage | None, float, float | None, list[PhotoFile]]:
            photo = lib.photo(photo_id)
            if photo is None:
                return None, None, 1.0, None, []
            # a video shows the frame asked for, else that of its first face track (its faces' boxes drawn there)
            when = at
            if when is None and photo.photo.is_video:
                times = [f.frame_time for f in photo.faces if f.frame_time is not None]
                when = min(times) if times else None
            image, scale = load_photo(photo.photo.path, time=when)
            files = photo_files(photo.photo.path, photo.copies)
            return photo, image, scale, (when or 0.0) if photo.photo.is_video else None, files

        self.library.read(load, lambda result, error: self._shown(photo_id, result, error))

    def _shown(self, photo_id: int, result: tuple | None, error: BaseException | None) -> None:
        if photo_id != self.current:  # the user moved on meanwhile
            return
        if error is not None or result is None:
            self.title.setText(self.tr("Cannot show this photo: {error}").format(error=error))
            self.canvas.set_photo(None, None)
            self.play_button.hide()
            self.files.hide()
        else:
            photo, image, scale, self.shown_at, files = result
            self._show_files(files)
            if self.playing:  # a reload while the video plays: keep the played frame and its faces
                self.canvas.photo = photo
            else:
                self.canvas.set_photo(photo, image, scale, self.shown_at)
            self.play_button.setVisible(self.shown_at is not None)
            if photo is not None:
                faces = len(photo.faces)
                where = ""
                if self.context is not None and photo_id in self.context[1]:
                    where = (
                        self.tr("{at} of {count} · {context}").format(
                            at=self.context[1].index(photo_id) + 1, count=len(self.context[1]), context=self.context[0]
                        )
                        + "  —  "
                    )
                self.title.setText(where + self.tr("{path}  —  %n face(s)", "", faces).format(path=photo.photo.path))
                if self._landing is not None and any(f.id == self._landing[1] for f in photo.faces):
                    box, self._landing = self._landing[0], None
                    self._drop_pending(box)  # the stored face is on screen now: it replaces the drawn box
        self.loaded.emit(photo_id)

    def _show_files(self, files: list[PhotoFile]) -> None:
        """Under the toolbar, the files of the photo beside the one shown (hidden when it has no other)."""
        others = files[1:]
        self.files.setVisible(bool(others))
        if not others:
            return
        roles = {"copy": self.tr("copy"), "raw": self.tr("RAW"), "live": self.tr("Live Photo movie")}
        shown = os.path.dirname(files[0].path)
        parts = [
            self.tr("{file} ({role})").format(
                file=os.path.basename(f.path) if os.path.dirname(f.path) == shown else f.path, role=roles[f.role]
            )
            for f in others
        ]
        self.files.setText(self.tr("Also: {files}").format(files="  ·  ".join(parts)))
        self.files.setToolTip("\n".join(f.path for f in files))

    # -- playing a video ------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        """Whether the video on show is playing (not paused, stopped or ended)."""
        return self.player is not None and self.play_button.text() == self.tr("Pause")

    def toggle_play(self) -> None:
        """Play the video on show from the frame shown (or go on from where it was paused); pause it if it plays."""
        photo = self.canvas.photo
        if photo is None or not photo.photo.is_video or photo.photo.id != self.current:
            return
        if self.playing:
            assert self.player is not None
            self.player.pause()
            self.play_button.setText(self.tr("Play"))
            return
        if self.player is not None and str(self.player.path) == photo.photo.path and self.canvas.played:
            self.player.resume()  # paused on this video: go on
        else:
            from ..media import multimedia_problem

            if (problem := multimedia_problem()) is not None:
                self.title.setText(self.tr("Cannot play videos here: {error}").format(error=problem))
                return
            from ..media.sources import FileSource

            self.stop_playing()
            self.player = FileSource(photo.photo.path, self)
            self.player.frame.connect(self._played_frame)
            self.player.ended.connect(self._ended)
            self.player.failed.connect(self._failed)
            self.player.start(self.shown_at or 0.0)
        self.play_button.setText(self.tr("Pause"))

    def stop_playing(self) -> None:
        """Stop the video playing (another photo is shown, the viewer is left); the frame on show stays."""
        if self.player is not None:
            player, self.player = self.player, None
            player.frame.disconnect(self._played_frame)
            player.stop()
            player.deleteLater()
        self.play_button.setText(self.tr("Play"))

    def _played_frame(self, image: QImage, seconds: float) -> None:
        photo = self.canvas.photo
        if self.player is not None and photo is not None and photo.photo.id == self.current:
            self.canvas.set_played_frame(image, seconds)

    def _ended(self) -> None:
        """The video played to its end: Play starts it again from the frame first shown."""
        self.stop_playing()

    def _failed(self, message: str) -> None:
        self.stop_playing()
        self.title.setText(message)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the viewer (another page) stops the video."""
        self.stop_playing()
        super().hideEvent(event)

    # -- naming faces and adding manual ones (People ops through the write thread) -------------

    def _load_names(self) -> None:
        self.library.read(LibraryService.person_names, self._got_names)

    def _got_names(self, names: list[str] | None, error: BaseException | None) -> None:
        if names is not None:
            self.names = names
            self.popup.names.setStringList(names)

    def ask_face_name(self, face_id: int, where: QPoint) -> None:
        """Ask who the clicked face is: an existing name moves it to that person, a new one names it. A face the
        user drew can also be deleted from there (detector faces cannot: a re-scan would find them again)."""
        photo = self.canvas.photo
        current = photo.names.get(face_id) if photo is not None else None
        face = next((f for f in photo.faces if f.id == face_id), None) if photo is not None else None
        on_delete = (lambda: self.delete_face(face_id)) if face is not None and face.source == "manual" else None
        self.popup.ask(
            self.tr("Who is this?"), where, self.names, lambda name: self.name_face(face_id, name), current or "",
            on_delete=on_delete,
        )  # fmt: skip
        self._load_names()

    def ask_manual_face(self, box: Box, where: QPoint) -> None:
        """Ask the name of the face just drawn (empty: a face of no one yet); cancelling drops the drawn box,
        which the canvas paints as pending meanwhile, and stores nothing."""
        self.popup.ask(
            self.tr("New face: who is it?"), where, self.names, lambda name: self.add_manual_face(box, name),
            on_cancel=lambda: self._drop_pending(box),
        )  # fmt: skip
        self._load_names()

    def _drop_pending(self, box: Box) -> None:
        """Stop painting ``box`` if it is still the pending one (a newer drawn box is left alone)."""
        if self.canvas.pending is box:
            self.canvas.set_pending(None)

    def name_face(self, face_id: int, name: str) -> None:
        if name:
            self.library.write(lambda lib: lib.name_face(face_id, name), self._edited)

    def delete_face(self, face_id: int) -> None:
        """Delete a face the user drew (undoable through the library's history); the photo reloads without it."""
        self.library.write(lambda lib: lib.delete_manual_face(face_id), self._edited)

    def add_manual_face(self, box: Box, name: str | None) -> None:
        """Store the drawn ``box`` as a manual face of ``name`` (None or empty: of no one); the box stays
        pending until the reloaded photo shows the stored face."""
        photo_id = self.current
        if photo_id is None:
            self._drop_pending(box)
            return
        self.add_face_button.setChecked(False)
        self.library.write(
            lambda lib: lib.add_manual_face(photo_id, box, name or None),
            lambda face_id, error: self._added(box, face_id, error),
        )

    def _added(self, box: Box, face_id: int | None, error: BaseException | None) -> None:
        """The drawn face is stored (or not: then its box goes); reload to show it."""
        if error is None and face_id is not None:
            self._landing = (box, face_id)
        else:
            self._drop_pending(box)
        self._edited(face_id, error)

    def _edited(self, _result: object, error: BaseException | None) -> None:
        if error is not None:
            self.title.setText(self.tr("Not done: {error}").format(error=error))
        elif self.current is not None:
            self.show_photo(self.current)
