"""128-d face descriptors with face-api.js's faceRecognitionNet (ResNet-34-like, dlib weights) on ORT."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .base import OnnxNet, check_faces
from .preprocess import to_batch

INPUT_SIZE = 150
# FaceRecognitionNet.forwardInput calls toBatchTensor(150, true): crops are padded to square *centred*
# (for a 122x178 crop, bottom/right padding instead moves the descriptor by ~0.39)
CENTER_INPUTS = True
DESCRIPTOR_SIZE = 128


class FaceRecognitionNet(OnnxNet):
    """face-api.js ``faceRecognitionNet``: face crops -> 128-d descriptors.

    Two faces are the same person when their euclidean distance is below ~0.6 (FaceMatcher's default).
    Descriptors are returned as face-api.js computes them: not L2-normalized.
    """

    model_file = "face_recognition.onnx"
    net_name = "face_recognition"

    def prepare(self, faces: Sequence[np.ndarray], *, canvas: bool = False) -> np.ndarray:
        """The NHWC float32 batch face-api.js builds: each crop padded to square centred, resized to 150
        (``canvas``: as face-api.js does for canvas inputs, see preprocess.to_batch)."""
        return to_batch(check_faces(faces, type(self).__name__), INPUT_SIZE, center=CENTER_INPUTS, canvas=canvas)

    def predict(self, faces: Sequence[np.ndarray], *, canvas: bool = False) -> np.ndarray:
        """Descriptors [N, 128] float32 of HxWx3 RGB face crops (any size, values 0..255), in one batch."""
        if len(faces) == 0:
            return np.empty((0, DESCRIPTOR_SIZE), dtype=np.float32)
        (descriptors,) = self.run(self.prepare(faces, canvas=canvas))
        return descriptors
