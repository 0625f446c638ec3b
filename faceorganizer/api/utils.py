"""face-api.js's result utilities: resize_results (to a display size) and extract_faces (PIL crops)."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from PIL import Image

from ..geometry import Box, Detection
from ..imaging import ImageSource, crop, load_image
from .landmarks import FaceLandmarks68
from .results import FaceResult


def _dimensions(size: Any) -> tuple[int, int]:
    """(width, height) in whole pixels from a (w, h) pair or anything with ``width``/``height`` (a PIL image)."""
    if hasattr(size, "width") and hasattr(size, "height"):
        width, height = size.width, size.height
    else:
        try:
            width, height = size
        except (TypeError, ValueError):
            raise ValueError(f"resize_results: expected (width, height), got {size!r}") from None
    ok = all(isinstance(v, numbers.Real) and not isinstance(v, bool) and float(v).is_integer() for v in (width, height))
    if not ok or width <= 0 or height <= 0:
        raise ValueError(f"resize_results: invalid dimensions {width!r} x {height!r} (positive whole pixels)")
    return int(width), int(height)


def _resize_face(face: FaceResult, width: int, height: int) -> FaceResult:
    """face-api.js resizeResults on one face: detection via relative coordinates, the crop-relative
    landmarks onto the resized box, and the aligned rect recomputed from them."""
    detection = face.detection.for_size(width, height)
    if face.landmarks is None:
        return replace(face, detection=detection)
    box = detection.box
    landmarks = face.landmarks.for_size(box.width, box.height).shift_by(box.x, box.y)
    aligned = landmarks.align().rescale(1 / width, 1 / height).rescale(width, height)
    descriptor_box = face.descriptor_box
    if descriptor_box is not None:  # not a face-api.js field: scaled with the image
        d = face.detection
        descriptor_box = descriptor_box.rescale(width / d.image_width, height / d.image_height)
    return replace(face, detection=detection, landmarks=landmarks, aligned_box=aligned, descriptor_box=descriptor_box)


def resize_results(results: Any, size: Any) -> Any:
    """Results mapped onto an image of ``size`` = (width, height), e.g. the size a photo is shown at.

    Accepts a FaceResult, FaceDetection, FaceLandmarks68 or a list of them (other values, e.g. None
    from ``detect_single_face``, come back unchanged). Like face-api.js's resizeResults, a bare
    FaceLandmarks68 is resized to ``size`` itself with shift 0.
    """
    width, height = _dimensions(size)
    if isinstance(results, (list, tuple)):
        return [resize_results(r, (width, height)) for r in results]
    if isinstance(results, FaceResult):
        return _resize_face(results, width, height)
    if isinstance(results, (Detection, FaceLandmarks68)):
        return results.for_size(width, height)
    return results


def _region(item: Any, width: int, height: int) -> Box:
    if isinstance(item, FaceResult):
        item = item.detection
    if isinstance(item, Detection):  # face-api.js: relative box onto this image, floored
        return item.for_size(width, height).box.floor()
    if isinstance(item, Box):
        return item
    raise ValueError(f"extract_faces: expected a Box, FaceDetection or FaceResult, got {type(item).__name__}")


def extract_faces(image: ImageSource, regions: Iterable[Any]) -> list[Image.Image]:
    """The image regions of ``regions`` (boxes, detections or face results) as PIL RGB images.

    As face-api.js's extractFaces: a detection is first mapped onto this image through its relative
    box and floored; every box is clipped at the image borders and floored. A region entirely
    outside the image raises ValueError.
    """
    pixels = load_image(image)
    h, w = pixels.shape[:2]
    return [Image.fromarray(crop(pixels, _region(item, w, h)).copy()) for item in regions]
