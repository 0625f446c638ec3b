"""Face overlays drawn with QPainter the way face-api.js's DrawBox / DrawTextField / DrawFaceLandmarks
draw them: a 2 px blue box, a label field on the box colour above its top-left corner, a text field
of details (expression, age, gender) on translucent black below it, and the 68-point contours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from ...geometry import Box
from ...library.catalog import Face
from ..i18n import Texts

BOX_COLOR = QColor(0, 0, 255)  # face-api.js DrawBox default: rgba(0, 0, 255, 1)
LINE_WIDTH = 2
TEXT_BACKGROUND = QColor(0, 0, 0, 128)  # DrawTextField default: rgba(0, 0, 0, 0.5)
TEXT_COLOR = QColor(255, 255, 255)
LANDMARK_COLOR = QColor(0, 255, 255)  # DrawFaceLandmarks default line colour
FONT_PX = 14
PADDING = 4
#: Index ranges of the 68-point contours (jaw, brows, nose bridge, lower nose, eyes, mouth) and closed ones.
CONTOURS = [(0, 17, False), (17, 22, False), (22, 27, False), (27, 31, False), (30, 36, False),
            (36, 42, True), (42, 48, True), (48, 60, True), (60, 68, True)]  # fmt: skip


OverlayTexts = Texts("OverlayTexts")  # the texts drawn on photos


@dataclass(frozen=True)
class OverlayOptions:
    """What to draw on each face (each toggleable in the photo view)."""

    boxes: bool = True
    labels: bool = True
    details: bool = True
    landmarks: bool = False


def face_label(face: Face, name: str | None) -> str:
    """The box label: the person's name, "Ann?" while only suggested, "Unnamed" for a face of no one or of an
    unnamed person (the word the People grid uses). No score: a detection score next to a name reads like
    the certainty of the recognition, which it is not."""
    if not name:
        return OverlayTexts.tr("Unnamed")
    return OverlayTexts.tr("{name}?").format(name=name) if face.state == "suggested" else name


def face_details(face: Face) -> list[str]:
    """Lines of the details field: dominant expression with its probability, then age and gender."""
    lines = []
    if face.expression and face.expressions:
        lines.append(f"{face.expression} ({face.expressions.get(face.expression, 0):.2f})")
    if face.age is not None:
        gender = f" {face.gender} ({face.gender_probability:.2f})" if face.gender and face.gender_probability else ""
        lines.append(OverlayTexts.tr("%n year(s)", "", round(face.age)) + gender)
    return lines


def text_field(painter: QPainter, lines: list[str], anchor: QPointF, background: QColor, above: bool) -> QRectF:
    """A DrawTextField: ``lines`` on ``background`` with padding; anchored at its bottom-left when ``above``."""
    metrics = QFontMetricsF(painter.font())
    width = max(metrics.horizontalAdvance(line) for line in lines) + 2 * PADDING
    height = len(lines) * metrics.height() + 2 * PADDING
    top = anchor.y() - height if above else anchor.y()
    rect = QRectF(anchor.x(), top, width, height)
    painter.fillRect(rect, background)
    painter.setPen(TEXT_COLOR)
    for i, line in enumerate(lines):
        painter.drawText(QPointF(rect.x() + PADDING, top + PADDING + i * metrics.height() + metrics.ascent()), line)
    return rect


def draw_faces(
    painter: QPainter, faces: list[Face], names: dict[int, str | None], scale: float, offset: QPointF,
    options: OverlayOptions = OverlayOptions(),  # noqa: B008 - frozen
) -> None:  # fmt: skip
    """Draw every face; boxes and landmarks are in full displayed pixels, mapped by ``scale`` + ``offset``."""
    set_overlay_font(painter)
    for face in faces:
        draw_face(
            painter, face.box, scale, offset,
            landmarks=face.landmarks if options.landmarks else None,
            label=face_label(face, names.get(face.id)) if options.labels else None,
            details=face_details(face) if options.details else [],
            box=options.boxes,
        )  # fmt: skip


def set_overlay_font(painter: QPainter) -> None:
    """The overlays' font (``FONT_PX`` pixels high) on ``painter``."""
    font = QFont(painter.font())
    font.setPixelSize(FONT_PX)
    painter.setFont(font)


def draw_face(
    painter: QPainter, where: Box, scale: float, offset: QPointF, *, landmarks: np.ndarray | None = None,
    label: str | None = None, details: Sequence[str] = (), box: bool = True,
) -> None:  # fmt: skip
    """One face as face-api.js draws it: the 68-point contours of ``landmarks`` (if given), the box ``where``
    (pixels mapped by ``scale`` + ``offset``), ``label`` above it on the box colour, ``details`` below it on
    translucent black. The photo viewer and the Camera window draw their faces with it."""
    rect = QRectF(offset.x() + where.x * scale, offset.y() + where.y * scale, where.width * scale,
                  where.height * scale)  # fmt: skip
    if landmarks is not None:
        painter.setPen(QPen(LANDMARK_COLOR, 1))
        pts = [QPointF(offset.x() + x * scale, offset.y() + y * scale) for x, y in np.asarray(landmarks).tolist()]
        for start, end, closed in CONTOURS:
            poly = QPolygonF(pts[start:end])
            painter.drawPolygon(poly) if closed else painter.drawPolyline(poly)
    if box:
        painter.setPen(QPen(BOX_COLOR, LINE_WIDTH))
        painter.drawRect(rect)
    if label:
        text_field(painter, [label], rect.topLeft(), BOX_COLOR, above=True)
    if details:
        text_field(painter, list(details), rect.bottomLeft(), TEXT_BACKGROUND, above=False)
