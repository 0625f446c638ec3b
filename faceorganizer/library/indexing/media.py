"""Analysing any file of the library: a video (by its suffix) as face tracks (``video.analyze.track_faces``) stored as
faces of the video, anything else as a photo (``photo_reader.analyze_photo``). The analyzers run ``analyze_media``."""

from __future__ import annotations

import dataclasses
import threading

from ...api.options import DetectorOptions
from ...nets import NetRegistry
from ..catalog import FaceData, PhotoInfo
from .photo_reader import PhotoReadError, ReadFile, analyze_photo, face_data
from .video import is_video
from .video.analyze import VideoCancelled, VideoOptions, track_faces
from .video.decode import VideoError


def _taken_at(created: str | None) -> str | None:
    """A container's creation time as ``YYYY-MM-DDTHH:MM:SS`` (as written: phones write UTC), or None."""
    if not created or len(created) < 19 or created.startswith("0000") or created.startswith("1970-01-01"):
        return None
    return created[:10] + "T" + created[11:19]


def analyze_video(
    path: str,
    read: ReadFile,
    options: DetectorOptions,
    detector_name: str,
    max_side: int | None,
    nets: NetRegistry | None = None,
    cancel: threading.Event | None = None,
    video: VideoOptions | None = None,
) -> tuple[PhotoInfo, list[FaceData]]:
    """A video's info and its face tracks as faces to store (best frame in full-size displayed pixels, with
    ``frame_time``, ``track_start``/``track_end`` and ``shot``); a bad file as PhotoReadError."""
    if read.info.size == 0:
        raise PhotoReadError("empty file (0 bytes), not a video")
    try:
        found = track_faces(path, options, max_side, nets, cancel, video)
    except VideoCancelled as exc:  # not the video's fault: it stays pending
        raise PhotoReadError(str(exc), cancelled=True) from exc
    except VideoError as exc:
        raise PhotoReadError(str(exc)) from exc
    w, h = found.info.width, found.info.height
    sx, sy = w / found.frame_size[0], h / found.frame_size[1]
    faces = [
        dataclasses.replace(
            face_data(f.result, sx, sy), frame_time=f.time, track_start=f.start, track_end=f.end, shot=f.shot
        )  # fmt: skip
        for f in found.faces
    ]
    info = PhotoInfo(
        size=read.info.size,
        mtime_ns=read.info.mtime_ns,
        content_hash=read.info.content_hash,
        width=w,
        height=h,
        taken_at=_taken_at(found.info.created),
        detector=detector_name,
        media="video",
        duration=found.info.duration,
    )
    return info, faces


def analyze_media(
    path: str,
    read: ReadFile,
    options: DetectorOptions,
    detector_name: str,
    max_side: int | None,
    nets: NetRegistry | None = None,
    cancel: threading.Event | None = None,
) -> tuple[PhotoInfo, list[FaceData]]:
    """Analyse a file of the library: a video (by its suffix) with ``analyze_video``, else ``analyze_photo``."""
    if is_video(path):
        return analyze_video(path, read, options, detector_name, max_side, nets, cancel)
    return analyze_photo(path, read, options, detector_name, max_side, nets, cancel)
