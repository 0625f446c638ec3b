"""A video file as a live source: its frames as RGB arrays in displayed orientation with their times, handed
out at the file's own frame rate (``play``) as a camera would, or as fast as they decode (``frames``). Reading
is ``faceorganizer.video``'s (PyAV, FFmpeg in its wheels, no Qt), shared with the library's indexing."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import numpy as np

from ...video import VideoError, frames, open_video, pixels, probe, write_video

__all__ = ["VideoError", "VideoFile", "write_video"]


class VideoFile:
    """The video stream of the file at ``path``; any problem opening it is a VideoError naming the file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise VideoError(f"{self.path}: no such file")
        self._files = ExitStack()
        try:
            self._container, self._stream = self._files.enter_context(open_video(self.path))
            self._info = probe(self._container, self._stream)
        except VideoError as exc:
            self._files.close()
            raise VideoError(f"{self.path}: {exc}") from exc

    @property
    def frame_rate(self) -> float:
        """Frames per second the file says it plays at (25 when it does not say)."""
        return self._info.fps or 25.0

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of its frames as stored (a phone video's turn applies when they are decoded)."""
        return self._info.width, self._info.height

    def frames(self) -> Iterator[tuple[np.ndarray, float]]:
        """Every frame as (HxWx3 uint8 RGB pixels in displayed orientation, seconds from the start), as fast as
        they decode. A damaged packet ends the video there (VideoError when not even the first frame decodes)."""
        count = 0
        try:
            for at, frame in frames(self._container, self._stream):
                info = self._info.turned(getattr(frame, "rotation", 0))
                count += 1
                yield pixels(frame, info.reduced_size(None), info.rotation), at
        except VideoError as exc:
            if not count:
                raise VideoError(f"{self.path}: cannot decode its video ({exc})") from exc

    def play(self, speed: float = 1.0) -> Iterator[tuple[np.ndarray, float]]:
        """:meth:`frames`, each handed out when its time comes (``speed`` 2: twice as fast), as a camera
        delivers them; a frame that decodes late is handed out at once (decoding does not fall further behind)."""
        began = time.perf_counter()
        for image, at in self.frames():
            wait = began + at / speed - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            yield image, at

    def close(self) -> None:
        self._files.close()

    def __enter__(self) -> VideoFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
