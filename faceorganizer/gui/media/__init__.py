"""Video and camera frames through QtMultimedia (``sources``: the default camera or another, a video file),
shared by the Camera window and the photo viewer's video playback. QtMultimedia is imported only by
``sources``, so that its absence (a minimal system) is a message, not a crash."""

from __future__ import annotations


def multimedia_problem() -> str | None:
    """Why the camera and video support (QtMultimedia) cannot load here, or None when it can."""
    try:
        from . import sources  # noqa: F401 - imported for the check
    except ImportError as exc:
        return str(exc)
    return None
