"""Detector options with face-api.js's names (snake_case), defaults and validation."""

from __future__ import annotations

from dataclasses import dataclass, fields


def _check_unit(name: str, value: float) -> None:
    """face-api.js accepts thresholds strictly between 0 and 1 (0 would keep every anchor)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 < float(value) < 1.0:
        raise ValueError(f"{name} must be a number strictly between 0 and 1, got {value!r}")


@dataclass(frozen=True)
class SsdMobilenetv1Options:
    """SSD MobileNetV1: keep faces scoring at least ``min_confidence``, at most ``max_results``."""

    min_confidence: float = 0.5
    max_results: int = 100

    def __post_init__(self) -> None:
        _check_unit("min_confidence", self.min_confidence)
        if not isinstance(self.max_results, int) or self.max_results < 1:
            raise ValueError(f"max_results must be a positive integer, got {self.max_results!r}")


@dataclass(frozen=True)
class _TinyYolov2Family:
    """face-api.js's TinyYolov2Options (inputSize 416, scoreThreshold 0.5), of which its TinyFaceDetectorOptions
    is a renamed copy: ``input_size`` a multiple of 32, ``score_threshold`` strictly between 0 and 1. Where
    face-api.js takes a falsy value for its default (``inputSize || 416``) or lets a non-positive size through
    to fail in the net, this raises ValueError. The two public classes derive from it, not from each other,
    so ``isinstance`` never takes one detector's options for the other's."""

    input_size: int = 416
    score_threshold: float = 0.5

    def __post_init__(self) -> None:
        if not isinstance(self.input_size, int) or self.input_size <= 0 or self.input_size % 32:
            raise ValueError(f"input_size must be a positive multiple of 32, got {self.input_size!r}")
        _check_unit("score_threshold", self.score_threshold)


@dataclass(frozen=True)
class TinyFaceDetectorOptions(_TinyYolov2Family):
    """Tiny Face Detector: ``input_size`` (a positive multiple of 32) and ``score_threshold``."""


@dataclass(frozen=True)
class TinyYolov2Options(_TinyYolov2Family):
    """TinyYolov2 (face-api.js's legacy ``tinyYolov2``): ``input_size`` (a positive multiple of 32) and
    ``score_threshold``, validated as TinyFaceDetectorOptions."""


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float))


def _numbers(name: str, value: object, length: int | None = None) -> tuple[float, ...]:
    """``value`` as a tuple of floats when it is a list or tuple of numbers (of ``length``), else ValueError."""
    if not isinstance(value, (list, tuple)) or not all(map(_is_number, value)) or length not in (None, len(value)):
        size = f" of length {length}" if length else ""
        raise ValueError(f"{name} must be an array of numbers{size}, got {value!r}")
    return tuple(float(v) for v in value)


@dataclass(frozen=True)
class MtcnnOptions:
    """MTCNN (face-api.js's legacy ``mtcnn``): the smallest face to find (``min_face_size`` px: the pyramid's
    first scale is 12 / min_face_size), the pyramid's ``scale_factor`` and ``max_num_scales``, the P-Net, R-Net
    and O-Net ``score_thresholds``, or explicit ``scale_steps`` instead of the computed pyramid.

    Validated as face-api.js's MtcnnOptions: min_face_size > 0, 0 < scale_factor < 1, max_num_scales > 0
    (an integer here: it counts levels), score_thresholds 3 numbers, scale_steps numbers. Where face-api.js
    takes a falsy value for its default (``minFaceSize || 20``), this raises ValueError.
    """

    min_face_size: float = 20
    scale_factor: float = 0.709
    max_num_scales: int = 10
    score_thresholds: tuple[float, float, float] = (0.6, 0.7, 0.7)
    scale_steps: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if not _is_number(self.min_face_size) or not self.min_face_size > 0:
            raise ValueError(f"min_face_size must be a number > 0, got {self.min_face_size!r}")
        if not _is_number(self.scale_factor) or not 0 < self.scale_factor < 1:
            raise ValueError(f"scale_factor must be a number strictly between 0 and 1, got {self.scale_factor!r}")
        if isinstance(self.max_num_scales, bool) or not isinstance(self.max_num_scales, int) or self.max_num_scales < 1:
            raise ValueError(f"max_num_scales must be a positive integer, got {self.max_num_scales!r}")
        # tuples, so the frozen options stay hashable and immutable whatever sequence was given
        object.__setattr__(self, "score_thresholds", _numbers("score_thresholds", self.score_thresholds, 3))
        if self.scale_steps is not None:
            object.__setattr__(self, "scale_steps", _numbers("scale_steps", self.scale_steps))


@dataclass(frozen=True)
class SmallFacesOptions:
    """SSD MobileNetV1 with small-face tiling: faces of ~20 px and more in photos of any size.

    ``min_confidence`` applies to the whole-photo pass (as SsdMobilenetv1Options), ``tile_confidence``
    to the tiles (stricter: a tile sees much more background at face scale); whole-photo boxes narrower
    than ``whole_min_face`` SSD-input pixels are left to the tiles, which place them better.
    ``max_view_side`` is the long side of the photo as the tiles see it. ``max_results`` is higher than
    SSD's 100: the mode is for crowds (a school photo, a stadium).
    """

    min_confidence: float = 0.5
    tile_confidence: float = 0.6
    max_results: int = 500
    whole_min_face: float = 12.0
    max_view_side: int = 2048

    def __post_init__(self) -> None:
        _check_unit("min_confidence", self.min_confidence)
        _check_unit("tile_confidence", self.tile_confidence)
        if not isinstance(self.max_results, int) or self.max_results < 1:
            raise ValueError(f"max_results must be a positive integer, got {self.max_results!r}")
        if not isinstance(self.max_view_side, int) or self.max_view_side < 512:
            raise ValueError(f"max_view_side must be an integer of at least 512, got {self.max_view_side!r}")
        if not 0 <= float(self.whole_min_face) <= 512:
            raise ValueError(f"whole_min_face must be between 0 and 512, got {self.whole_min_face!r}")

    @property
    def whole_photo(self) -> SsdMobilenetv1Options:
        """The options of the plain whole-photo pass."""
        return SsdMobilenetv1Options(self.min_confidence, self.max_results)


DetectorOptions = SsdMobilenetv1Options | TinyFaceDetectorOptions | SmallFacesOptions | TinyYolov2Options | MtcnnOptions

#: The one-net detectors: options type -> the net in the registry (``fo.nets.<name>``) whose ``detect(pixels,
#: **fields)`` and ``detect_batch(images, **fields)`` take the options' fields as keyword arguments. A new
#: detector is added here, and to DETECTOR_NAMES for the CLI and the indexer.
DETECTOR_NETS: dict[type, str] = {
    SsdMobilenetv1Options: "ssd_mobilenetv1",
    TinyFaceDetectorOptions: "tiny_face_detector",
    TinyYolov2Options: "tiny_yolov2",
    MtcnnOptions: "mtcnn",
}

#: The detectors' short names (CLI ``--detector``, ``IndexOptions.detector``) -> their options type.
DETECTOR_NAMES: dict[str, type] = {
    "ssd": SsdMobilenetv1Options,
    "tiny": TinyFaceDetectorOptions,
    "yolo": TinyYolov2Options,
    "mtcnn": MtcnnOptions,
}


def detector_net(options: object) -> str:
    """The registry name of the net the options select (DETECTOR_NETS); ValueError for any other object."""
    try:
        return DETECTOR_NETS[type(options)]
    except KeyError:
        names = ", ".join(cls.__name__ for cls in DETECTOR_NETS)
        raise ValueError(f"options must be one of {names}, got {type(options).__name__}") from None


def detector_kwargs(options: DetectorOptions) -> dict[str, object]:
    """The options' fields, as the keyword arguments of their net's ``detect`` (see DETECTOR_NETS)."""
    return {f.name: getattr(options, f.name) for f in fields(options)}


def takes_input_size(detector: str) -> bool:
    """Whether the detector of that short name has an ``input_size`` (the TinyYolov2 family)."""
    return issubclass(DETECTOR_NAMES[detector], _TinyYolov2Family)


def options_for(
    detector: str, min_confidence: float = 0.5, input_size: int = 416, small_faces: bool = False
) -> DetectorOptions:
    """The options of the detector of that short name from the CLI's and the indexer's settings: its one
    threshold (SSD's min confidence, the TinyYolov2 family's score threshold) and the family's input size;
    ``small_faces`` selects SSD's small-face mode. ValueError (face-api.js's rules) for out-of-range values."""
    cls = DETECTOR_NAMES[detector]
    if small_faces:
        if cls is not SsdMobilenetv1Options:
            raise ValueError(f"the small-face mode works with the SSD detector (ssd), not {detector}")
        return SmallFacesOptions(min_confidence=min_confidence)
    if takes_input_size(detector):
        return cls(input_size=input_size, score_threshold=min_confidence)
    if cls is MtcnnOptions:
        # MTCNN's scores are O-Net's: min_confidence raises its final threshold above face-api.js's 0.7 (the
        # same faces as dropping lower scores afterwards), never lowers it, so the default 0.5 is face-api.js's
        _check_unit("min_confidence", min_confidence)
        p_net, r_net, o_net = MtcnnOptions().score_thresholds
        return MtcnnOptions(score_thresholds=(p_net, r_net, max(o_net, float(min_confidence))))
    return cls(min_confidence=min_confidence)
