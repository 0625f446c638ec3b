"""The app's settings, declared once (key, type, default) Picard-style and stored with QSettings
(organization "faceorganizer"); what the next scan uses is built from them (``index_options``,
``assignment_params``). Window geometry and state are kept there too."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

from ...library.indexing import DETECTORS, IndexOptions
from ...library.people import AssignmentParams
from ..i18n import QT_TRANSLATE_NOOP

ORGANIZATION = "faceorganizer"
APPLICATION = "faceorganizer"


SMALL_FACES_LABEL = QT_TRANSLATE_NOOP("Settings", "Find small faces (group photos, crowds)")

READ_XMP_LABEL = QT_TRANSLATE_NOOP(
    "Settings", "Read names from XMP tags (digiKam, Lightroom, Picasa) when photos are added"
)


def _opt(key: str, label: str, **kw: Any) -> Any:
    """A dataclass field stored under ``key`` (QSettings path), shown as ``label`` in the dialog."""
    return field(metadata={"key": key, "label": label}, **kw)


@dataclass(frozen=True)
class Settings:
    """Every user setting with its default; ``load``/``save`` map fields to QSettings keys."""

    detector: str = _opt("scan/detector", "Face detector", default="ssd")
    input_size: int = _opt("scan/input_size", "Tiny detector input size", default=416)
    #: SSD's small-face mode (api.small_faces): off by default, it costs over 3x on photos with many faces.
    small_faces: bool = _opt("scan/small_faces", SMALL_FACES_LABEL, default=False)
    min_confidence: float = _opt("scan/min_confidence", "Minimum confidence", default=0.5)
    match_threshold: float = _opt("people/match_threshold", "Matching threshold", default=0.6)
    auto_threshold: float = _opt("people/auto_threshold", "Auto-assign threshold", default=0.5)
    min_face_size: int = _opt("scan/min_face_size", "Minimum face size (px)", default=0)
    exclude: tuple[str, ...] = _opt("scan/exclude", "Folders to exclude", default=())
    threads: int = _opt("scan/threads", "Threads", default=2)
    #: A photo added to the library takes the names other tools tagged in its XMP (off: only our own naming).
    read_xmp: bool = _opt("scan/read_xmp", READ_XMP_LABEL, default=True)

    def __post_init__(self) -> None:
        self.index_options()  # validates detector, confidence, input size and threads
        self.assignment_params()  # validates 0 < auto <= matching
        if self.min_face_size < 0:
            raise ValueError(f"minimum face size must be >= 0, got {self.min_face_size}")

    def index_options(self) -> IndexOptions:
        """How the next scan indexes (and which folders it skips)."""
        return IndexOptions(detector=self.detector, min_confidence=self.min_confidence, input_size=self.input_size,
                            small_faces=self.small_faces, workers=self.threads, min_face_size=self.min_face_size,
                            exclude=self.exclude, read_xmp=self.read_xmp)  # fmt: skip

    def assignment_params(self) -> AssignmentParams:
        """How the next scan matches new faces to named people."""
        return AssignmentParams(auto_threshold=self.auto_threshold, suggest_threshold=self.match_threshold)

    # -- storage -------------------------------------------------------------------------------

    @classmethod
    def load(cls, store: QSettings | None = None) -> Settings:
        """The stored settings; a missing or unreadable value takes its default (and so do all of them
        if the stored combination is invalid)."""
        store = store or settings_store()
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = store.value(f.metadata["key"])
            if raw is None:
                continue
            try:
                values[f.name] = _convert(raw, f.default)
            except (TypeError, ValueError):
                continue
        try:
            return cls(**values)
        except ValueError:
            return cls()

    def save(self, store: QSettings | None = None) -> None:
        store = store or settings_store()
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            store.setValue(f.metadata["key"], list(value) if isinstance(value, tuple) else value)
        store.sync()


def _convert(raw: Any, default: Any) -> Any:
    """A QSettings value (INI files give strings back) as the type of ``default``."""
    if isinstance(default, tuple):
        if isinstance(raw, str):
            raw = [raw] if raw else []
        return tuple(str(x) for x in raw if str(x))
    if isinstance(default, bool):
        return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes")
    return type(default)(raw)


def settings_store() -> QSettings:
    """The app's QSettings (an INI file under the user's config folder; tests redirect it with
    ``QSettings.setPath``)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


DETECTOR_CHOICES = tuple(DETECTORS)


def save_window(window: QMainWindow, store: QSettings | None = None) -> None:
    store = store or settings_store()
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/state", window.saveState())
    store.sync()


def restore_window(window: QMainWindow, store: QSettings | None = None) -> bool:
    """Put the window back where it was when last closed; False if nothing was stored."""
    store = store or settings_store()
    geometry = store.value("window/geometry")
    if not isinstance(geometry, QByteArray) or geometry.isEmpty():
        return False
    window.restoreGeometry(geometry)
    state = store.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    return True
