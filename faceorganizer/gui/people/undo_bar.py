"""The message that confirms each people operation ("Name Ann") with an Undo button, in the status bar;
Ctrl+Z and Ctrl+Shift+Z (Edit menu) undo and redo. The history lives in the library (people.history), so
what the CLI did can be undone here too, and the other way round."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ...library.people import history
from ..services import LibraryService

#: How long the confirmation stays (ms).
SHOWN_FOR = 12_000


class UndoBar(QWidget):
    """Shows the latest action after each write (``refresh``); ``undo()`` / ``redo()`` run off the UI thread.
    ``message(text)`` reports what happened (the status bar shows it)."""

    message = Signal(str)

    def __init__(self, library: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.label = QLabel()
        self.button = QPushButton(self.tr("Undo"))
        self.button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self._seen: int | None = None  # the action shown last: an older one is not announced again
        self._hide = QTimer(self)
        self._hide.setSingleShot(True)
        self._hide.setInterval(SHOWN_FOR)
        self._hide.timeout.connect(self.hide)
        self.hide()
        library.read(lambda lib: lib.last_action(), self._first)  # what was there before this session

    def _first(self, action: history.Action | None, error: BaseException | None) -> None:
        self._seen = action.id if action is not None else 0

    def refresh(self) -> None:
        """After a write: announce the action it stored, if any."""
        self.library.read(lambda lib: lib.last_action(), self._show)

    def _show(self, action: history.Action | None, error: BaseException | None) -> None:
        if action is None or action.undone or self._seen is None or action.id <= self._seen:
            return
        self._seen = action.id
        self.label.setText(action.label)
        self.button.setText(self.tr("Undo"))
        self.show()
        self._hide.start()

    def undo(self) -> None:
        self.library.write(lambda lib: lib.undo(), lambda a, e: self._stepped(False, a, e))

    def redo(self) -> None:
        self.library.write(lambda lib: lib.redo(), lambda a, e: self._stepped(True, a, e))

    def _stepped(self, redo: bool, action: history.Action | None, error: BaseException | None) -> None:
        """Say what was undone (or redone, ``redo``), or why not. The action's label is the text the library
        stored with it (also for what the command line did), shown as stored."""
        self.hide()
        if isinstance(error, history.UndoError):
            self.message.emit(str(error))
        elif error is not None:
            text = self.tr("Cannot redo: {error}") if redo else self.tr("Cannot undo: {error}")
            self.message.emit(text.format(error=error))
        elif action is not None:
            self._seen = max(self._seen or 0, action.id)
            text = self.tr("Redone: {action}") if redo else self.tr("Undone: {action}")
            self.message.emit(text.format(action=action.label))
