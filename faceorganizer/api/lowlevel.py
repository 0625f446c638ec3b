"""face-api.js's low-level forward calls: one net on one image (or a list, run as one batch).

Each accepts any image source (path, bytes, file object, PIL image, HxWx3 uint8 array), or a list
(or an NxHxWx3 array) of them, and then returns a list. The face nets take the face image itself
(e.g. a crop from ``extract_faces``): results are relative to it, as in face-api.js.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..imaging import ImageSource, load_image
from ..nets import registry
from ..nets.age_gender import AgeGender
from .landmarks import FaceLandmarks68
from .options import (
    DETECTOR_NETS,
    MtcnnOptions,
    SsdMobilenetv1Options,
    TinyFaceDetectorOptions,
    TinyYolov2Options,
    detector_kwargs,
)
from .results import FaceExpressions

ImageOrImages = ImageSource | Sequence[ImageSource]


def _images(images: Any) -> tuple[list[np.ndarray], bool]:
    """(pixels of each image, whether a batch was given)."""
    if isinstance(images, (list, tuple)):
        return [load_image(im) for im in images], True
    if isinstance(images, np.ndarray) and images.ndim == 4:
        return [load_image(im) for im in images], True
    return [load_image(images)], False


def _one_or_list(results: list, batch: bool) -> Any:
    return results if batch else results[0]


def _check(options: Any, cls: type, who: str) -> Any:
    if options is None:
        return cls()
    if not isinstance(options, cls):
        raise ValueError(f"{who}: options must be {cls.__name__}, got {type(options).__name__}")
    return options


def _detect(images: ImageOrImages, options: Any, cls: type) -> Any:
    """The detector of ``cls`` (DETECTOR_NETS) on the images, in one batch."""
    opts = _check(options, cls, DETECTOR_NETS[cls])
    pixels, batch = _images(images)
    found = getattr(registry(), DETECTOR_NETS[cls]).detect_batch(pixels, **detector_kwargs(opts))
    return _one_or_list(found, batch)


def ssd_mobilenetv1(images: ImageOrImages, options: SsdMobilenetv1Options | None = None) -> Any:
    """Faces found by SSD MobileNetV1: list[FaceDetection] (a list of those for a list of images)."""
    return _detect(images, options, SsdMobilenetv1Options)


def tiny_face_detector(images: ImageOrImages, options: TinyFaceDetectorOptions | None = None) -> Any:
    """Faces found by the Tiny Face Detector: list[FaceDetection] (a list of those for a list of images)."""
    return _detect(images, options, TinyFaceDetectorOptions)


def tiny_yolov2(images: ImageOrImages, options: TinyYolov2Options | None = None) -> Any:
    """Faces found by TinyYolov2 (face-api.js's ``tinyYolov2``): list[FaceDetection] (a list of those for a list
    of images)."""
    return _detect(images, options, TinyYolov2Options)


def mtcnn(images: ImageOrImages, options: MtcnnOptions | None = None) -> Any:
    """face-api.js's ``mtcnn(input, options)`` (= ``nets.mtcnn.forward``): list[MtcnnResult], each a
    ``detection`` (box, O-Net score) and its 5-point ``landmarks`` (FaceLandmarks5 in image pixels); a list of
    those for a list of images. ``detect_all_faces(image, MtcnnOptions())`` gives the detections alone."""
    opts = _check(options, MtcnnOptions, "mtcnn")
    pixels, batch = _images(images)
    net = registry().mtcnn
    return _one_or_list([net.forward(p, **detector_kwargs(opts)) for p in pixels], batch)


def _landmarks(net: Any, faces: ImageOrImages) -> Any:
    pixels, batch = _images(faces)
    points = np.asarray(net.predict(pixels), dtype=np.float64)
    out = [FaceLandmarks68(p, f.shape[1], f.shape[0]) for p, f in zip(points, pixels, strict=True)]
    return _one_or_list(out, batch)


def detect_face_landmarks(faces: ImageOrImages) -> Any:
    """68 landmarks of a face image (FaceLandmarks68 in its pixels, shift 0), or a list for a list."""
    return _landmarks(registry().face_landmark_68, faces)


def detect_face_landmarks_tiny(faces: ImageOrImages) -> Any:
    """As ``detect_face_landmarks`` with the tiny landmark net (faster, a little less exact)."""
    return _landmarks(registry().face_landmark_68_tiny, faces)


def compute_face_descriptor(faces: ImageOrImages) -> Any:
    """The 128-d float32 descriptor of an (aligned) face image, or a list for a list."""
    pixels, batch = _images(faces)
    descriptors = registry().face_recognition.predict(pixels)
    return _one_or_list([np.asarray(d, dtype=np.float32) for d in descriptors], batch)


def recognize_face_expressions(faces: ImageOrImages) -> Any:
    """FaceExpressions (seven probabilities) of a face image, or a list for a list."""
    pixels, batch = _images(faces)
    probs = registry().face_expression.predict(pixels)
    return _one_or_list([FaceExpressions.from_probabilities(p) for p in probs], batch)


def predict_age_and_gender(faces: ImageOrImages) -> Any:
    """AgeGender (age, gender, gender_probability) of a face image, or a list for a list."""
    pixels, batch = _images(faces)
    out: list[AgeGender] = registry().age_gender.predict(pixels)
    return _one_or_list(out, batch)


# face-api.js's aliases
locate_faces = ssd_mobilenetv1
detect_landmarks = detect_face_landmarks
