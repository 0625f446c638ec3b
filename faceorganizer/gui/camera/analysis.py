"""The Camera window's side of the live loop: frames (QImages) handed to the loop's worker thread, which
converts and analyses the newest one while the UI thread only shows frames; results come back to the UI
thread through a queued Qt signal. The UI thread never runs a model, and never waits for one."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ...api.live import FrameAnalyzer, FrameResult, LiveLoop, LoopStats


def qimage_pixels(image: QImage) -> np.ndarray:
    """A QImage's pixels as an HxWx3 uint8 RGB array of their own (called on the worker thread)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = rgb.height(), rgb.width(), rgb.bytesPerLine()
    rows = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=h * stride).reshape(h, stride)
    return rows[:, : 3 * w].reshape(h, w, 3).copy()


class LiveAnalysis(QObject):
    """The live loop for a window: :meth:`submit` every frame shown; ``analysed(FrameResult)`` on the UI thread
    for each frame analysed (the others are dropped, see api.live.loop)."""

    analysed = Signal(object)

    def __init__(self, analyzer: FrameAnalyzer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.analyzer = analyzer
        self.loop: LiveLoop[QImage] = LiveLoop(analyzer, self._from_worker, to_pixels=qimage_pixels, warm_up=True)

    def _from_worker(self, result: FrameResult) -> None:
        self.analysed.emit(result)  # queued: this object and the window live on the UI thread

    def submit(self, image: QImage, at: float) -> None:
        self.loop.submit(image, at)

    def stats(self) -> LoopStats:
        return self.loop.stats()

    def close(self) -> None:
        """Stop the worker (the frame it is analysing is finished, its result dropped)."""
        self.loop.on_result = None
        self.loop.close(timeout=5.0)
