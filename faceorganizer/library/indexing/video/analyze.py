"""The faces of a video: sample its frames (sampling.py), run the face pipeline on each sample, follow the faces
across samples (tracking.py) and keep, per track, its best frame (largest, sharpest, most frontal face): that
frame's analysis, its time and the track's span and shot (``VideoFace``; indexing/media.py stores it as one face of
the video, the CLI's ``detect`` prints it). Memory
stays bounded whatever the video's length: one decoded frame at a time (reduced to ``max_side``), the per-sample
results of its faces (no pixels) and at most ``SamplingOptions.max_samples`` samples.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

import numpy as np

from ....api.analyze import FULL, analyze
from ....api.options import DetectorOptions
from ....api.results import FaceResult
from ....imaging import crop
from ....nets import NetRegistry
from .decode import DecodeCounts, VideoCancelled, VideoError, VideoInfo, open_video, pixels, probe, sampled_frames
from .sampling import CutDetector, Sampler, SamplingOptions
from .tracking import Observation, Tracker, TrackingOptions

log = logging.getLogger("faceorganizer.library.indexing")

#: A video whose frames end this much (seconds, or this share of its length) before the length its container
#: gives is truncated: an error, not a partial analysis passed off as complete.
TRUNCATED_SLACK, TRUNCATED_SHARE = 2.0, 0.1


@dataclass(frozen=True)
class VideoOptions:
    """How videos are sampled and their faces tracked."""

    sampling: SamplingOptions = field(default_factory=SamplingOptions)
    tracking: TrackingOptions = field(default_factory=TrackingOptions)


@dataclass(frozen=True)
class VideoFace:
    """One face track: its shot, span and best frame's time, and that frame's analysis in pixels of the sampled
    frames (``VideoAnalysis.frame_size``)."""

    shot: int
    start: float
    end: float
    time: float
    samples: int
    result: FaceResult


@dataclass(frozen=True)
class VideoAnalysis:
    """A video's faces: ``info`` (displayed size, length...), the size its frames were analysed at, how many
    frames were sampled, how many shots were seen, and one ``VideoFace`` per person per shot."""

    info: VideoInfo
    frame_size: tuple[int, int]
    samples: int
    shots: int
    decoded: int
    faces: list[VideoFace]


def sharpness(face: np.ndarray) -> float:
    """How sharp a face crop is: the variance of the Laplacian of its grey levels at a fixed 64 px size."""
    grey = face.astype(np.float32).mean(axis=2) if face.ndim == 3 else face.astype(np.float32)
    ys = np.linspace(0, grey.shape[0] - 1, 64).astype(int)
    xs = np.linspace(0, grey.shape[1] - 1, 64).astype(int)
    g = grey[np.ix_(ys, xs)]
    lap = 4 * g[1:-1, 1:-1] - g[:-2, 1:-1] - g[2:, 1:-1] - g[1:-1, :-2] - g[1:-1, 2:]
    return float(lap.var())


def frontality(result: FaceResult) -> float:
    """How frontal a face is, 0..1 from its landmarks: the nose tip centred between the eyes (1) or not (0)."""
    if result.landmarks is None:
        return 0.5
    pts = np.asarray(result.landmarks.positions, dtype=np.float64)
    left, right, nose = pts[36:42].mean(axis=0), pts[42:48].mean(axis=0), pts[30]
    dl, dr = abs(nose[0] - left[0]), abs(right[0] - nose[0])
    return 1.0 - abs(dl - dr) / max(dl + dr, 1e-6)


def face_quality(result: FaceResult, frame: np.ndarray) -> float:
    """A face's worth as a track's picture: its size, weighed by sharpness and frontality."""
    box = result.box.clip(frame.shape[1], frame.shape[0])
    size = float(min(box.width, box.height))
    if size < 2:
        return 0.0
    s = sharpness(crop(frame, box))
    return size * (0.5 + 0.5 * s / (s + 100.0)) * (0.25 + 0.75 * frontality(result))


def track_faces(
    path: str,
    options: DetectorOptions,
    max_side: int | None = 1280,
    nets: NetRegistry | None = None,
    cancel: threading.Event | None = None,
    video: VideoOptions | None = None,
) -> VideoAnalysis:
    """Sample ``path``, analyse the samples and track their faces. Raises VideoError (a clear message) for a file
    that is not a video, is corrupt or truncated, VideoCancelled when ``cancel`` is set."""
    video = video or VideoOptions()
    results: list[FaceResult] = []
    tracker = Tracker(video.tracking)
    decoded = 0
    with open_video(path) as (container, stream):
        info = probe(container, stream)
        sampler = Sampler(video.sampling, info.duration)
        size: tuple[int, int] | None = None
        is_cut = CutDetector(video.sampling.cut_threshold)
        last = 0.0
        counts = DecodeCounts()
        for time, frame in sampled_frames(container, stream, sampler, counts):
            last = time
            if cancel is not None and cancel.is_set():
                raise VideoCancelled("cancelled while analysing the video")
            if size is None:
                info = info.turned(getattr(frame, "rotation", 0))  # the display matrix (PyAV 13+)
                size = info.reduced_size(max_side)
            rgb = pixels(frame, size, info.rotation)
            if is_cut(rgb):
                tracker.cut()
                sampler.cut(time)
            observations = []
            for r in analyze(rgb, options, FULL, nets):
                observations.append(Observation(time, r.box, r.descriptor, face_quality(r, rgb), len(results)))
                results.append(r)
            tracker.add(time, observations)
        decoded, last = counts.decoded, max(last, counts.last_packet)
        if size is None:
            raise VideoError("no frame could be decoded (empty, truncated or corrupt video)")
        if info.duration and info.duration - last > max(TRUNCATED_SLACK, TRUNCATED_SHARE * info.duration):
            raise VideoError(f"truncated video: its frames end at {last:.1f} s of its {info.duration:.1f} s")
    tracks = tracker.finish()
    faces = [VideoFace(t.shot, t.start, t.end, t.best.time, len(t.observations), results[t.best.ref]) for t in tracks]
    shots = tracker.shot + 1
    log.debug("%s: %d frames, %d decoded, %d sampled, %d shots, %d face tracks", path, counts.packets, decoded,
              sampler.taken, shots, len(faces))  # fmt: skip
    return VideoAnalysis(info, size, sampler.taken, shots, decoded, faces)


__all__ = ["VideoAnalysis", "VideoCancelled", "VideoFace", "VideoOptions", "face_quality", "track_faces"]
