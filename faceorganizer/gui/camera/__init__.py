"""The Camera window: the live view of a camera or a video file, faces named by the library's people (opened
on its own by `faceorganizer camera`: ``gui.app.run_camera``)."""

from __future__ import annotations

from ..media import multimedia_problem
from .window import CameraWindow

__all__ = ["CameraWindow", "multimedia_problem"]
