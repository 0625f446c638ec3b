"""face-api.js's composable tasks: ``detect_all_faces(image).with_face_landmarks()...run()``.

The classes mirror face-api.js 0.22.2's globalApi task classes one to one, so a chain face-api.js
does not allow (descriptors without landmarks, landmarks after expressions, ...) has no method
here either. A task only records what to compute; ``run()`` decodes the image, detects, and runs
``analyze_faces`` with the chosen stages, each net on all faces in batches of at most 16.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

import numpy as np

from ..geometry import Detection
from ..imaging import ImageSource, load_image
from .analyze import Stages, analyze_faces, canvas_input, detect
from .options import (
    DetectorOptions,
    MtcnnOptions,
    SmallFacesOptions,
    SsdMobilenetv1Options,
    TinyYolov2Options,
    detector_net,
)
from .results import FaceResult

NOTHING = Stages(landmarks=False, expressions=False, age_gender=False, descriptors=False)

T = TypeVar("T", bound="ComposableTask")


class _Input:
    """The task's image source, decoded once (EXIF orientation applied) on first run."""

    def __init__(self, source: ImageSource) -> None:
        self._source = source
        self._pixels: np.ndarray | None = None

    def pixels(self) -> np.ndarray:
        if self._pixels is None:
            self._pixels = load_image(self._source)
        return self._pixels


def highest_score(detections: list[Detection]) -> Detection | None:
    """face-api.js DetectSingleFaceTask's pick: the highest score; ties keep the earlier detection."""
    best = None
    for d in detections:
        if best is None or d.score > best.score:
            best = d
    return best


class ComposableTask:
    """A lazily evaluated task (face-api.js ComposableTask): ``run()`` computes its result."""

    _single = False

    def __init__(self, image: _Input, options: DetectorOptions, stages: Stages | None) -> None:
        self._input, self._options, self._stages = image, options, stages

    def _then(self, cls: type[T], **stages: bool) -> T:
        return cls(self._input, self._options, replace(self._stages or NOTHING, **stages))

    def _compute(self) -> list:
        pixels = self._input.pixels()
        detections = detect(pixels, self._options)
        if self._single:
            best = highest_score(detections)
            detections = [] if best is None else [best]  # the nets then run on that face alone
        if self._stages is None:
            return detections
        small = isinstance(self._options, SmallFacesOptions)
        return analyze_faces(pixels, detections, self._stages, small_faces=small, canvas=canvas_input(self._options))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(options={self._options!r}, stages={self._stages!r})"


class _AllFaces(ComposableTask):
    def run(self) -> list[FaceResult]:
        """One FaceResult per detected face, in detector order (empty list when there is none)."""
        return self._compute()


class _SingleFace(ComposableTask):
    _single = True

    def run(self) -> FaceResult | None:
        """The result for the highest-scoring face, or None when no face is found."""
        faces = self._compute()
        return faces[0] if faces else None


# ----- all faces -----------------------------------------------------------------------------


class DetectAllFacesTask(ComposableTask):
    def run(self) -> list[Detection]:
        """Every detection (FaceDetection: box, score, image size), by falling score."""
        return self._compute()

    def with_face_landmarks(self, use_tiny: bool = False) -> DetectAllFaceLandmarksTask:
        return self._then(DetectAllFaceLandmarksTask, landmarks=True, tiny_landmarks=use_tiny)

    def with_face_expressions(self) -> PredictAllFaceExpressionsTask:
        """Expressions of the unaligned detection boxes (no landmarks)."""
        return self._then(PredictAllFaceExpressionsTask, expressions=True)

    def with_age_and_gender(self) -> PredictAllAgeAndGenderTask:
        """Age and gender of the unaligned detection boxes (no landmarks)."""
        return self._then(PredictAllAgeAndGenderTask, age_gender=True)


class DetectAllFaceLandmarksTask(_AllFaces):
    def with_face_expressions(self) -> PredictAllFaceExpressionsWithFaceAlignmentTask:
        return self._then(PredictAllFaceExpressionsWithFaceAlignmentTask, expressions=True)

    def with_age_and_gender(self) -> PredictAllAgeAndGenderWithFaceAlignmentTask:
        return self._then(PredictAllAgeAndGenderWithFaceAlignmentTask, age_gender=True)

    def with_face_descriptors(self) -> ComputeAllFaceDescriptorsTask:
        return self._then(ComputeAllFaceDescriptorsTask, descriptors=True)


class PredictAllFaceExpressionsTask(_AllFaces):
    def with_age_and_gender(self) -> PredictAllAgeAndGenderTask:
        return self._then(PredictAllAgeAndGenderTask, age_gender=True)


class PredictAllAgeAndGenderTask(_AllFaces):
    def with_face_expressions(self) -> PredictAllFaceExpressionsTask:
        return self._then(PredictAllFaceExpressionsTask, expressions=True)


class PredictAllFaceExpressionsWithFaceAlignmentTask(PredictAllFaceExpressionsTask):
    def with_age_and_gender(self) -> PredictAllAgeAndGenderWithFaceAlignmentTask:
        return self._then(PredictAllAgeAndGenderWithFaceAlignmentTask, age_gender=True)

    def with_face_descriptors(self) -> ComputeAllFaceDescriptorsTask:
        return self._then(ComputeAllFaceDescriptorsTask, descriptors=True)


class PredictAllAgeAndGenderWithFaceAlignmentTask(PredictAllAgeAndGenderTask):
    def with_face_expressions(self) -> PredictAllFaceExpressionsWithFaceAlignmentTask:
        return self._then(PredictAllFaceExpressionsWithFaceAlignmentTask, expressions=True)

    def with_face_descriptors(self) -> ComputeAllFaceDescriptorsTask:
        return self._then(ComputeAllFaceDescriptorsTask, descriptors=True)


class ComputeAllFaceDescriptorsTask(_AllFaces):
    def with_face_expressions(self) -> PredictAllFaceExpressionsWithFaceAlignmentTask:
        return self._then(PredictAllFaceExpressionsWithFaceAlignmentTask, expressions=True)

    def with_age_and_gender(self) -> PredictAllAgeAndGenderWithFaceAlignmentTask:
        return self._then(PredictAllAgeAndGenderWithFaceAlignmentTask, age_gender=True)


# ----- single face ---------------------------------------------------------------------------


class DetectSingleFaceTask(ComposableTask):
    _single = True

    def run(self) -> Detection | None:
        """The highest-scoring detection (ties: the earlier one), or None."""
        faces = self._compute()
        return faces[0] if faces else None

    def with_face_landmarks(self, use_tiny: bool = False) -> DetectSingleFaceLandmarksTask:
        return self._then(DetectSingleFaceLandmarksTask, landmarks=True, tiny_landmarks=use_tiny)

    def with_face_expressions(self) -> PredictSingleFaceExpressionsTask:
        """Expressions of the unaligned detection box (no landmarks)."""
        return self._then(PredictSingleFaceExpressionsTask, expressions=True)

    def with_age_and_gender(self) -> PredictSingleAgeAndGenderTask:
        """Age and gender of the unaligned detection box (no landmarks)."""
        return self._then(PredictSingleAgeAndGenderTask, age_gender=True)


class DetectSingleFaceLandmarksTask(_SingleFace):
    def with_face_expressions(self) -> PredictSingleFaceExpressionsWithFaceAlignmentTask:
        return self._then(PredictSingleFaceExpressionsWithFaceAlignmentTask, expressions=True)

    def with_age_and_gender(self) -> PredictSingleAgeAndGenderWithFaceAlignmentTask:
        return self._then(PredictSingleAgeAndGenderWithFaceAlignmentTask, age_gender=True)

    def with_face_descriptor(self) -> ComputeSingleFaceDescriptorTask:
        return self._then(ComputeSingleFaceDescriptorTask, descriptors=True)


class PredictSingleFaceExpressionsTask(_SingleFace):
    def with_age_and_gender(self) -> PredictSingleAgeAndGenderTask:
        return self._then(PredictSingleAgeAndGenderTask, age_gender=True)


class PredictSingleAgeAndGenderTask(_SingleFace):
    def with_face_expressions(self) -> PredictSingleFaceExpressionsTask:
        return self._then(PredictSingleFaceExpressionsTask, expressions=True)


class PredictSingleFaceExpressionsWithFaceAlignmentTask(PredictSingleFaceExpressionsTask):
    def with_age_and_gender(self) -> PredictSingleAgeAndGenderWithFaceAlignmentTask:
        return self._then(PredictSingleAgeAndGenderWithFaceAlignmentTask, age_gender=True)

    def with_face_descriptor(self) -> ComputeSingleFaceDescriptorTask:
        return self._then(ComputeSingleFaceDescriptorTask, descriptors=True)


class PredictSingleAgeAndGenderWithFaceAlignmentTask(PredictSingleAgeAndGenderTask):
    def with_face_expressions(self) -> PredictSingleFaceExpressionsWithFaceAlignmentTask:
        return self._then(PredictSingleFaceExpressionsWithFaceAlignmentTask, expressions=True)

    def with_face_descriptor(self) -> ComputeSingleFaceDescriptorTask:
        return self._then(ComputeSingleFaceDescriptorTask, descriptors=True)


class ComputeSingleFaceDescriptorTask(_SingleFace):
    def with_face_expressions(self) -> PredictSingleFaceExpressionsWithFaceAlignmentTask:
        return self._then(PredictSingleFaceExpressionsWithFaceAlignmentTask, expressions=True)

    def with_age_and_gender(self) -> PredictSingleAgeAndGenderWithFaceAlignmentTask:
        return self._then(PredictSingleAgeAndGenderWithFaceAlignmentTask, age_gender=True)


# ----- entry points --------------------------------------------------------------------------


def _options(options: DetectorOptions | None) -> DetectorOptions:
    if options is None:
        return SsdMobilenetv1Options()
    if not isinstance(options, SmallFacesOptions):
        detector_net(options)  # ValueError naming the options types of every detector
    return options


def detect_all_faces(image: ImageSource, options: DetectorOptions | None = None) -> DetectAllFacesTask:
    """Every face of ``image`` (path, bytes, file object, PIL image or HxWx3 uint8 array) as a lazy task."""
    return DetectAllFacesTask(_Input(image), _options(options), None)


def detect_single_face(image: ImageSource, options: DetectorOptions | None = None) -> DetectSingleFaceTask:
    """The highest-scoring face of ``image`` as a lazy task; its ``run()`` gives None when there is none."""
    return DetectSingleFaceTask(_Input(image), _options(options), None)


def all_faces_ssd_mobilenetv1(image: ImageSource, min_confidence: float | None = None) -> list[FaceResult]:
    """face-api.js's (deprecated) allFaces shortcut: SSD, landmarks and descriptors of every face."""
    options = SsdMobilenetv1Options() if min_confidence is None else SsdMobilenetv1Options(min_confidence)
    return detect_all_faces(image, options).with_face_landmarks().with_face_descriptors().run()


def all_faces_tiny_yolov2(image: ImageSource, options: TinyYolov2Options | None = None) -> list[FaceResult]:
    """face-api.js's (deprecated) allFacesTinyYolov2 shortcut: TinyYolov2, landmarks and descriptors of every face."""
    return detect_all_faces(image, options or TinyYolov2Options()).with_face_landmarks().with_face_descriptors().run()


def all_faces_mtcnn(image: ImageSource, options: MtcnnOptions | None = None) -> list[FaceResult]:
    """face-api.js's (deprecated) allFacesMtcnn shortcut: MTCNN, landmarks and descriptors of every face."""
    return detect_all_faces(image, options or MtcnnOptions()).with_face_landmarks().with_face_descriptors().run()


all_faces = all_faces_ssd_mobilenetv1
