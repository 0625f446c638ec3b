"""Face detection with face-api.js's TinyYolov2 family on onnxruntime: ``TinyYolov2Base`` and ``TinyYolov2``.

``TinyYolov2`` is face-api.js's ``nets.tinyYolov2``, ``new TinyYolov2(withSeparableConvs = true)`` on the
``tiny_yolov2_separable_conv_model`` weights (anchors BOX_ANCHORS_SEPARABLE); the Tiny Face Detector
(nets/tiny_face_detector.py) is the same TinyYolov2Base with its own anchors and weights.

Postprocessing reproduces face-api.js 0.22.2 (TinyYolov2Base.detect / extractBoxes) step by step, in
float64 like its JavaScript: the image is zero-padded to square at the bottom/right and resized to
``input_size``; per grid cell and anchor, ``score = sigmoid(objectness)`` is kept when strictly above
the threshold; the box centre is ``(cell + sigmoid(t)) / cells`` and its size
``exp(t) * anchor / cells``, both relative to the padded square, then stretched by
``input_size / reshaped side`` so they become relative to the image itself; a greedy NMS (IoU 0.4)
picks boxes by descending score; boxes are scaled to image pixels. face-api.js does not clip these
boxes: they may extend past the image borders (``Box.clip`` does that when a caller wants it).
The mean subtraction and /256 are in the graphs (convert/tiny_yolov2.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from ..geometry import Box, Detection
from .base import OnnxNet
from .preprocess import to_batch

Anchors = tuple[tuple[float, float], ...]

# tinyYolov2/const.js BOX_ANCHORS_SEPARABLE: anchor (width, height) in grid cells
BOX_ANCHORS_SEPARABLE: Anchors = (
    (1.603231, 2.094468),
    (6.041143, 7.080126),
    (2.882459, 3.518061),
    (4.266906, 5.178857),
    (9.041765, 10.66308),
)
IOU_THRESHOLD = 0.4  # both nets' config.iouThreshold
DEFAULT_INPUT_SIZE = 416
DEFAULT_SCORE_THRESHOLD = 0.5
# TinyYolov2Base.forwardInput calls toBatchTensor(inputSize, false): pad at the bottom/right
CENTER_INPUTS = False


def check_input_size(input_size: int) -> int:
    """``input_size`` if it is a positive multiple of 32 (the network's total stride), else ValueError."""
    if isinstance(input_size, bool) or not isinstance(input_size, (int, np.integer)):
        raise ValueError(f"input_size must be an int, got {input_size!r}")
    if input_size <= 0 or input_size % 32 != 0:
        raise ValueError(f"input_size must be a positive multiple of 32 (e.g. 320, 416, 512, 608), got {input_size}")
    return int(input_size)


def check_score_threshold(score_threshold: float) -> float:
    """``score_threshold`` if 0 < it < 1 (face-api.js's TinyYolov2Options rule), else ValueError."""
    try:
        value = float(score_threshold)
    except (TypeError, ValueError):
        raise ValueError(f"score_threshold must be a number, got {score_threshold!r}") from None
    if not 0.0 < value < 1.0:
        raise ValueError(f"score_threshold must be between 0 and 1 (exclusive), got {score_threshold!r}")
    return value


def _check_image(index: int, image: np.ndarray) -> None:
    if not isinstance(image, np.ndarray):
        raise ValueError(f"image {index}: expected a numpy array, got {type(image).__name__}")
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"image {index}: expected an HxWx3 RGB array, got shape {image.shape}")
    if image.dtype != np.uint8:
        raise ValueError(f"image {index}: expected uint8 pixels, got dtype {image.dtype}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise ValueError(f"image {index}: empty image of shape {image.shape}")


def _js_round(x: float) -> int:
    """JavaScript Math.round (halves round up)."""
    return math.floor(x + 0.5)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> list[int]:
    """face-api.js ops/nonMaxSuppression: greedy, highest score first (ties: the later index first).

    ``boxes`` rows are (x, y, width, height); a box is dropped when its IoU with a picked one exceeds
    ``iou_threshold``.
    """
    order = sorted(range(len(scores)), key=lambda i: scores[i])  # stable ascending, popped from the end
    x0, y0 = boxes[:, 0], boxes[:, 1]
    x1, y1 = x0 + boxes[:, 2], y0 + boxes[:, 3]
    area = boxes[:, 2] * boxes[:, 3]
    pick: list[int] = []
    while order:
        cur = order.pop()
        pick.append(cur)
        if not order:
            break
        rest = np.asarray(order)
        iw = np.maximum(0.0, np.minimum(x1[cur], x1[rest]) - np.maximum(x0[cur], x0[rest]))
        ih = np.maximum(0.0, np.minimum(y1[cur], y1[rest]) - np.maximum(y0[cur], y0[rest]))
        inter = iw * ih
        with np.errstate(invalid="ignore", divide="ignore"):
            iou = inter / (area[cur] + area[rest] - inter)
        order = [int(i) for i in rest[iou <= iou_threshold]]
    return pick


def decode(
    grid: np.ndarray,
    image_width: int,
    image_height: int,
    input_size: int,
    score_threshold: float,
    anchors: Anchors,
) -> list[Detection]:
    """Detections of one image from its raw network output ``grid`` [G, G, 5, 5] (face-api.js semantics),
    with the net's ``anchors`` (width, height in grid cells)."""
    cells = grid.shape[0]
    g = grid.astype(np.float64)
    scores = _sigmoid(g[..., 4])
    keep = scores > score_threshold
    if not keep.any():
        return []
    # NetInput.getReshapedInputDimensions: the image's size inside the padded square, after resizing
    scale = input_size / max(image_width, image_height)
    reshaped_w, reshaped_h = _js_round(image_width * scale), _js_round(image_height * scale)
    side = max(reshaped_w, reshaped_h)
    corr_x, corr_y = side / reshaped_w, side / reshaped_h

    rows, cols, anchor = np.nonzero(keep)  # C order = face-api.js's row, col, anchor loops
    t = g[rows, cols, anchor]
    anchor_wh = np.asarray(anchors, dtype=np.float64)[anchor]
    ct_x = ((cols + _sigmoid(t[:, 0])) / cells) * corr_x
    ct_y = ((rows + _sigmoid(t[:, 1])) / cells) * corr_y
    width = ((np.exp(t[:, 2]) * anchor_wh[:, 0]) / cells) * corr_x
    height = ((np.exp(t[:, 3]) * anchor_wh[:, 1]) / cells) * corr_y
    x, y = ct_x - width / 2, ct_y - height / 2
    # BoundingBox(left, top, right, bottom) -> Box(x, y, right - left, bottom - top), relative to the image
    rel = np.stack([x, y, (x + width) - x, (y + height) - y], axis=1)
    picked = _nms(rel * input_size, scores[keep], IOU_THRESHOLD)

    # ObjectDetection scales the relative box to pixels; FaceDetection re-derives it through relativeBox
    dims = np.array([image_width, image_height] * 2, dtype=np.float64)
    inv = np.array([1 / image_width, 1 / image_height] * 2, dtype=np.float64)
    kept_scores = scores[keep]
    out = []
    for i in picked:
        px = ((rel[i] * dims) * inv) * dims
        out.append(Detection(Box(*(float(v) for v in px)), float(kept_scores[i]), image_width, image_height))
    return out


class TinyYolov2Base(OnnxNet):
    """face-api.js TinyYolov2Base: RGB images -> face boxes in image pixels with scores.

    A subclass names its bundled model (``model_file``, ``net_name``) and its ``anchors``.
    """

    anchors: ClassVar[Anchors]

    def prepare(self, images: Sequence[np.ndarray], input_size: int = DEFAULT_INPUT_SIZE) -> np.ndarray:
        """The NHWC float32 batch face-api.js builds: each image padded bottom/right to square, resized."""
        input_size = check_input_size(input_size)
        for i, image in enumerate(images):
            _check_image(i, image)
        return to_batch(images, input_size, center=CENTER_INPUTS)

    def detect(
        self,
        image: np.ndarray,
        input_size: int = DEFAULT_INPUT_SIZE,
        score_threshold: float = DEFAULT_SCORE_THRESHOLD,
    ) -> list[Detection]:
        """Faces in one HxWx3 uint8 RGB image, highest score first (face-api.js's NMS order)."""
        return self.detect_batch([image], input_size, score_threshold)[0]

    def detect_batch(
        self,
        images: Sequence[np.ndarray],
        input_size: int = DEFAULT_INPUT_SIZE,
        score_threshold: float = DEFAULT_SCORE_THRESHOLD,
    ) -> list[list[Detection]]:
        """Faces in each image (any sizes), run through the network as one batch."""
        input_size = check_input_size(input_size)
        score_threshold = check_score_threshold(score_threshold)
        if len(images) == 0:
            return []
        (grids,) = self.run(self.prepare(images, input_size))
        return [
            decode(grid, image.shape[1], image.shape[0], input_size, score_threshold, self.anchors)
            for grid, image in zip(grids, images, strict=True)
        ]


class TinyYolov2(TinyYolov2Base):
    """face-api.js ``tinyYolov2`` (``new TinyYolov2(withSeparableConvs = true)``, its default instance)."""

    model_file = "tiny_yolov2.onnx"
    net_name = "tiny_yolov2"
    anchors = BOX_ANCHORS_SEPARABLE
