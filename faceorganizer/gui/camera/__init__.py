"""The Camera window: the live view of a camera or a video file, faces named by the library's people (opened
on its own by `faceorganizer camera`: ``gui.app.run_camera``)."""

from __future__ import annotations

from .window import CameraWindow, multimedia_problem

__all__ = ["CameraWindow", "multimedia_problem"]
