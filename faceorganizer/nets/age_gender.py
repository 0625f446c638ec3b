"""Age and gender of face crops with face-api.js's ageGenderNet (TinyXception) on onnxruntime."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .base import OnnxNet, check_faces
from .preprocess import to_batch

INPUT_SIZE = 112
# face-api.js's TinyXception calls toBatchTensor(112, true): crops are padded to square *centred*
CENTER_INPUTS = True

MALE = "male"
FEMALE = "female"


@dataclass(frozen=True)
class AgeGender:
    """One face's prediction, as face-api.js's AgeAndGenderPrediction.

    ``age`` is the regressed age in years (not rounded, may be any float); ``gender`` is "male" or
    "female"; ``gender_probability`` is the softmax probability of that gender (always >= 0.5).
    """

    age: float
    gender: str
    gender_probability: float


def to_prediction(age: float, prob_male: float) -> AgeGender:
    """face-api.js's mapping: softmax index 0 is male; male iff p > 0.5, else female with 1 - p."""
    is_male = prob_male > 0.5
    return AgeGender(
        age=float(age),
        gender=MALE if is_male else FEMALE,
        gender_probability=prob_male if is_male else 1.0 - prob_male,
    )


class AgeGenderNet(OnnxNet):
    """face-api.js ``ageGenderNet``: 112x112 centred-square crops -> age (years) and gender."""

    model_file = "age_gender.onnx"
    net_name = "age_gender"

    def prepare(self, faces: Sequence[np.ndarray], *, canvas: bool = False) -> np.ndarray:
        """The NHWC float32 batch face-api.js builds: each crop padded to square centred, resized to 112
        (``canvas``: as face-api.js does for canvas inputs, see preprocess.to_batch)."""
        return to_batch(check_faces(faces, type(self).__name__), INPUT_SIZE, center=CENTER_INPUTS, canvas=canvas)

    def predict(self, faces: Sequence[np.ndarray], *, canvas: bool = False) -> list[AgeGender]:
        """Age and gender of each HxWx3 RGB face crop (any size, values 0..255), all in one batch."""
        if len(faces) == 0:
            return []
        age, gender = self.run(self.prepare(faces, canvas=canvas))
        return [to_prediction(float(a), float(g[0])) for a, g in zip(age, gender, strict=True)]
