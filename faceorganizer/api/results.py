"""Per-face results of the pipeline, with the JSON shape the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..geometry import Box, Detection


@dataclass
class FaceResult:
    """Everything computed for one face; fields not asked for stay None.

    Coordinates are pixels of the analysed image. ``aligned_box`` is the landmark-derived box the
    expression and age/gender nets see; ``descriptor_box`` the square cropped for the descriptor.
    """

    detection: Detection
    landmarks: np.ndarray | None = None
    aligned_box: Box | None = None
    descriptor_box: Box | None = None
    expressions: dict[str, float] | None = None
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

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"box": self.box.as_dict(), "score": self.score}
        if self.landmarks is not None:
            out["landmarks"] = [[float(x), float(y)] for x, y in self.landmarks]
        if self.aligned_box is not None:
            out["aligned_box"] = self.aligned_box.as_dict()
        if self.descriptor_box is not None:
            out["descriptor_box"] = self.descriptor_box.as_dict()
        if self.expressions is not None:
            out["expressions"] = {k: float(v) for k, v in self.expressions.items()}
        if self.age is not None:
            out["age"] = float(self.age)
            out["gender"] = self.gender
            out["gender_probability"] = float(self.gender_probability or 0.0)
        if self.descriptor is not None:
            out["descriptor"] = [float(v) for v in self.descriptor]
        return out
