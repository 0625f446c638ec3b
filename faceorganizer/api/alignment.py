"""The face regions face-api.js derives from 68 landmarks: the padded min box ("aligned rect") used
for expressions and age/gender, and the dlib-style square used to crop for the descriptor."""

from __future__ import annotations

import math

import numpy as np

from ..geometry import Box

# face-api.js FaceLandmarks alignment constants (dlib's face chip proportions)
_REL_X, _REL_Y, _REL_SCALE = 0.5, 0.43, 0.45


def min_box(points: np.ndarray, padding: float = 0.2) -> Box:
    """Bounding box of the points, grown by ``padding`` x its size (split evenly on both sides)."""
    left, top = float(points[:, 0].min()), float(points[:, 1].min())
    right, bottom = max(float(points[:, 0].max()), 0.0), max(float(points[:, 1].max()), 0.0)
    w, h = right - left, bottom - top
    pw, ph = w * padding, h * padding
    return Box(left - pw / 2, top - ph / 2, w + pw, h + ph)


def dlib_box(points: np.ndarray, crop_width: float, crop_height: float) -> Box:
    """The square face-api.js crops for the descriptor (FaceLandmarks.alignDlib).

    Sized from the eye-to-mouth distance and centred on the eyes/mouth centroid; as in face-api.js
    the size limit uses the landmark crop's dimensions, not the image's.
    """
    left_eye = points[36:42].mean(axis=0)
    right_eye = points[42:48].mean(axis=0)
    mouth = points[48:68].mean(axis=0)
    eye_to_mouth = (math.dist(mouth, left_eye) + math.dist(mouth, right_eye)) / 2
    size = math.floor(eye_to_mouth / _REL_SCALE)
    ref = (left_eye + right_eye + mouth) / 3
    x = math.floor(max(0.0, float(ref[0]) - _REL_X * size))
    y = math.floor(max(0.0, float(ref[1]) - _REL_Y * size))
    return Box(x, y, min(size, crop_width + x), min(size, crop_height + y))
