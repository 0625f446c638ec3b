"""The full face-api.js pipeline on one image: detect, then landmarks, expressions, age/gender and
descriptors, each net run on all faces of the image in batches of at most ``MAX_FACE_BATCH``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..geometry import Box, Detection, Point
from ..imaging import crop
from ..nets import NetRegistry, registry
from .landmarks import FaceLandmarks68
from .options import (
    DetectorOptions,
    MtcnnOptions,
    SmallFacesOptions,
    SsdMobilenetv1Options,
    detector_kwargs,
    detector_net,
)
from .results import FaceExpressions, FaceResult
from .small_faces import detect_small_faces, small_face_descriptors


@dataclass(frozen=True)
class Stages:
    """Which nets to run after detection (face-api.js's ``.with_...()`` chain)."""

    landmarks: bool = True
    tiny_landmarks: bool = False
    expressions: bool = True
    age_gender: bool = True
    descriptors: bool = True


FULL = Stages()

#: Faces per network run. Every face of an image goes through each net, this many at a time: the
#: activations of one run grow with the batch (60 faces: 730 MB peak RSS in one batch, 520 MB in
#: batches of 16), and a face's result does not depend on the other faces of its batch, so chunking
#: changes no output (checked bit for bit with batches of 1, 5, 16 and all).
MAX_FACE_BATCH = 16


class StageTimes(dict[str, float]):
    """Seconds per pipeline stage (crops, preprocessing, net and postprocessing), summed over calls."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - start


@contextmanager
def _untimed(name: str) -> Iterator[None]:
    yield


def detect(
    pixels: np.ndarray, options: DetectorOptions | None = None, nets: NetRegistry | None = None
) -> list[Detection]:
    """Faces found by the detector the options select (SSD MobileNetV1 by default)."""
    nets = nets or registry()
    options = options or SsdMobilenetv1Options()
    if isinstance(options, SmallFacesOptions):
        return detect_small_faces(pixels, options, nets)
    return getattr(nets, detector_net(options)).detect(pixels, **detector_kwargs(options))


def _for_size(box: Box, width: int, height: int) -> Box:
    """face-api.js passes a FaceDetection through relative coordinates before cropping; keep its rounding."""
    rel = box.rescale(1 / width, 1 / height)
    return rel.rescale(width, height)


def canvas_input(options: DetectorOptions | None) -> bool:
    """Whether face-api.js ran the chain of this detector on a canvas: its MTCNN accepts only canvases, so an
    MTCNN chain crops and resizes faces the canvas way (see ``analyze_faces``); every other detector's chain
    ran on an image tensor."""
    return isinstance(options, MtcnnOptions)


def _face_crop(pixels: np.ndarray, box: Box, canvas: bool) -> np.ndarray:
    """One face region, as face-api.js extracts it: extractFaceTensors (tensor input) clips the box to the
    image and floors it; extractFaces (canvas input) floors the box first, then clips (a fractional edge at the
    image border or left of / above the image then gives one pixel row or column less or more)."""
    return crop(pixels, box.floor() if canvas else box)


def _chunks(n: int, size: int) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))


def analyze_faces(
    pixels: np.ndarray,
    detections: list[Detection],
    stages: Stages = FULL,
    nets: NetRegistry | None = None,
    times: StageTimes | None = None,
    *,
    max_batch: int = MAX_FACE_BATCH,
    small_faces: bool = False,
    canvas: bool = False,
) -> list[FaceResult]:
    """Run the chosen nets on already detected faces of ``pixels`` (HxWx3 uint8, as detected),
    at most ``max_batch`` faces per net run (crops are made per batch too, to bound memory).

    ``small_faces`` (the small-face mode; off keeps face-api.js's results exactly): descriptors of faces
    smaller than the descriptor net's input come from ``small_faces.small_face_descriptors``.

    ``canvas`` (``canvas_input(options)``: on for MTCNN) reproduces face-api.js's chain on a canvas input,
    which is how its MTCNN chain runs: faces are cut by extractFaces (``_face_crop``) and each net's input is
    made by imageToSquare's drawImage (nets/preprocess.canvas_to_batch) instead of zero padding and tf's
    bilinear resize. Off, the chain is face-api.js's on an image tensor, as for every other detector."""
    if max_batch < 1:
        raise ValueError(f"max_batch must be at least 1, got {max_batch}")
    nets = nets or registry()
    timed = times.stage if times is not None else _untimed
    results = [FaceResult(detection=d) for d in detections]
    if not results:
        return results
    h, w = pixels.shape[:2]
    batches = list(_chunks(len(results), max_batch))

    if stages.landmarks:
        with timed("landmarks"):
            net = nets.face_landmark_68_tiny if stages.tiny_landmarks else nets.face_landmark_68
            for part in batches:
                crops = [_face_crop(pixels, _for_size(r.box, w, h), canvas) for r in results[part]]
                local = np.asarray(net.predict(crops, canvas=canvas), dtype=np.float64)
                for r, pts, c in zip(results[part], local, crops):
                    shift = Point(r.box.x, r.box.y)
                    r.landmarks = FaceLandmarks68(pts + (shift.x, shift.y), c.shape[1], c.shape[0], shift)
                    r.aligned_box = _for_size(r.landmarks.align(), w, h)
                    r.descriptor_box = r.landmarks.align(use_dlib_alignment=True)

    if stages.expressions or stages.age_gender:
        for part in batches:
            with timed("crops"):
                regions = [r.aligned_box if r.aligned_box is not None else r.box for r in results[part]]
                faces = [_face_crop(pixels, _for_size(b, w, h), canvas) for b in regions]
            if stages.expressions:
                with timed("expressions"):
                    for r, p in zip(results[part], nets.face_expression.predict(faces, canvas=canvas)):
                        r.expressions = FaceExpressions.from_probabilities(p)
            if stages.age_gender:
                with timed("age_gender"):
                    for r, ag in zip(results[part], nets.age_gender.predict(faces, canvas=canvas)):
                        r.age, r.gender, r.gender_probability = ag.age, ag.gender, ag.gender_probability

    if stages.descriptors:
        with timed("descriptors"):
            for part in batches:
                # the dlib rect is whole pixels: extractFaces and extractFaceTensors cut the same region of it
                faces = [
                    crop(pixels, r.descriptor_box)
                    if r.descriptor_box is not None
                    else _face_crop(pixels, _for_size(r.box, w, h), canvas)
                    for r in results[part]
                ]
                if small_faces:
                    descriptors = small_face_descriptors(nets.face_recognition, faces)
                else:
                    descriptors = nets.face_recognition.predict(faces, canvas=canvas)
                for r, d in zip(results[part], descriptors):
                    r.descriptor = np.asarray(d, dtype=np.float32)
    return results


def analyze(
    pixels: np.ndarray,
    options: DetectorOptions | None = None,
    stages: Stages = FULL,
    nets: NetRegistry | None = None,
    times: StageTimes | None = None,
    *,
    max_batch: int = MAX_FACE_BATCH,
) -> list[FaceResult]:
    """Detect every face of ``pixels`` and run the chosen nets on them (``times`` collects per-stage seconds)."""
    with times.stage("detect") if times is not None else _untimed("detect"):
        detections = detect(pixels, options, nets)
    small = isinstance(options, SmallFacesOptions)
    return analyze_faces(
        pixels, detections, stages, nets, times, max_batch=max_batch, small_faces=small, canvas=canvas_input(options)
    )
