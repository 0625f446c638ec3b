"""Reading videos with PyAV (FFmpeg bundled in its wheels; no system ffmpeg), shared by the library's indexing
and the live view: what a video is (``probe``), its frames in order with their times (``frames``), a frame as
RGB pixels at a reduced size in displayed orientation (``pixels``), one frame at a given time (``video_frame``,
for thumbnails of a video's faces), and writing frames as a video (``write_video``, for tests and benchmarks).

Files are only ever opened for reading. Every FFmpeg failure becomes a ``VideoError`` with a message for the user.
Times are seconds from the video stream's first frame (its ``start_time`` subtracted).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import av
import av.container
import av.video.stream
import numpy as np

Container = av.container.InputContainer
Stream = av.video.stream.VideoStream


class VideoError(Exception):
    """A video that cannot be opened or decoded (corrupt, truncated, not a video, no video stream)."""


@dataclass(frozen=True)
class VideoInfo:
    """A video as displayed: frame size after its rotation, length, frame rate, codec and creation time."""

    width: int
    height: int
    duration: float | None
    fps: float | None
    rotation: int  # degrees counter-clockwise the stored frames are turned to be displayed (0, 90, 180, 270)
    codec: str
    created: str | None  # the container's creation_time (ISO 8601, as the camera wrote it, usually UTC)

    def turned(self, degrees: float | None) -> VideoInfo:
        """This info for stored frames shown turned ``degrees`` counter-clockwise (a frame's ``rotation``: the
        display matrix, which FFmpeg gives with the decoded frames), sizes swapped for a quarter turn."""
        rotation = int(round(float(degrees or 0) / 90.0)) % 4 * 90
        if rotation == self.rotation:
            return self
        w, h = (self.width, self.height) if (rotation - self.rotation) % 180 == 0 else (self.height, self.width)
        return dataclasses.replace(self, width=w, height=h, rotation=rotation)

    def reduced_size(self, max_side: int | None) -> tuple[int, int]:
        """The displayed size scaled down (never up) so that its longer side is at most ``max_side``."""
        scale = 1.0 if not max_side else min(1.0, max_side / max(self.width, self.height))
        return max(2, round(self.width * scale)), max(2, round(self.height * scale))


def _message(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return str(text).strip() or type(exc).__name__


@contextmanager
def open_video(path: str | os.PathLike[str]) -> Iterator[tuple[Container, Stream]]:
    """The container (read-only) and its first video stream, decoded with FFmpeg's threads; VideoError if none."""
    try:
        # metadata in another encoding than UTF-8 (old cameras) must not make the video unreadable
        container = av.open(os.fspath(path), mode="r", metadata_errors="replace")
    except av.error.FFmpegError as exc:
        raise VideoError(f"not a readable video: truncated, corrupt or not a video ({_message(exc)})") from exc
    except OSError as exc:
        raise VideoError(f"cannot open: {_message(exc)}") from exc
    try:
        if not container.streams.video:
            raise VideoError("no video stream in the file")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        yield container, stream
    finally:
        container.close()


def probe(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> VideoInfo:
    """What the container says of its video stream (no frame decoded: the rotation is that of the frames, see
    ``VideoInfo.turned``)."""
    duration = None
    if stream.duration is not None and stream.time_base is not None:
        duration = float(stream.duration * stream.time_base)
    elif container.duration is not None:
        duration = container.duration / av.time_base
    rate = stream.average_rate or stream.guessed_rate
    created = container.metadata.get("creation_time") or stream.metadata.get("creation_time")
    w, h = stream.codec_context.width, stream.codec_context.height
    if not w or not h:
        raise VideoError("the video stream has no frame size")
    return VideoInfo(w, h, duration, float(rate) if rate else None, 0, stream.codec_context.name, created)


def start_time(stream: av.video.stream.VideoStream) -> float:
    """The stream's first timestamp in seconds (frame times are counted from it)."""
    if stream.start_time is None or stream.time_base is None:
        return 0.0
    return float(stream.start_time * stream.time_base)


def frames(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream
) -> Iterator[tuple[float, av.VideoFrame]]:
    """(time, frame) of every frame in decoding order; a decoding failure as VideoError naming the time."""
    origin = start_time(stream)
    fps = float(stream.average_rate or stream.guessed_rate or 30)
    index, last = 0, 0.0
    decoder = container.decode(stream)
    while True:
        try:
            frame = next(decoder)
        except StopIteration:
            return
        except av.error.FFmpegError as exc:
            raise VideoError(f"corrupt video: decoding failed after {last:.1f} s ({_message(exc)})") from exc
        last = float(frame.time) - origin if frame.time is not None else index / fps
        index += 1
        yield last, frame


def pixels(frame: av.VideoFrame, size: tuple[int, int], rotation: int = 0) -> np.ndarray:
    """The frame as HxWx3 uint8 RGB of ``size`` = displayed (width, height), scaled in FFmpeg, then turned."""
    w, h = size if rotation in (0, 180) else (size[1], size[0])
    if (frame.width, frame.height) != (w, h) or frame.format.name != "rgb24":
        frame = frame.reformat(width=w, height=h, format="rgb24")
    out: np.ndarray = frame.to_ndarray()
    if rotation:
        out = np.ascontiguousarray(np.rot90(out, k=rotation // 90))
    return out


def video_frame(path: str | os.PathLike[str], time: float, max_side: int | None = None) -> np.ndarray:
    """The frame shown at ``time`` seconds (the last one if ``time`` is past the end) as RGB pixels in displayed
    orientation, at most ``max_side`` on its longer side: the picture a video's face (its ``frame_time``, box
    in full-size displayed pixels) is cropped from. Seeks to the keyframe before, then decodes up to the time."""
    with open_video(path) as (container, stream):
        info = probe(container, stream)
        target = max(0.0, float(time))
        if stream.time_base is not None and target > 0:
            try:
                container.seek(int((target + start_time(stream)) / stream.time_base), stream=stream, backward=True)
            except av.error.FFmpegError:  # an unseekable file: decode from the start
                container.seek(0)
        chosen = None
        for t, frame in frames(container, stream):
            if chosen is not None and t > target + 1e-3:  # past it: the frame before is the one shown then
                break
            chosen = frame
        if chosen is None:
            raise VideoError(f"no frame at {target:.2f} s")
        info = info.turned(getattr(chosen, "rotation", 0))
        return pixels(chosen, info.reduced_size(max_side), info.rotation)


def write_video(path: str | os.PathLike[str], frames: Iterable[np.ndarray], fps: int = 25, codec: str = "mpeg4") -> int:
    """Encode ``frames`` (HxWx3 uint8 RGB arrays of one size, even width and height) as a video at ``fps``
    frames per second (MPEG-4 part 2 by default: every FFmpeg build has its encoder); how many were written.
    Tests and benchmarks make their video sources with it."""
    count = 0
    with av.open(str(path), "w") as out:
        stream = None
        for pixels in frames:
            if stream is None:
                stream = out.add_stream(codec, rate=fps)
                stream.height, stream.width = pixels.shape[:2]
                stream.pix_fmt = "yuv420p"
                stream.bit_rate = 4_000_000
            for packet in stream.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(pixels), format="rgb24")):
                out.mux(packet)
            count += 1
        if stream is not None:
            for packet in stream.encode():
                out.mux(packet)
    return count
