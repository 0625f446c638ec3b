"""128-d face descriptors with face-api.js's faceRecognitionNet (ResNet-34-like, dlib weights) on ORT."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .base import OnnxNet
from .preprocess import to_batch

INPUT_SIZE = 150
# FaceRecognitionNet.forwardInput calls toBatchTensor(150, true): crops are padded to square *centred*
# (for a 122x178 crop, bottom/right padding instead moves the descriptor by ~0.39)
CENTER_INPUTS = True
DESCRIPTOR_SIZE = 128


def _check_face(index: int, face: np.ndarray) -> None:
    if not isinstance(face, np.ndarray):
        raise ValueError(f"face {index}: expected a numpy array, got {type(face).__name__}")
    if face.ndim != 3 or face.shape[2] != 3:
        raise ValueError(f"face {index}: expected an HxWx3 RGB array, got shape {face.shape}")
    if face.shape[0] == 0 or face.shape[1] == 0:
        raise ValueError(f"face {index}: empty crop of shape {face.shape}")


class FaceRecognitionNet(OnnxNet):
    """face-api.js ``faceRecognitionNet``: face crops -> 128-d descriptors.

    Two faces are the same person when their euclidean distance is below ~0.6 (FaceMatcher's default).
    Descriptors are returned as face-api.js computes them: not L2-normalized.
    """

    model_file = "face_recognition.onnx"

    def prepare(self, faces: Sequence[np.ndarray]) -> np.ndarray:
        """The NHWC float32 batch face-api.js builds: each crop padded to square centred, resized to 150."""
        for i, face in enumerate(faces):
            _check_face(i, face)
        return to_batch(faces, INPUT_SIZE, center=CENTER_INPUTS)

    def predict(self, faces: Sequence[np.ndarray]) -> np.ndarray:
        """Descriptors [N, 128] float32 of HxWx3 RGB face crops (any size, values 0..255), in one batch."""
        if len(faces) == 0:
            return np.empty((0, DESCRIPTOR_SIZE), dtype=np.float32)
        (descriptors,) = self.run(self.prepare(faces))
        return descriptors
