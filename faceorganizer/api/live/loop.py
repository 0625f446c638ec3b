"""The live loop: frames handed in as they come (a camera's, a video's), analysed one at a time on a worker
thread. A frame that arrives while the worker is busy waits in a one-frame slot, and a newer one replaces it
(that frame is dropped): the worker always takes the newest frame, so the results never fall behind the source
however slow the analysis is, and memory stays one frame."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np

from .analyzer import FrameAnalyzer, FrameResult

log = logging.getLogger("faceorganizer.api.live")

Frame = TypeVar("Frame")
#: Frames per second are measured over the analyses of this many seconds (what the live view shows).
FPS_WINDOW_S = 2.0


@dataclass(frozen=True)
class LoopStats:
    """What the loop did: frames handed in, analysed and dropped, the seconds since the first frame, and the
    analysed frames per second (over the whole run, and over the last ``FPS_WINDOW_S`` seconds)."""

    submitted: int
    analysed: int
    dropped: int
    seconds: float
    fps: float
    recent_fps: float
    mean_analysis_ms: float

    def to_json(self) -> dict[str, Any]:
        return {
            "fps": round(self.fps, 2),
            "frames": self.submitted,
            "analysed": self.analysed,
            "dropped": self.dropped,
            "seconds": round(self.seconds, 3),
            "mean_analysis_ms": round(self.mean_analysis_ms, 2),
        }


class LiveLoop(Generic[Frame]):
    """Analyses the newest frame handed to :meth:`submit` on a worker thread and tells ``on_result(result)``
    (on that worker thread) each time.

    ``to_pixels`` turns a submitted frame into HxWx3 uint8 RGB pixels on the worker (a QImage's conversion
    stays off the UI thread); by default frames are such arrays already. ``on_error(exc)`` hears of a frame
    that could not be analysed (the loop goes on). :meth:`close` stops the worker; ``drain=True`` analyses
    the frame still waiting first. ``warm_up``: call the analyzer's ``warm_up()`` on the worker before the
    first frame (frames handed in meanwhile are dropped but the newest), so the caller need not wait for it."""

    def __init__(
        self,
        analyzer: Callable[[np.ndarray, float], FrameResult] | None = None,
        on_result: Callable[[FrameResult], object] | None = None,
        *,
        to_pixels: Callable[[Frame], np.ndarray] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        warm_up: bool = False,
    ) -> None:
        self.analyzer = analyzer or FrameAnalyzer()
        self.on_result = on_result
        self.on_error = on_error
        self._to_pixels = to_pixels
        self._cond = threading.Condition()
        self._pending: tuple[Frame, float] | None = None
        self._busy = False
        self._stopping = False
        self._submitted = self._analysed = self._dropped = 0
        self._first: float | None = None
        self._last_done = 0.0
        self._analysis_s = 0.0
        self._recent: deque[float] = deque()
        self._warm_up = warm_up
        self._worker = threading.Thread(target=self._run, name="faceorganizer-live", daemon=True)
        self._worker.start()

    def submit(self, frame: Frame, at: float) -> bool:
        """Hand in the frame at ``at`` seconds of its source; False when it displaced a frame still waiting
        (that one is dropped, never analysed). Never blocks on the analysis."""
        with self._cond:
            if self._stopping:
                return False
            if self._first is None:
                self._first = time.perf_counter()
            self._submitted += 1
            displaced = self._pending is not None
            if displaced:
                self._dropped += 1
            self._pending = (frame, at)
            self._cond.notify()
            return not displaced

    @property
    def busy(self) -> bool:
        """Whether a frame is being analysed or waiting."""
        with self._cond:
            return self._busy or self._pending is not None

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no frame is being analysed or waiting; False when ``timeout`` seconds passed first."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._busy and self._pending is None, timeout)

    def stats(self) -> LoopStats:
        """The counts so far and the frames per second measured (the live view shows ``recent_fps``)."""
        now = time.perf_counter()
        with self._cond:
            end = self._last_done if self._stopping and self._last_done else now
            seconds = end - self._first if self._first is not None else 0.0
            while self._recent and self._recent[0] < now - FPS_WINDOW_S:
                self._recent.popleft()
            span = min(FPS_WINDOW_S, seconds)
            return LoopStats(
                submitted=self._submitted,
                analysed=self._analysed,
                dropped=self._dropped,
                seconds=seconds,
                fps=self._analysed / seconds if seconds > 0 else 0.0,
                recent_fps=len(self._recent) / span if span > 0 else 0.0,
                mean_analysis_ms=1000 * self._analysis_s / self._analysed if self._analysed else 0.0,
            )

    def close(self, drain: bool = False, timeout: float | None = 10.0) -> LoopStats:
        """Stop the worker (after the waiting frame when ``drain``, else that frame counts as dropped) and wait
        for it; the final stats."""
        if drain:
            self.wait_idle(timeout)
        with self._cond:
            if self._pending is not None:
                self._pending = None
                self._dropped += 1
            self._stopping = True
            self._cond.notify_all()
        self._worker.join(timeout)
        return self.stats()

    def _run(self) -> None:
        warm_up = getattr(self.analyzer, "warm_up", None)
        if self._warm_up and callable(warm_up):
            try:
                warm_up()
            except Exception:  # the frames will say what is wrong
                log.exception("warming the live analysis up failed")
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._stopping)
                if self._pending is None:  # stopping, nothing left
                    return
                frame, at = self._pending
                self._pending = None
                self._busy = True
            try:
                pixels = self._to_pixels(frame) if self._to_pixels is not None else np.asarray(frame)
                result = self.analyzer(pixels, at)
            except Exception as exc:  # one bad frame must not end the loop
                log.warning("frame at %.3f s not analysed: %s", at, exc)
                result = None
                if self.on_error is not None:
                    self.on_error(exc)
            with self._cond:
                if result is not None:
                    self._analysed += 1
                    self._analysis_s += result.seconds
                    self._last_done = time.perf_counter()
                    self._recent.append(self._last_done)
            tell = self.on_result  # read once: the owner may detach it meanwhile
            if result is not None and tell is not None:
                try:
                    tell(result)
                except Exception:  # the listener's failure is its own
                    log.exception("live result listener failed")
            with self._cond:
                self._busy = False
                self._cond.notify_all()
