"""The live analysis loop (a camera's or a video's frames): one frame at a time analysed on a worker thread,
frames that arrive while it is busy dropped rather than queued, each face named by a FaceMatcher."""

from __future__ import annotations

from .analyzer import LIVE_STAGES, FrameAnalyzer, FrameResult, LiveFace, live_options
from .loop import LiveLoop, LoopStats
from .video import VideoError, VideoFile, write_video

__all__ = [
    "LIVE_STAGES",
    "FrameAnalyzer",
    "FrameResult",
    "LiveFace",
    "LiveLoop",
    "LoopStats",
    "VideoError",
    "VideoFile",
    "live_options",
    "write_video",
]
