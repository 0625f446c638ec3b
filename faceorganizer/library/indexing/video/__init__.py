"""Videos in the library: which files are videos (light: no FFmpeg loaded here), decoding and sampling their
frames with PyAV (decode.py, sampling.py), face tracks across frames (tracking.py) and the analysis a scan runs
on a video (analyze.py: one face per person per shot, stored like a photo's faces)."""

from __future__ import annotations

import os

#: Video files a scan picks up (decoded with PyAV, whose wheels bundle FFmpeg).
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".3gp"})


def is_video(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a video file (by its suffix, as the scan decides what a file is)."""
    return os.path.splitext(os.fspath(path))[1].lower() in VIDEO_SUFFIXES


__all__ = ["VIDEO_SUFFIXES", "is_video"]
