"""Facial expression probabilities (face-api.js faceExpressionNet) on face crops."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .base import OnnxNet, check_faces
from .preprocess import to_batch

INPUT_SIZE = 112
# the order of the net's 7 outputs (face-api.js FACE_EXPRESSION_LABELS)
FACE_EXPRESSION_LABELS: tuple[str, ...] = (
    "neutral",
    "happy",
    "sad",
    "angry",
    "fearful",
    "disgusted",
    "surprised",
)


class FaceExpressionNet(OnnxNet):
    """face-api.js faceExpressionNet: softmax over FACE_EXPRESSION_LABELS for each face crop."""

    model_file = "face_expression.onnx"
    net_name = "face_expression"

    def predict(self, faces: Sequence[np.ndarray], *, canvas: bool = False) -> np.ndarray:
        """[N,7] probabilities (order FACE_EXPRESSION_LABELS) for HxWx3 crops; all crops run as one batch.
        ``canvas``: resample the crops as face-api.js does for canvas inputs (preprocess.to_batch)."""
        crops = check_faces(faces, type(self).__name__)
        if not crops:
            return np.zeros((0, len(FACE_EXPRESSION_LABELS)), dtype=np.float32)
        (probs,) = self.run(to_batch(crops, INPUT_SIZE, center=True, canvas=canvas))
        return probs
