"""FaceLandmarks68: the 68 points of a face with face-api.js's contour getters, shift and alignment."""

from __future__ import annotations

import numpy as np

from ..geometry import Box, FaceLandmarks
from .alignment import dlib_box, min_box

# index ranges of the 68-point (iBUG 300-W) layout
JAW, LEFT_EYE_BROW, RIGHT_EYE_BROW = slice(0, 17), slice(17, 22), slice(22, 27)
NOSE, LEFT_EYE, RIGHT_EYE, MOUTH = slice(27, 36), slice(36, 42), slice(42, 48), slice(48, 68)


class FaceLandmarks68(FaceLandmarks):
    """68 (x, y) points in pixels of the image, plus the crop they were predicted on.

    As in face-api.js, ``image_width``/``image_height`` are the dimensions of the face crop the
    landmark net saw and ``shift`` is where that crop's origin lies in the image; positions are
    absolute (crop-relative positions * crop size + shift). Getters return [k, 2] float arrays.
    """

    def get_jaw_outline(self) -> np.ndarray:
        return self.positions[JAW]

    def get_left_eye_brow(self) -> np.ndarray:
        return self.positions[LEFT_EYE_BROW]

    def get_right_eye_brow(self) -> np.ndarray:
        return self.positions[RIGHT_EYE_BROW]

    def get_nose(self) -> np.ndarray:
        return self.positions[NOSE]

    def get_left_eye(self) -> np.ndarray:
        return self.positions[LEFT_EYE]

    def get_right_eye(self) -> np.ndarray:
        return self.positions[RIGHT_EYE]

    def get_mouth(self) -> np.ndarray:
        return self.positions[MOUTH]

    def align(self, use_dlib_alignment: bool = False, min_box_padding: float = 0.2) -> Box:
        """The face box the other nets crop: padded min box (default) or dlib's face-chip square."""
        if use_dlib_alignment:
            return dlib_box(self.positions, self.image_width, self.image_height)
        return min_box(self.positions, min_box_padding)
