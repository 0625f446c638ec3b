"""Decoding generated videos with PyAV: what they are, their frames' times, one frame at a time (for a face's
picture), the display rotation, and clear errors for files that are not (whole) videos."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.library.indexing.video import is_video
from faceorganizer.library.indexing.video.decode import (
    DecodeCounts,
    VideoError,
    frames,
    open_video,
    probe,
    sampled_frames,
    video_frame,
)
from faceorganizer.library.indexing.video.sampling import Sampler, SamplingOptions

from .conftest import Shot, write_video

#: One plain colour per second of the video.
COLOURS = [(200, 40, 40), (40, 200, 40), (40, 40, 200), (220, 220, 60)]


def _plain(colour, size=(320, 180)) -> np.ndarray:
    return np.full((size[1], size[0], 3), colour, dtype=np.uint8)


@pytest.fixture
def coloured(tmp_path):
    return write_video(tmp_path / "colours.mp4", [Shot(_plain(c), 1.0, zoom=1.0) for c in COLOURS], (320, 180))


def test_probe_and_frame_times(coloured):
    with open_video(coloured) as (container, stream):
        info = probe(container, stream)
        times = [t for t, _ in frames(container, stream)]
    assert (info.width, info.height, info.rotation, info.codec) == (320, 180, 0, "h264")
    assert info.duration == pytest.approx(4.0, abs=0.11) and info.fps == pytest.approx(10.0)
    assert len(times) == 40 and times[0] == 0.0 and times == sorted(times)
    assert np.allclose(np.diff(times), 0.1)
    assert info.reduced_size(160) == (160, 90) and info.reduced_size(None) == (320, 180)
    assert info.reduced_size(1280) == (320, 180)  # never enlarged


@pytest.mark.parametrize("time, colour", [(0.0, 0), (1.55, 1), (2.95, 2), (3.9, 3), (60.0, 3)])
def test_video_frame_is_the_picture_at_that_time(coloured, time, colour):
    rgb = video_frame(coloured, time)
    assert rgb.shape == (180, 320, 3) and rgb.dtype == np.uint8
    assert np.abs(rgb.reshape(-1, 3).mean(axis=0) - COLOURS[colour]).max() < 12
    assert video_frame(coloured, time, max_side=80).shape == (45, 80, 3)


def test_a_rotated_video_is_given_as_displayed(tmp_path):
    stored = np.zeros((32, 64, 3), dtype=np.uint8)
    stored[:, :8] = 255  # a white strip on the left of the stored frames
    path = write_video(tmp_path / "portrait.mp4", [Shot(stored, 1.0, zoom=1.0)], (64, 32), rotation=90)
    rgb = video_frame(path, 0.5)
    assert rgb.shape == (64, 32, 3)  # turned a quarter, counter-clockwise: the strip is now at the bottom
    assert rgb[-6:].mean() > 200 and rgb[:-10].mean() < 40


def test_files_that_are_not_whole_videos_are_clear_errors(tmp_path, coloured):
    (tmp_path / "empty.mp4").write_bytes(b"")
    (tmp_path / "notes.mov").write_text("a text file named like a video\n" * 20)
    data = coloured.read_bytes()
    (tmp_path / "cut.mp4").write_bytes(data[: len(data) // 2])
    for name in ("empty.mp4", "notes.mov", "cut.mp4"):
        with pytest.raises(VideoError, match="not a readable video"):
            video_frame(tmp_path / name, 0.0)


def test_video_suffixes():
    assert all(is_video(f"a/b{s}") for s in (".mp4", ".MOV", ".m4v", ".mkv", ".webm", ".avi", ".3gp"))
    assert not is_video("a/b.jpg") and not is_video("a/mp4")


@pytest.mark.parametrize("gop, most", [(5, 0.45), (300, 1.0)])
def test_sampling_decodes_only_what_it_needs(tmp_path, gop, most):
    """With a keyframe every 0.5 s and a sample a second, the frames after each group's wanted one are never
    decoded; with one keyframe in the whole video every frame must be."""
    shots = [Shot(_plain(c), 3.0, zoom=1.0) for c in COLOURS]
    path = write_video(tmp_path / "gop.mp4", shots, (320, 180), gop=gop)
    counts = DecodeCounts()
    sampler = Sampler(SamplingOptions(fps=1.0, burst=0), 12.0)
    with open_video(path) as (container, stream):
        taken = [t for t, _ in sampled_frames(container, stream, sampler, counts)]
    assert counts.packets == 120 and counts.decoded <= most * 120 and counts.last_packet == pytest.approx(11.9)
    assert len(taken) >= 12 and max(np.diff(taken)) <= 1.0 + 1e-6 and taken == sorted(taken)
    with open_video(path) as (container, stream):  # the frames given are the frames at those times
        every = dict(frames(container, stream))
    assert all(t in every for t in taken)


def test_the_live_views_video_source_turns_a_rotated_video_too(tmp_path):
    """The Camera window's file source reads videos through the same code (faceorganizer.video): a phone video's
    display rotation applies there as in the index."""
    from faceorganizer.api.live import VideoFile

    stored = np.zeros((32, 64, 3), dtype=np.uint8)
    stored[:, :8] = 255
    path = write_video(tmp_path / "portrait.mp4", [Shot(stored, 1.0, zoom=1.0)], (64, 32), rotation=90)
    with VideoFile(path) as video:
        rgb, _at = next(iter(video.frames()))
    assert rgb.shape == (64, 32, 3) and rgb[-6:].mean() > 200 and rgb[:-10].mean() < 40
