"""One video frame's faces as the live view shows them: the Tiny Face Detector (input 320 by default), tiny
landmarks, expressions, age/gender and, when there are people to name, descriptors matched by a FaceMatcher."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ...geometry import Box, Detection
from ...nets import NetRegistry
from ..analyze import Stages, analyze, analyze_faces, detect
from ..matching import FaceMatch, FaceMatcher
from ..options import DetectorOptions, TinyFaceDetectorOptions

#: What every live frame gets (descriptors are added only when a matcher is given): the tiny landmark net,
#: which is as good for aligning the expression and age/gender crops and a third of the full net's time.
LIVE_STAGES = Stages(landmarks=True, tiny_landmarks=True, expressions=True, age_gender=True, descriptors=False)


def live_options(input_size: int = 320, score_threshold: float = 0.5) -> TinyFaceDetectorOptions:
    """The detector of the live view: face-api.js's webcam examples use the Tiny Face Detector at 320 or less."""
    return TinyFaceDetectorOptions(input_size=input_size, score_threshold=score_threshold)


@dataclass(frozen=True)
class LiveFace:
    """One face of a frame: its box and 68 landmarks (pixels of the frame), dominant expression, age and
    gender, and the name the matcher gave it (None: no one known, or no people to match against)."""

    box: Box
    score: float
    landmarks: np.ndarray | None = None
    expression: str | None = None
    expression_probability: float = 0.0
    age: float | None = None
    gender: str | None = None
    gender_probability: float = 0.0
    name: str | None = None
    distance: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The face as one JSON object: box, score, name ("unknown" when none), expression, age, gender."""
        out: dict[str, Any] = {
            "box": {k: round(v, 2) for k, v in self.box.as_dict().items()},
            "score": round(self.score, 4),
            "name": self.name or "unknown",
        }
        if self.distance is not None:
            out["distance"] = round(self.distance, 4)
        if self.expression is not None:
            out["expression"] = self.expression
            out["expression_probability"] = round(self.expression_probability, 4)
        if self.age is not None:
            out["age"] = round(self.age, 1)
            out["gender"] = self.gender
            out["gender_probability"] = round(self.gender_probability, 4)
        return out


@dataclass(frozen=True)
class FrameResult:
    """The faces of the frame shown at ``time`` seconds of its source, ``width`` x ``height`` pixels, and the
    seconds its analysis took."""

    time: float
    width: int
    height: int
    faces: list[LiveFace] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"time": round(self.time, 4), "faces": [f.to_json() for f in self.faces]}


class FrameAnalyzer:
    """Analyses frames (HxWx3 uint8 RGB arrays) for the live view. ``matcher``: the people to name (None: every
    face is unknown and no descriptor is computed). Safe to call from one worker thread while another thread
    replaces the matcher (:attr:`matcher` is read once per frame)."""

    def __init__(
        self,
        options: DetectorOptions | None = None,
        matcher: FaceMatcher | None = None,
        nets: NetRegistry | None = None,
    ) -> None:
        self.options = options or live_options()
        self.matcher = matcher
        self.nets = nets

    def warm_up(self) -> None:
        """Load every net the frames will need (on a blank frame and a made-up face), so that the first frames
        of a source are not dropped while the models load."""
        pixels = np.zeros((240, 320, 3), dtype=np.uint8)
        detect(pixels, self.options, self.nets)
        face = Detection(Box(100.0, 60.0, 120.0, 120.0), 0.9, 320, 240)
        analyze_faces(pixels, [face], replace(LIVE_STAGES, descriptors=True), self.nets)

    def __call__(self, pixels: np.ndarray, at: float = 0.0) -> FrameResult:
        """The faces of ``pixels``, the frame at ``at`` seconds of its source."""
        start = time.perf_counter()
        matcher = self.matcher
        stages = replace(LIVE_STAGES, descriptors=matcher is not None)
        results = analyze(pixels, self.options, stages, self.nets)
        matches: list[FaceMatch | None] = [None] * len(results)
        if matcher is not None and results:
            matches = list(matcher.match_many([r.descriptor for r in results]))
        faces = []
        for r, match in zip(results, matches):
            expression, probability = (None, 0.0)
            if r.expressions is not None:
                expression = r.expressions.dominant
                probability = r.expressions[expression]
            known = match is not None and match.label != "unknown"
            faces.append(
                LiveFace(
                    box=r.box,
                    score=float(r.score),
                    landmarks=None if r.landmarks is None else r.landmarks.positions,
                    expression=expression,
                    expression_probability=float(probability),
                    age=None if r.age is None else float(r.age),
                    gender=None if r.gender is None else str(r.gender),
                    gender_probability=float(r.gender_probability or 0.0),
                    name=match.label if known and match is not None else None,
                    distance=None if match is None else float(match.distance),
                )
            )
        h, w = pixels.shape[:2]
        return FrameResult(at, int(w), int(h), faces, time.perf_counter() - start)
