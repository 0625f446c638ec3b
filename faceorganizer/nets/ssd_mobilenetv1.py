"""SSD MobileNetV1 face detector (face-api.js ssdMobilenetv1): 512x512 input, greedy NMS, pixel boxes."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import numpy as np

from ..geometry import Box, Detection
from .base import OnnxNet
from .preprocess import to_batch

log = logging.getLogger("faceorganizer.nets")

INPUT_SIZE = 512
IOU_THRESHOLD = 0.5  # SsdMobilenetv1.locateFaces


def _check_image(image: np.ndarray) -> None:
    if not isinstance(image, np.ndarray) or image.ndim != 3 or image.shape[2] != 3:
        shape = getattr(image, "shape", type(image).__name__)
        raise ValueError(f"expected an HxWx3 RGB image array, got {shape}")
    if image.shape[0] < 1 or image.shape[1] < 1:
        raise ValueError(f"empty image: {image.shape}")


def _check_options(min_confidence: float, max_results: int) -> None:
    if not 0 < min_confidence < 1:
        raise ValueError(f"min_confidence must be in (0, 1), got {min_confidence}")
    if int(max_results) != max_results or max_results < 1:
        raise ValueError(f"max_results must be a positive integer, got {max_results}")


def _iou(boxes: np.ndarray, i: int, j: int) -> float:
    """nonMaxSuppression.js IOU on (ymin, xmin, ymax, xmax) rows; 0 when either box is empty."""
    yi0, yi1 = sorted((float(boxes[i, 0]), float(boxes[i, 2])))
    xi0, xi1 = sorted((float(boxes[i, 1]), float(boxes[i, 3])))
    yj0, yj1 = sorted((float(boxes[j, 0]), float(boxes[j, 2])))
    xj0, xj1 = sorted((float(boxes[j, 1]), float(boxes[j, 3])))
    area_i = (yi1 - yi0) * (xi1 - xi0)
    area_j = (yj1 - yj0) * (xj1 - xj0)
    if area_i <= 0 or area_j <= 0:
        return 0.0
    inter = max(min(yi1, yj1) - max(yi0, yj0), 0.0) * max(min(xi1, xj1) - max(xi0, xj0), 0.0)
    return inter / (area_i + area_j - inter)


def non_max_suppression(boxes: np.ndarray, scores: np.ndarray, max_results: int, min_confidence: float) -> list[int]:
    """face-api.js's greedy NMS: candidates with score > min_confidence by falling score (stable for
    ties), each kept unless it overlaps an already kept box with IoU > 0.5; at most ``max_results``."""
    scores = np.asarray(scores, dtype=np.float64)  # compare as JS does (doubles), not in float32
    limit = min(max_results, len(scores))
    cand = np.flatnonzero(scores > min_confidence)
    cand = cand[np.argsort(-scores[cand], kind="stable")]
    selected: list[int] = []
    for idx in cand:
        if len(selected) >= limit:
            break
        if all(_iou(boxes, int(idx), s) <= IOU_THRESHOLD for s in reversed(selected)):
            selected.append(int(idx))
    return selected


def _reshaped_size(width: int, height: int) -> tuple[int, int]:
    """utils.computeReshapedDimensions: the image's size inside the 512 square (JS Math.round)."""
    scale = INPUT_SIZE / max(width, height)
    return math.floor(width * scale + 0.5), math.floor(height * scale + 0.5)


def to_detections(
    boxes: np.ndarray, scores: np.ndarray, width: int, height: int, min_confidence: float, max_results: int
) -> list[Detection]:
    """One image's raw outputs -> detections in its pixels, as SsdMobilenetv1.locateFaces.

    Boxes are clipped to [0, 1] of the padded square, scaled by 512 / reshaped size (so they may reach
    into the padding at the bottom/right, as face-api.js's do) and then by the image size.
    """
    rw, rh = _reshaped_size(width, height)
    pad_x = INPUT_SIZE / max(rw, 1)
    pad_y = INPUT_SIZE / max(rh, 1)
    out = []
    for idx in non_max_suppression(boxes, scores, max_results, min_confidence):
        ymin, xmin, ymax, xmax = (float(v) for v in boxes[idx])
        top, bottom = max(0.0, ymin) * pad_y, min(1.0, ymax) * pad_y
        left, right = max(0.0, xmin) * pad_x, min(1.0, xmax) * pad_x
        box = Box(left * width, top * height, (right - left) * width, (bottom - top) * height)
        out.append(Detection(box, float(scores[idx]), width, height))
    return out


class SsdMobilenetv1(OnnxNet):
    """face-api.js's default face detector. Graph outputs: "boxes" [N,5118,4] (ymin, xmin, ymax, xmax
    relative to the padded square) and "scores" [N,5118]; NMS and box mapping happen here."""

    model_file = "ssd_mobilenetv1.onnx"
    net_name = "ssd_mobilenetv1"

    def forward(self, images: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Raw (boxes, scores) of a batch: each image padded bottom/right and resized to 512x512."""
        for image in images:
            _check_image(image)
        batch = to_batch(images, INPUT_SIZE, center=False)
        boxes, scores = self.run(batch)
        return boxes, scores

    def detect(self, image: np.ndarray, min_confidence: float = 0.5, max_results: int = 100) -> list[Detection]:
        """Faces in one HxWx3 uint8 RGB image, by falling score (face-api.js detectAllFaces order)."""
        return self.detect_batch([image], min_confidence, max_results)[0]

    def detect_batch(
        self, images: Sequence[np.ndarray], min_confidence: float = 0.5, max_results: int = 100
    ) -> list[list[Detection]]:
        """``detect`` for several images run through the network as one batch."""
        _check_options(min_confidence, max_results)
        if len(images) == 0:
            return []
        boxes, scores = self.forward(images)
        return [
            to_detections(boxes[i], scores[i], img.shape[1], img.shape[0], min_confidence, int(max_results))
            for i, img in enumerate(images)
        ]
