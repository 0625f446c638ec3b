"""`faceorganizer detect VIDEO`: a video's face tracks (one per person per shot) with their times, as JSON or a
summary; the same sampling, pipeline and tracking a scan runs (library.indexing.video)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...api.options import DetectorOptions
from ..output import printable


def video_entry(path: Path, options: DetectorOptions) -> dict[str, Any]:
    """The JSON entry of one video: its displayed size, length, samples and shots, and its tracks (best frame's
    face in full-size displayed pixels, with ``shot``, ``start``/``end`` and ``time``, seconds); ``error`` (None
    or why the file could not be analysed)."""
    from ...api.utils import resize_results
    from ...library.indexing.video.analyze import track_faces
    from ...library.indexing.video.decode import VideoError

    entry: dict[str, Any] = {"path": str(path.resolve()) if path.exists() else str(path), "width": None,
                             "height": None, "duration": None}  # fmt: skip
    try:
        found = track_faces(str(path), options)
    except VideoError as exc:
        entry.update(error=str(exc), tracks=[])
        return entry
    w, h = found.info.width, found.info.height
    entry.update(width=w, height=h, duration=found.info.duration, samples=found.samples, shots=found.shots)
    tracks = []
    for face in found.faces:
        item: dict[str, Any] = {"shot": face.shot, "start": face.start, "end": face.end, "time": face.time,
                                "samples": face.samples}  # fmt: skip
        item.update(resize_results(face.result, (w, h)).to_json())
        tracks.append(item)
    entry.update(error=None, tracks=tracks)
    return entry


def print_video(path: Path, entry: dict[str, Any], face_summary: Callable[[dict], str]) -> None:
    """The text form of ``video_entry``: one line for the video, one per track (``face_summary``: detect's line)."""
    if entry["error"]:
        print(f"{printable(path)}: error: {printable(entry['error'])}")
        return
    print(f"{printable(path)}: {len(entry['tracks'])} face track(s) in {entry['shots']} shot(s), "
          f"{entry['duration'] or 0:.1f} s")  # fmt: skip
    for t in entry["tracks"]:
        print(f"  shot {t['shot']} {t['start']:.2f}-{t['end']:.2f} s (best at {t['time']:.2f} s) {face_summary(t)}")
