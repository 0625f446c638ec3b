"""68-point face landmarks (face-api.js faceLandmark68Net and faceLandmark68TinyNet) on face crops."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .base import OnnxNet, check_faces
from .preprocess import to_batch

INPUT_SIZE = 112


def unpad_landmarks(raw: np.ndarray, sizes: Sequence[tuple[int, int]], input_size: int = INPUT_SIZE) -> np.ndarray:
    """Raw [N,136] net outputs -> [N,68,2] pixel positions in each crop (face-api.js postProcess).

    face-api.js pads each crop to a centred square, so the net's coordinates are relative to that
    square: it scales them to ``input_size``, subtracts half the padding of the resized crop
    (|w - h| / 2 on the short side, unrounded) and divides by the resized crop's size, in float32;
    FaceLandmarks68 then multiplies the relative points by the crop's width and height.
    ``sizes`` holds each crop's (height, width).
    """
    n = len(sizes)
    raw = np.asarray(raw, dtype=np.float32).reshape(n, 68, 2)
    hw = np.asarray(sizes, dtype=np.float64).reshape(n, 2)
    scale = input_size / hw.max(axis=1, keepdims=True)
    dims = (hw * scale)[:, ::-1]  # resized (width, height)
    w, h = dims[:, 0], dims[:, 1]
    pad = np.zeros((n, 2))
    pad[:, 0] = np.where(w < h, np.abs(w - h) / 2, 0.0)
    pad[:, 1] = np.where(h < w, np.abs(w - h) / 2, 0.0)
    f32 = np.float32
    rel = (raw * f32(input_size) - pad.astype(f32)[:, None, :]) / dims.astype(f32)[:, None, :]
    return rel.astype(np.float64) * hw[:, ::-1][:, None, :]


class _Landmark68Base(OnnxNet):
    def predict(self, faces: Sequence[np.ndarray], *, canvas: bool = False) -> np.ndarray:
        """Landmarks of each face crop as [N,68,2] (x, y) pixels of that crop; all crops run as one batch.
        ``canvas``: resample the crops as face-api.js does for canvas inputs (preprocess.to_batch)."""
        crops = check_faces(faces, type(self).__name__)
        if not crops:
            return np.zeros((0, 68, 2))
        (raw,) = self.run(to_batch(crops, INPUT_SIZE, center=True, canvas=canvas))
        return unpad_landmarks(raw, [c.shape[:2] for c in crops])


class FaceLandmark68Net(_Landmark68Base):
    """face-api.js faceLandmark68Net: four dense blocks (the accurate one)."""

    model_file = "face_landmark_68.onnx"
    net_name = "face_landmark_68"


class FaceLandmark68TinyNet(_Landmark68Base):
    """face-api.js faceLandmark68TinyNet: three smaller dense blocks (faster, a little less exact)."""

    model_file = "face_landmark_68_tiny.onnx"
    net_name = "face_landmark_68_tiny"
