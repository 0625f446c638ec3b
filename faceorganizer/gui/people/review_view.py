"""Review mode: the library's open questions one at a time (library.people.review), answered with one key.

"Is this Ann?" for a suggested face; "Who is this?" (or "Is this Ann?" with a guess) for an unnamed person
shown as a strip of faces, biggest first; last, the stranger bucket. Keys: Y yes, N no, S skip, X a stranger
(tucked away for good), or type a name (F2 first for a name starting with Y, N, S or X) and Enter. Each
answer is written at once on the write thread and the next question shows straight away: the queue is a
snapshot walked in place, never re-sorted under the user's eyes; it is read again only when walked through
(after the writes, on the write thread, so answered questions do not come back). Ctrl+Z undoes an answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QFont, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...library.people.review import Question, ReviewFace
from ..i18n import QT_TRANSLATE_NOOP
from ..images import CropCache, placeholder
from ..services import LibraryService
from .grid_view import side_by_side

#: On-screen size of the face asked about, and of each face of a person's strip.
FACE_SIZE = 256
STRIP_SIZE = 80
#: Questions ahead whose crops are made while the user answers the current one.
PREFETCH = 3

HINTS = {
    "suggestion": QT_TRANSLATE_NOOP("ReviewView", "Y yes · N no · S skip · X stranger · or type a name"),
    "guess": QT_TRANSLATE_NOOP("ReviewView", "Y yes · N no · S skip · X stranger (hide) · or type a name"),
    "person": QT_TRANSLATE_NOOP("ReviewView", "type a name and Enter · S skip · X stranger (hide)"),
    "strangers": QT_TRANSLATE_NOOP("ReviewView", "Y / X tuck them all away · S skip"),
}


class ReviewView(QWidget):
    """The Review page. ``answered(text)`` after each answer ("Ann: yes"), for the status bar."""

    answered = Signal(str)

    def __init__(self, library: LibraryService, cache: CropCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library, self.cache = library, cache
        self.queue: list[Question] = []
        self.at = 0
        self.skipped: set[tuple[str, int]] = set()
        self.loading = False
        self._wanted: set[int] = set()  # face ids whose crops are being made
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.faces = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.progress = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.hints = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.name_edit = QLineEdit(placeholderText=self.tr("Type a name, Enter to store it, Esc to go back"))
        self.names = QStringListModel(self)
        completer = QCompleter(self.names, self.name_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.name_edit.setCompleter(completer)
        self.name_edit.returnPressed.connect(self._name_entered)
        self.name_edit.installEventFilter(self)
        self.name_edit.hide()
        self.name_edit.setMaximumWidth(480)
        self._placeholder = placeholder()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (self.title, self.faces, self.detail, self.name_edit, self.hints, self.progress):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- the queue -----------------------------------------------------------------------------

    def open(self) -> None:
        """Entering Review: the questions skipped last time are asked again."""
        self.skipped.clear()
        self.start()

    def start(self) -> None:
        """Read the queue afresh (after any pending write) and show its first question."""
        if self.loading:
            return
        self.loading = True
        self.title.setText(self.tr("Looking for questions…"))
        skip = set(self.skipped)
        self.library.runner.run_task(
            lambda: (self.library.review_queue(skip), self.library.person_names()), self._loaded, write=True
        )

    def _loaded(self, result: tuple[list[Question], list[str]] | None, error: BaseException | None) -> None:
        self.loading = False
        if error is not None or result is None:
            self.title.setText(self.tr("Cannot read the library: {error}").format(error=error))
            return
        self.queue, names = result
        self.names.setStringList(names)
        self.at = 0
        self.show_current()

    @property
    def current(self) -> Question | None:
        return self.queue[self.at] if self.at < len(self.queue) else None

    def show_current(self) -> None:
        """Show the question at ``at`` (or that all is done) and start the crops of the next few."""
        self.name_edit.hide()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        q = self.current
        if q is None:
            self.title.setText(self.tr("Nothing left to review"))
            self.faces.clear()
            self.detail.setText(self.tr("Every face is named, answered or set aside. New photos bring new questions."))
            self.hints.clear()
            if self.skipped:
                self.detail.setText(
                    self.tr("%n skipped: asked again when you open Review next time.", "", len(self.skipped))
                )
            self.progress.clear()
            return
        guess = q.guess_name
        if q.kind == "strangers":
            self.title.setText(self.tr("Strangers? %n face(s) seen once or too small to tell", "", q.face_count))
            self.detail.setText(self.tr("Tucked away, they are never suggested again (Ctrl+Z brings them back)."))
        elif guess:
            self.title.setText(self.tr("Is this {name}?").format(name=guess))
            self.detail.setText(
                self.tr("%n face(s) of someone unnamed", "", q.face_count) if q.kind == "person" else ""
            )
        else:
            self.title.setText(self.tr("Who is this?"))
            self.detail.setText(self.tr("%n face(s) of someone unnamed", "", q.face_count))
        self.hints.setText(self.tr(HINTS["guess" if q.kind == "person" and guess else q.kind]))
        progress = self.tr("{at} of {count}").format(at=self.at + 1, count=len(self.queue))
        if self.skipped:
            progress += " · " + self.tr("%n skipped", "", len(self.skipped))
        self.progress.setText(progress)
        self._paint_faces()
        for ahead in self.queue[self.at : self.at + 1 + PREFETCH]:
            for face in ahead.faces[: 1 if ahead.kind == "suggestion" else 24]:
                self._want_crop(face)

    def _paint_faces(self) -> None:
        q = self.current
        if q is None:
            return
        crops = [self._crop(f) for f in q.faces[:12]]
        if q.kind == "suggestion":
            self.faces.setPixmap(side_by_side(crops[:1], FACE_SIZE))
        else:
            self.faces.setPixmap(side_by_side(crops, STRIP_SIZE))

    def _crop(self, face: ReviewFace) -> QPixmap:
        image = self.cache.get(face.face_id)
        return QPixmap.fromImage(image) if image is not None else self._placeholder

    @property
    def pending(self) -> int:
        """Face crops being made for the questions shown or coming next."""
        return len(self._wanted)

    def _want_crop(self, face: ReviewFace) -> None:
        if self.cache.crop(face.face_id, face.photo_path, face.box, self.library.runner, self._cropped) is None:
            self._wanted.add(face.face_id)

    def _cropped(self, face_id: int, _image: QImage) -> None:
        """A crop is in the cache: repaint the faces if the current question shows it."""
        self._wanted.discard(face_id)
        q = self.current
        if q is not None and any(f.face_id == face_id for f in q.faces[:12]):
            self._paint_faces()

    # -- answers -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        q, key, text = self.current, event.key(), event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
        if q is None or not plain:
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Y:
            self.yes()
        elif key == Qt.Key.Key_N:
            self.no()
        elif key == Qt.Key.Key_S:
            self.skip()
        elif key == Qt.Key.Key_X:
            self.stranger()
        elif text.isalpha():
            self.start_naming(text)
        else:
            super().keyPressEvent(event)

    def start_naming(self, text: str = "") -> None:
        """Open the name field (F2, or any letter but the answer keys) for the current face or person."""
        q = self.current
        if q is not None and q.kind != "strangers":
            self.name_edit.setText(text)
            self.name_edit.show()
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: object, event: object) -> bool:
        """Esc in the name field goes back to single-key answers."""
        if watched is self.name_edit and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.name_edit.hide()
                self.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def yes(self) -> None:
        q = self.current
        if q is None:
            return
        if q.kind == "suggestion" and q.guess_id is not None:
            ids = [q.faces[0].face_id]
            self._answer(lambda lib: lib.confirm_faces(ids), self.tr("{name}: yes").format(name=q.guess_name))
        elif q.kind == "person" and q.guess_id is not None and q.person_id is not None:
            keep, other = q.guess_id, q.person_id
            said = self.tr("%n face(s) are {name}", "", q.face_count).format(name=q.guess_name)
            self._answer(lambda lib: lib.merge([keep, other]), said)
        elif q.kind == "strangers":
            self.stranger()

    def no(self) -> None:
        q = self.current
        if q is None:
            return
        if q.guess_id is not None:
            ids, pid = [f.face_id for f in q.faces], q.guess_id
            self._answer(lambda lib: lib.not_person(ids, pid), self.tr("Not {name}").format(name=q.guess_name))
        else:
            self.skip()

    def skip(self) -> None:
        q = self.current
        if q is not None:
            self.skipped.add(q.key)
            self._advance()

    def stranger(self) -> None:
        q = self.current
        if q is None:
            return
        if q.kind == "person" and q.person_id is not None:
            pid = q.person_id
            self._answer(lambda lib: lib.hide(pid), self.tr("Hidden as a stranger"))
        else:
            ids = [f.face_id for f in q.faces]
            self._answer(lambda lib: lib.set_aside(ids), self.tr("%n face(s) tucked away", "", len(ids)))

    def _name_entered(self) -> None:
        q, name = self.current, " ".join(self.name_edit.text().split())
        if q is None or not name or q.kind == "strangers":
            return
        if q.kind == "suggestion":
            face_id = q.faces[0].face_id
            self._answer(lambda lib: lib.name_face(face_id, name), self.tr("Named {name}").format(name=name))
        elif q.person_id is not None:
            pid = q.person_id
            self._answer(lambda lib: lib.rename(pid, name), self.tr("Named {name}").format(name=name))
        if name not in self.names.stringList():
            self.names.setStringList(sorted([*self.names.stringList(), name], key=str.casefold))

    def _answer(self, write: Callable[[LibraryService], object], text: str) -> None:
        """Store the answer (write thread) and show the next question now."""
        self.library.write(write, lambda _r, error: self._stored(text, error))
        self._advance()

    def _stored(self, text: str, error: BaseException | None) -> None:
        self.answered.emit(self.tr("Not stored: {error}").format(error=error) if error is not None else text)

    def _advance(self) -> None:
        self.at += 1
        if self.at >= len(self.queue) and self.queue:
            self.start()  # read afresh: new questions (answers changed the library), minus the skipped
        else:
            self.show_current()
