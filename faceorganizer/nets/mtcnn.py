"""Face detection with 5-point landmarks by face-api.js's MTCNN (P-Net, R-Net, O-Net) on onnxruntime.

The steps reproduce face-api.js 0.22.2 (mtcnn/Mtcnn.js forwardInput, pyramidDown, getSizesForScale,
stage1-3, extractImagePatches, Box.padAtBorders / calibrate / toSquare / round), in float64 like its
JavaScript, vectorized with numpy:

1. pyramid: scales ``m * scale_factor**k`` with ``m = 12 / min_face_size`` while the shorter side times
   the scale stays >= 12 (or the given ``scale_steps``), keeping those whose level is larger than 12 px,
   at most ``max_num_scales``; level size ``floor(side * scale)``, tf's legacy bilinear resize;
2. stage 1: P-Net on each level (one onnxruntime run per level, dynamic spatial size); cells scoring
   ``>= threshold[0]`` become boxes ``round((2 * cell + 1) / scale) .. round((2 * cell + 12) / scale)``;
   NMS (IoU 0.5) per level, then NMS (IoU 0.7) over all levels, box regression, square, round;
3. stage 2: 24x24 patches of those boxes through R-Net as one batch; scores ``> threshold[1]`` kept,
   NMS (IoU 0.7), regression (calibrate: shifts, square, round);
4. stage 3: 48x48 patches through O-Net as one batch; scores ``> threshold[2]``, regression, NMS with
   intersection over the *smaller* area (0.7), 5 landmarks ``p * (side + 1) + corner``.

The patches are cut as face-api.js cuts them (``padAtBorders``: from one pixel above and left of the
box to its bottom/right edge, clamped to the image) and resampled to 24 / 48 px. face-api.js does that
with a canvas ``drawImage`` (skia's bilinear filter, no mipmaps); this module samples the same way, with
skia's own fixed-point arithmetic (nets/preprocess.draw_image, shared with the face nets' canvas input).

One face-api.js quirk is kept on purpose, for parity: stage 3 takes each kept face's landmarks from
the O-Net output at the face's index *among the faces that passed the score threshold*, applied to the
whole batch (``onetOuts[idx]`` in stage3.js). When O-Net rejects a patch that comes before a kept one,
the kept face gets the landmarks of another patch. face-api.js's reference outputs have it (reading the
right ones moves several of its 77 reference faces' landmarks by up to 23 px); ``FAITHFUL_LANDMARKS =
False`` reads the right ones.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..geometry import Box, Detection, FaceLandmarks, Point
from .base import OnnxNet, convert_weights
from .preprocess import draw_image, resize_bilinear
from .session import create_session

CELL_SIZE = 12
CELL_STRIDE = 2
RNET_SIZE = 24
ONET_SIZE = 48
DEFAULT_MIN_FACE_SIZE = 20.0
DEFAULT_SCALE_FACTOR = 0.709
DEFAULT_MAX_NUM_SCALES = 10
DEFAULT_SCORE_THRESHOLDS = (0.6, 0.7, 0.7)
STAGE1_LEVEL_IOU = 0.5
STAGE1_IOU = 0.7
STAGE2_IOU = 0.7
STAGE3_IOM = 0.7
#: face-api.js 0.22.2 reads stage 3's landmarks at the wrong index after a rejection (see the module doc)
FAITHFUL_LANDMARKS = True
#: patches per R-Net / O-Net run: all of them in one run up to this many (a 1920x1280 group photo gives ~1000
#: stage-1 boxes); more go in runs of this size, which bounds memory (measured: R-Net on 2048 patches at once
#: +284 MB peak RSS, 1024 +145 MB)
PATCH_BATCH = 2048


# --- options ---------------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))


def check_options(
    min_face_size: float,
    scale_factor: float,
    max_num_scales: int,
    score_thresholds: Sequence[float],
    scale_steps: Sequence[float] | None,
) -> tuple[float, float, int, tuple[float, float, float], tuple[float, ...] | None]:
    """The options as face-api.js's MtcnnOptions validates them, normalized; ValueError otherwise.

    face-api.js: minFaceSize a number > 0, scaleFactor strictly between 0 and 1, maxNumScales a number
    > 0, scoreThresholds an array of 3 numbers, scaleSteps (optional) an array of numbers. (face-api.js
    also replaces 0 by the default, through ``value || default``; here 0 is an error, and maxNumScales
    must be an integer, since it is a count.)
    """
    if not _is_number(min_face_size) or not math.isfinite(min_face_size) or min_face_size <= 0:
        raise ValueError(f"MtcnnOptions - expected min_face_size to be a number > 0, got {min_face_size!r}")
    if not _is_number(scale_factor) or not 0 < scale_factor < 1:
        raise ValueError(f"MtcnnOptions - expected scale_factor to be a number between 0 and 1, got {scale_factor!r}")
    if isinstance(max_num_scales, bool) or not isinstance(max_num_scales, (int, np.integer)) or max_num_scales <= 0:
        raise ValueError(f"MtcnnOptions - expected max_num_scales to be an integer > 0, got {max_num_scales!r}")
    if (
        isinstance(score_thresholds, (str, bytes))
        or not isinstance(score_thresholds, Sequence)
        or len(score_thresholds) != 3
        or not all(_is_number(t) for t in score_thresholds)
    ):
        raise ValueError(
            f"MtcnnOptions - expected score_thresholds to be an array of numbers of length 3, got {score_thresholds!r}"
        )
    steps: tuple[float, ...] | None = None
    if scale_steps is not None:
        if (
            isinstance(scale_steps, (str, bytes))
            or not isinstance(scale_steps, Sequence)
            or not all(_is_number(s) and s > 0 for s in scale_steps)
        ):
            raise ValueError(f"MtcnnOptions - expected scale_steps to be an array of numbers > 0, got {scale_steps!r}")
        steps = tuple(float(s) for s in scale_steps)
    t1, t2, t3 = (float(t) for t in score_thresholds)
    return float(min_face_size), float(scale_factor), int(max_num_scales), (t1, t2, t3), steps


# --- results ---------------------------------------------------------------------------------------


class FaceLandmarks5(FaceLandmarks):
    """MTCNN's 5 points (left eye, right eye, nose, left and right mouth corner) in image pixels.

    As face-api.js's FaceLandmarks5 inside a ``WithFaceLandmarks`` result: ``image_width`` /
    ``image_height`` are the face box's size and ``shift`` its top-left corner, so
    ``positions = relative_positions * (width, height) + shift``.
    """


@dataclass(frozen=True, eq=False)
class MtcnnResult:
    """One face found by MTCNN: ``detection`` (box in image pixels, O-Net score) and ``landmarks``."""

    detection: Detection
    landmarks: FaceLandmarks5

    @property
    def box(self) -> Box:
        return self.detection.box

    @property
    def score(self) -> float:
        return self.detection.score


# --- geometry of face-api.js's Box, vectorized on (x, y, width, height) rows ------------------------


def _js_round(values: np.ndarray) -> np.ndarray:
    """JavaScript Math.round (halves round up), elementwise."""
    return np.floor(values + 0.5)


def _square_round(left: np.ndarray, top: np.ndarray, right: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    """``new Box({left, top, right, bottom}).toSquare().round()`` for each row -> (x, y, w, h)."""
    x, y, w, h = left, top, right - left, bottom - top
    diff = np.abs(w - h)
    wider, taller = w < h, h < w
    x = np.where(wider, x - diff / 2, x)
    w = np.where(wider, w + diff, w)
    y = np.where(taller, y - diff / 2, y)
    h = np.where(taller, h + diff, h)
    return _js_round(np.stack([x, y, w, h], axis=1))


def _calibrate(boxes: np.ndarray, regions: np.ndarray) -> np.ndarray:
    """Box.calibrate: each edge moved by its region offset times the box's size, then square, round."""
    x, y, w, h = boxes.T
    r = regions.astype(np.float64)
    return _square_round(x + r[:, 0] * w, y + r[:, 1] * h, (x + w) + r[:, 2] * w, (y + h) + r[:, 3] * h)


def _nms(boxes: np.ndarray, scores: np.ndarray, threshold: float, min_area: bool = False) -> list[int]:
    """face-api.js ops/nonMaxSuppression on (x, y, w, h) rows: greedy by descending score (ties: the
    later index first, as its stable ascending sort popped from the end); a box is dropped when its
    overlap with a picked one exceeds ``threshold``. The overlap is IoU, or with ``min_area``
    (``isIOU = false``, stage 3) the intersection over the smaller box's area.

    Same picks as nets/tiny_yolov2.py's ``_nms`` (IoU only), with a suppression mask instead of
    rebuilt lists: stage 1 runs it on thousands of cells per photo (94 -> 10 ms on a 1920x1280 photo).
    """
    order = np.argsort(np.asarray(scores, dtype=np.float64), kind="stable")[::-1]
    x0, y0 = boxes[order, 0], boxes[order, 1]
    x1, y1 = x0 + boxes[order, 2], y0 + boxes[order, 3]
    area = boxes[order, 2] * boxes[order, 3]
    alive = np.ones(len(order), dtype=bool)
    pick: list[int] = []
    for i in range(len(order)):
        if not alive[i]:
            continue
        pick.append(int(order[i]))
        rest = np.flatnonzero(alive[i + 1 :]) + i + 1
        if len(rest) == 0:
            break
        iw = np.maximum(0.0, np.minimum(x1[i], x1[rest]) - np.maximum(x0[i], x0[rest]))
        ih = np.maximum(0.0, np.minimum(y1[i], y1[rest]) - np.maximum(y0[i], y0[rest]))
        inter = iw * ih
        with np.errstate(invalid="ignore", divide="ignore"):
            overlap = inter / (np.minimum(area[i], area[rest]) if min_area else area[i] + area[rest] - inter)
        alive[rest[~(overlap <= threshold)]] = False
    return pick


# --- pyramid and patches ---------------------------------------------------------------------------


def pyramid_scales(
    height: int,
    width: int,
    min_face_size: float = DEFAULT_MIN_FACE_SIZE,
    scale_factor: float = DEFAULT_SCALE_FACTOR,
    max_num_scales: int = DEFAULT_MAX_NUM_SCALES,
    scale_steps: Sequence[float] | None = None,
) -> list[float]:
    """The pyramid's scales (face-api.js pyramidDown, then Mtcnn.forwardInput's filter and slice)."""
    if scale_steps:
        scales = [float(s) for s in scale_steps]
    else:
        m = CELL_SIZE / min_face_size
        scales = []
        min_layer = min(height, width) * m
        exp = 0
        while min_layer >= CELL_SIZE:
            scales.append(m * math.pow(scale_factor, exp))
            min_layer *= scale_factor
            exp += 1
    kept = [s for s in scales if min(math.floor(height * s), math.floor(width * s)) > CELL_SIZE]
    return kept[:max_num_scales]


def patch_regions(boxes: np.ndarray, height: int, width: int) -> np.ndarray:
    """The image region each box's patch is cut from, as (x0, y0, w, h) int rows (Box.padAtBorders,
    then ``getImageData(x - 1, y - 1, ex - x + 1, ey - y + 1)``)."""
    x, y = boxes[:, 0], boxes[:, 1]
    ex = np.minimum(x + boxes[:, 2], width)
    ey = np.minimum(y + boxes[:, 3], height)
    x, y = np.maximum(x, 1), np.maximum(y, 1)
    # a box entirely outside the image would give an empty region: keep one pixel (face-api.js throws)
    x0, y0 = np.clip(x - 1, 0, width - 1), np.clip(y - 1, 0, height - 1)
    w = np.maximum(ex - x0, 1)
    h = np.maximum(ey - y0, 1)
    return np.stack([x0, y0, w, h], axis=1).astype(np.intp)


def extract_patches(image: np.ndarray, regions: np.ndarray, size: int) -> np.ndarray:
    """[N, size, size, 3] float32 patches of ``image`` (HxWx3 uint8) resampled from ``regions``
    ((x0, y0, w, h) rows) as face-api.js's ``patchCtx.drawImage(bmp, 0, 0, size, size)`` on skia: each region
    stretched over the whole patch (preprocess.draw_image: bilinear at pixel centres, edge-clamped, no
    antialiasing, in skia's fixed point, integers as read back from the uint8 canvas)."""
    rects = np.broadcast_to(np.array([0.0, 0.0, size, size]), (len(regions), 4))
    return draw_image(image, regions, size, rects)


# --- the stages ------------------------------------------------------------------------------------


class _Stage(OnnxNet):
    """One MTCNN stage graph (its own bundled ONNX file and session)."""


class MtcnnPNet(_Stage):
    model_file = "mtcnn_pnet.onnx"
    net_name = "mtcnn_pnet"


class MtcnnRNet(_Stage):
    model_file = "mtcnn_rnet.onnx"
    net_name = "mtcnn_rnet"


class MtcnnONet(_Stage):
    model_file = "mtcnn_onet.onnx"
    net_name = "mtcnn_onet"


def _check_image(image: np.ndarray) -> None:
    if not isinstance(image, np.ndarray) or image.ndim != 3 or image.shape[2] != 3:
        shape = getattr(image, "shape", type(image).__name__)
        raise ValueError(f"mtcnn: expected an HxWx3 RGB image array, got {shape}")
    if image.dtype != np.uint8:
        raise ValueError(f"mtcnn: expected uint8 pixels, got dtype {image.dtype}")
    if image.shape[0] < 1 or image.shape[1] < 1:
        raise ValueError(f"mtcnn: empty image of shape {image.shape}")


class Mtcnn:
    """face-api.js ``mtcnn``: an RGB image -> faces with box, score and 5 landmarks (``MtcnnResult``).

    Like the other entries of ``fo.nets``: ``is_loaded``, ``load_from_disk(path)`` (a face-api.js
    weights folder holding ``mtcnn_model``, its manifest, or a folder of the three ``mtcnn_*.onnx``),
    and ``run_seconds`` / ``run_count`` summed over the three stage sessions.
    """

    net_name = "mtcnn"
    model_files = ("mtcnn_pnet.onnx", "mtcnn_rnet.onnx", "mtcnn_onet.onnx")

    def __init__(self) -> None:
        self.pnet, self.rnet, self.onet = MtcnnPNet(), MtcnnRNet(), MtcnnONet()
        self._lock = threading.Lock()

    @property
    def stages(self) -> tuple[OnnxNet, OnnxNet, OnnxNet]:
        return self.pnet, self.rnet, self.onet

    @property
    def is_loaded(self) -> bool:
        return all(stage.is_loaded for stage in self.stages)

    @property
    def run_seconds(self) -> float:
        return sum(stage.run_seconds for stage in self.stages)

    @property
    def run_count(self) -> int:
        return sum(stage.run_count for stage in self.stages)

    def load_from_disk(self, path: str | Path) -> None:
        """Use other weights: a face-api.js weights folder (or its ``mtcnn_model-weights_manifest.json``),
        converted in memory, or a folder holding ``mtcnn_pnet.onnx``, ``mtcnn_rnet.onnx``, ``mtcnn_onet.onnx``."""
        path = Path(path)
        onnx_files = [path / name for name in self.model_files]
        if path.is_dir() and all(f.is_file() for f in onnx_files):
            sessions = [create_session(f) for f in onnx_files]
        elif path.is_dir() or path.name.endswith("-weights_manifest.json"):
            sessions = [create_session(convert_weights(stage.net_name, path)) for stage in self.stages]
        else:
            raise FileNotFoundError(f"{path}: no face-api.js mtcnn_model weights or mtcnn_*.onnx folder")
        with self._lock:
            self.pnet, self.rnet, self.onet = (
                MtcnnPNet(sessions[0]),
                MtcnnRNet(sessions[1]),
                MtcnnONet(sessions[2]),
            )

    # -- stages ------------------------------------------------------------------------------------
    def stage1(self, image: np.ndarray, scales: Sequence[float], threshold: float) -> np.ndarray:
        """P-Net over the pyramid: candidate boxes (x, y, w, h) in image pixels (stage1.js)."""
        height, width = image.shape[:2]
        cells: list[np.ndarray] = []
        scores: list[np.ndarray] = []
        regions: list[np.ndarray] = []
        for scale in scales:
            level = resize_bilinear(image, (math.floor(height * scale), math.floor(width * scale)))
            prob, reg = self.pnet.run(level[None])
            # face-api.js walks its transposed maps: the image's x outer, y inner
            xs, ys = np.nonzero(prob[0].T.astype(np.float64) >= threshold)
            if len(xs) == 0:
                continue
            cell = np.stack(
                [
                    _js_round((xs * CELL_STRIDE + 1) / scale),
                    _js_round((ys * CELL_STRIDE + 1) / scale),
                    _js_round((xs * CELL_STRIDE + CELL_SIZE) / scale),
                    _js_round((ys * CELL_STRIDE + CELL_SIZE) / scale),
                ],
                axis=1,
            )
            cell[:, 2:] -= cell[:, :2]  # (left, top, right, bottom) -> (x, y, width, height)
            level_scores = prob[0][ys, xs].astype(np.float64)
            keep = _nms(cell, level_scores, STAGE1_LEVEL_IOU)
            cells.append(cell[keep])
            scores.append(level_scores[keep])
            regions.append(reg[0][ys[keep], xs[keep]])
        if not cells:
            return np.zeros((0, 4))
        all_cells, all_scores, all_regions = np.concatenate(cells), np.concatenate(scores), np.concatenate(regions)
        keep = _nms(all_cells, all_scores, STAGE1_IOU)
        return _calibrate(all_cells[keep], all_regions[keep])

    def _patch_run(self, net: OnnxNet, image: np.ndarray, boxes: np.ndarray, size: int) -> list[np.ndarray]:
        """``net`` on the ``size`` px patches of ``boxes``, in batches of PATCH_BATCH; outputs concatenated."""
        regions = patch_regions(boxes, image.shape[0], image.shape[1])
        parts = [
            net.run(extract_patches(image, regions[i : i + PATCH_BATCH], size))
            for i in range(0, len(boxes), PATCH_BATCH)
        ]
        return [np.concatenate(outs) for outs in zip(*parts, strict=True)]

    def stage2(self, image: np.ndarray, boxes: np.ndarray, threshold: float) -> np.ndarray:
        """R-Net on 24 px patches of the stage-1 boxes, one batch: refined boxes (stage2.js)."""
        scores, regions = self._patch_run(self.rnet, image, boxes, RNET_SIZE)
        passed = np.flatnonzero(scores.astype(np.float64) > threshold)
        if len(passed) == 0:
            return np.zeros((0, 4))
        keep = passed[_nms(boxes[passed], scores[passed].astype(np.float64), STAGE2_IOU)]
        return _calibrate(boxes[keep], regions[keep])

    def stage3(
        self, image: np.ndarray, boxes: np.ndarray, threshold: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """O-Net on 48 px patches of the stage-2 boxes: (boxes, scores, landmarks [N, 5, 2]) (stage3.js)."""
        scores, regions, points = self._patch_run(self.onet, image, boxes, ONET_SIZE)
        passed = np.flatnonzero(scores.astype(np.float64) > threshold)
        if len(passed) == 0:
            return np.zeros((0, 4)), np.zeros(0), np.zeros((0, 5, 2))
        calibrated = _calibrate(boxes[passed], regions[passed])
        picked = np.asarray(
            _nms(calibrated, scores[passed].astype(np.float64), STAGE3_IOM, min_area=True), dtype=np.intp
        )
        final = calibrated[picked]
        # stage3.js reads onetOuts[idx] with idx an index among the passed boxes (see the module doc)
        pts = points[picked if FAITHFUL_LANDMARKS else passed[picked]].astype(np.float64)
        x, y, w, h = (final[:, i : i + 1] for i in range(4))
        landmarks = np.stack([pts[:, :5] * (w + 1) + x, pts[:, 5:] * (h + 1) + y], axis=2)
        return final, scores[passed][picked].astype(np.float64), landmarks

    # -- the whole detector ------------------------------------------------------------------------
    def forward(
        self,
        image: np.ndarray,
        min_face_size: float = DEFAULT_MIN_FACE_SIZE,
        scale_factor: float = DEFAULT_SCALE_FACTOR,
        max_num_scales: int = DEFAULT_MAX_NUM_SCALES,
        score_thresholds: Sequence[float] = DEFAULT_SCORE_THRESHOLDS,
        scale_steps: Sequence[float] | None = None,
    ) -> list[MtcnnResult]:
        """face-api.js ``nets.mtcnn.forward``: the faces of one HxWx3 uint8 RGB image with their 5 landmarks,
        in face-api.js's order (stage 3's NMS: by descending score)."""
        _check_image(image)
        min_face_size, scale_factor, max_num_scales, thresholds, steps = check_options(
            min_face_size, scale_factor, max_num_scales, score_thresholds, scale_steps
        )
        height, width = image.shape[:2]
        scales = pyramid_scales(height, width, min_face_size, scale_factor, max_num_scales, steps)
        boxes = self.stage1(image, scales, thresholds[0])
        if len(boxes):
            boxes = self.stage2(image, boxes, thresholds[1])
        if not len(boxes):
            return []
        boxes, scores, landmarks = self.stage3(image, boxes, thresholds[2])
        out = []
        for box, score, pts in zip(boxes, scores, landmarks, strict=True):
            bx, by, bw, bh = (float(v) for v in box)
            # FaceDetection(score, Rect(box / image size), image size): pixels through the relative box
            rel = Box(bx / width, by / height, bw / width, bh / height)
            detection = Detection(rel.rescale(width, height), float(score), width, height)
            # FaceLandmarks5(relative to the box, box size), shifted by the detection box's corner
            relative = (pts - (bx, by)) / (bw, bh)
            corner = detection.box
            positions = relative * (bw, bh) + (corner.x, corner.y)
            out.append(MtcnnResult(detection, FaceLandmarks5(positions, bw, bh, Point(corner.x, corner.y))))
        return out

    def detect(self, image: np.ndarray, **options: Any) -> list[Detection]:
        """The detections alone, as face-api.js's detectAllFaces takes them from ``forward`` (its 68-point
        landmark net, not these 5 points, serves ``with_face_landmarks``). ``options``: ``forward``'s."""
        return [result.detection for result in self.forward(image, **options)]

    def detect_batch(self, images: Sequence[np.ndarray], **options: Any) -> list[list[Detection]]:
        """``detect`` on each image (each image's pyramid levels and patch stages are batched, not the images:
        their pyramids differ)."""
        return [self.detect(image, **options) for image in images]
