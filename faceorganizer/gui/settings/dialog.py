"""The Settings dialog: detector, thresholds, minimum face size, excluded folders, threads and whether names
other tools tagged in XMP are read; OK stores them and hands them to the window, which applies them to the
photos scanned from then on (no restart)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...library.indexing import IndexOptions
from ..i18n import QT_TRANSLATE_NOOP
from .store import READ_XMP_LABEL, SMALL_FACES_LABEL, Settings

#: When the settings take effect, in the user's words: photos already indexed keep their faces until rescanned.
APPLY_NOTE = QT_TRANSLATE_NOOP(
    "SettingsDialog", "Detection settings apply to photos scanned from now on: File > Rescan folders."
)
#: What the small-face mode does and costs, measured by benchmarks/bench_small_faces.py (README, "Small faces").
SMALL_FACES_HELP = QT_TRANSLATE_NOOP(
    "SettingsDialog",
    "Looks at large photos tile by tile, so faces down to about 40 pixels in a 12-megapixel photo are found "
    "(97% of them in our tests, against 1% without). Off by default: scanning takes 4 to 5 times as long "
    "on photos with many faces, and about 10 times on photos with only a few large ones. Works with SSD "
    "MobileNet v1.",
)
DETECTOR_NAMES = (
    ("ssd", QT_TRANSLATE_NOOP("SettingsDialog", "SSD MobileNet v1 (accurate)")),
    ("tiny", QT_TRANSLATE_NOOP("SettingsDialog", "Tiny Face Detector (fast)")),
    ("yolo", QT_TRANSLATE_NOOP("SettingsDialog", "TinyYolov2 (face-api.js legacy)")),
    ("mtcnn", QT_TRANSLATE_NOOP("SettingsDialog", "MTCNN (face-api.js legacy, faces from 20 px)")),
)


def _spin(low: float, high: float, value: float, step: float = 0.05) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    box.setValue(value)
    return box


class SettingsDialog(QDialog):
    """Edits a :class:`Settings`; ``result_settings()`` is what the user chose (raises ValueError if invalid)."""

    def __init__(self, current: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.detector = QComboBox()
        for key, text in DETECTOR_NAMES:
            self.detector.addItem(self.tr(text), key)
        self.detector.setCurrentIndex([k for k, _t in DETECTOR_NAMES].index(current.detector))
        self.input_size = QSpinBox()
        self.input_size.setRange(128, 608)
        self.input_size.setSingleStep(32)
        self.input_size.setValue(current.input_size)
        self.detector.currentIndexChanged.connect(self._detector_changed)
        self.small_faces = QCheckBox(QCoreApplication.translate("Settings", SMALL_FACES_LABEL))
        self.small_faces.setChecked(current.small_faces)
        self.small_faces_help = QLabel(self.tr(SMALL_FACES_HELP), wordWrap=True)
        self.small_faces_help.setEnabled(False)  # drawn in the palette's dimmed text: an explanation, not a control
        self.min_confidence = _spin(0.05, 0.99, current.min_confidence)
        self.match_threshold = _spin(0.2, 1.0, current.match_threshold)
        self.match_threshold.setToolTip(self.tr("Faces closer than this to a named person are suggested as them"))
        self.auto_threshold = _spin(0.2, 1.0, current.auto_threshold)
        self.auto_threshold.setToolTip(
            self.tr("Faces closer than this (and clearly closest) are assigned without asking")
        )
        self.min_face_size = QSpinBox()
        self.min_face_size.setRange(0, 1000)
        self.min_face_size.setValue(current.min_face_size)
        self.exclude = QPlainTextEdit("\n".join(current.exclude))
        self.exclude.setPlaceholderText(self.tr("One folder or pattern per line, e.g. /photos/private or */Trash"))
        self.exclude.setMaximumHeight(80)
        self.threads = QSpinBox()
        self.threads.setRange(1, 32)
        self.threads.setValue(current.threads)
        self.read_xmp = QCheckBox(QCoreApplication.translate("Settings", READ_XMP_LABEL))
        self.read_xmp.setChecked(current.read_xmp)
        self.read_xmp.setToolTip(
            self.tr("Photos new to the library come in named; photos already in it keep your naming")
        )
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("Face detector"), self.detector)
        form.addRow(self.tr("Tiny detector input size"), self.input_size)
        form.addRow(self.small_faces)
        form.addRow(self.small_faces_help)
        form.addRow(self.tr("Minimum confidence"), self.min_confidence)
        form.addRow(self.tr("Matching threshold"), self.match_threshold)
        form.addRow(self.tr("Auto-assign threshold"), self.auto_threshold)
        form.addRow(self.tr("Minimum face size (px)"), self.min_face_size)
        form.addRow(self.tr("Folders to exclude"), self.exclude)
        form.addRow(self.tr("Threads"), self.threads)
        form.addRow(self.read_xmp)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr(APPLY_NOTE), wordWrap=True))
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._detector_changed()

    def _detector_changed(self) -> None:
        self.input_size.setEnabled(IndexOptions(detector=self.detector.currentData()).takes_input_size)
        self.small_faces.setEnabled(self.detector.currentData() == "ssd")

    def result_settings(self) -> Settings:
        lines = (line.strip() for line in self.exclude.toPlainText().splitlines())
        return Settings(
            detector=self.detector.currentData(),
            input_size=self.input_size.value() // 32 * 32,
            small_faces=self.small_faces.isChecked() and self.detector.currentData() == "ssd",
            min_confidence=round(self.min_confidence.value(), 2),
            match_threshold=round(self.match_threshold.value(), 2),
            auto_threshold=round(self.auto_threshold.value(), 2),
            min_face_size=self.min_face_size.value(),
            exclude=tuple(line for line in lines if line),
            threads=self.threads.value(),
            read_xmp=self.read_xmp.isChecked(),
        )

    def accept(self) -> None:
        try:
            self.result_settings()
        except ValueError as exc:  # e.g. auto-assign above matching: say so, keep the dialog open
            self.error.setText(str(exc))
            return
        super().accept()
