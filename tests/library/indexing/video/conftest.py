"""Fixtures of the video tests: short videos generated at test time with PyAV (the FFmpeg binding the library
decodes with), from still pictures panned and cut into shots."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

#: Codec and pixel format per container suffix (every one PyAV's wheels can encode).
CODECS = {
    ".mp4": "libx264",
    ".mov": "libx264",
    ".m4v": "libx264",
    ".mkv": "libx264",
    ".webm": "libvpx",
    ".avi": "mpeg4",
    ".3gp": "mpeg4",
}


@dataclass(frozen=True)
class Shot:
    """``seconds`` of a picture, zoomed in by ``zoom`` and panned from its top-left to its bottom-right corner."""

    picture: np.ndarray
    seconds: float
    zoom: float = 1.25


def pan_frames(shot: Shot, size: tuple[int, int], fps: int) -> list[np.ndarray]:
    """The frames of one shot: the picture scaled to cover ``size`` times ``zoom``, a window sliding across it."""
    w, h = size
    ph, pw = shot.picture.shape[:2]
    scale = max(w / pw, h / ph) * shot.zoom
    big = np.asarray(Image.fromarray(shot.picture).resize((round(pw * scale), round(ph * scale)), Image.BILINEAR))
    n = max(1, round(shot.seconds * fps))
    out = []
    for i in range(n):
        t = i / max(1, n - 1)
        x, y = round(t * (big.shape[1] - w)), round(t * (big.shape[0] - h))
        out.append(np.ascontiguousarray(big[y : y + h, x : x + w]))
    return out


def write_video(
    path: Path,
    shots: Sequence[Shot],
    size: tuple[int, int] = (640, 360),
    fps: int = 10,
    rotation: int = 0,
    gop: int | None = None,
) -> Path:
    """Encode ``shots`` one after the other into ``path`` (codec by suffix); ``rotation``: a display matrix;
    ``gop``: a keyframe every ``gop`` frames (else the encoder's default)."""
    import av

    codec = CODECS[path.suffix.lower()]
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        if codec == "libx264":
            stream.options = {"preset": "ultrafast", "crf": "23"}
        if rotation:
            stream.set_display_rotation(rotation)
        if gop:
            stream.codec_context.gop_size = gop
        for shot in shots:
            for frame in pan_frames(shot, size, fps):
                for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                    container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


@pytest.fixture
def make_video() -> Callable[..., Path]:
    """``make_video(path, shots, size=(640, 360), fps=10, rotation=0)``: a video file generated now."""
    return write_video


def _picture(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


@pytest.fixture
def picture(faceapi_path) -> Callable[..., np.ndarray]:
    """``picture(*parts)``: an image of the reference data as RGB (skips the test when the data is absent)."""
    return lambda *parts: _picture(faceapi_path(*parts))


@pytest.fixture
def fake_video_nets(fake_nets, monkeypatch):
    """``fake_nets`` (see tests/conftest.py) for videos' sampled frames too: one face per frame whose descriptor
    is the frame's mean colour, so a plain-coloured shot is one person and another colour another."""
    from faceorganizer.library.indexing.video import analyze

    monkeypatch.setattr(analyze, "analyze", fake_nets)
    return fake_nets


def plain(colour: tuple[int, int, int], size: tuple[int, int] = (320, 180)) -> np.ndarray:
    """A picture of one colour."""
    return np.full((size[1], size[0], 3), colour, dtype=np.uint8)


def broken_videos(folder: Path, good: Path) -> list[Path]:
    """A truncated copy of ``good`` (same suffix), a zero-byte .mp4 and a text file named .mov, in ``folder``."""
    data = good.read_bytes()
    cut = folder / f"cut{good.suffix}"
    cut.write_bytes(data[: len(data) // 2])
    empty = folder / "empty.mp4"
    empty.write_bytes(b"")
    notes = folder / "notes.mov"
    notes.write_text("not a video, a text file named like one\n" * 40)
    return [cut, empty, notes]
