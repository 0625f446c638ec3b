"""Per-face result types (face-api.js's WithFaceDetection / WithFaceLandmarks / ... as one dataclass)
and the JSON shape the CLI prints."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..geometry import Box, Detection
from ..nets.face_expression import FACE_EXPRESSION_LABELS
from .landmarks import FaceLandmarks68

FaceDetection = Detection


class Gender(str, enum.Enum):
    MALE = "male"
    FEMALE = "female"

    def __str__(self) -> str:  # "female", not "Gender.FEMALE" (to_json writes str(gender))
        return self.value


class FaceExpressions(dict[str, float]):
    """The seven expression probabilities by name (neutral, happy, sad, angry, fearful, disgusted, surprised)."""

    @classmethod
    def from_probabilities(cls, probabilities) -> FaceExpressions:
        return cls((label, float(p)) for label, p in zip(FACE_EXPRESSION_LABELS, probabilities, strict=True))

    def as_sorted_list(self) -> list[tuple[str, float]]:
        """(expression, probability) pairs, most probable first."""
        return sorted(self.items(), key=lambda kv: kv[1], reverse=True)

    @property
    def dominant(self) -> str:
        return max(self, key=self.__getitem__)


@dataclass
class FaceResult:
    """Everything computed for one face; fields not asked for stay None.

    Coordinates are pixels of the analysed image. ``aligned_box`` (face-api.js's alignedRect) is
    the landmark-derived box the expression and age/gender nets see; ``descriptor_box`` the square
    cropped for the descriptor.
    """

    detection: Detection
    landmarks: FaceLandmarks68 | None = None
    aligned_box: Box | None = None
    descriptor_box: Box | None = None
    expressions: FaceExpressions | None = None
    age: float | None = None
    gender: str | None = None
    gender_probability: float | None = None
    descriptor: np.ndarray | None = None

    @property
    def box(self) -> Box:
        return self.detection.box

    @property
    def score(self) -> float:
        return self.detection.score

    @property
    def unshifted_landmarks(self) -> FaceLandmarks68 | None:
        """Landmarks relative to the face crop (shift 0), as the landmark net returned them."""
        return None if self.landmarks is None else self.landmarks.shift_by(0.0, 0.0)

    @property
    def aligned_rect(self) -> Detection | None:
        """The aligned box as a FaceDetection (the detection's score), like face-api.js."""
        if self.aligned_box is None:
            return None
        d = self.detection
        return Detection(self.aligned_box, d.score, d.image_width, d.image_height)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"box": self.box.as_dict(), "score": self.score}
        if self.landmarks is not None:
            out["landmarks"] = [[float(x), float(y)] for x, y in self.landmarks.positions]
        if self.aligned_box is not None:
            out["aligned_box"] = self.aligned_box.as_dict()
        if self.descriptor_box is not None:
            out["descriptor_box"] = self.descriptor_box.as_dict()
        if self.expressions is not None:
            out["expressions"] = dict(self.expressions)
        if self.age is not None:
            out["age"] = float(self.age)
            out["gender"] = str(self.gender)
            out["gender_probability"] = float(self.gender_probability or 0.0)
        if self.descriptor is not None:
            out["descriptor"] = [float(v) for v in self.descriptor]
        return out
