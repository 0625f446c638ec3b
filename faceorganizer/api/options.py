"""Detector options with face-api.js's names (snake_case), defaults and validation."""

from __future__ import annotations

from dataclasses import dataclass


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
class TinyFaceDetectorOptions:
    """Tiny Face Detector: ``input_size`` (a positive multiple of 32) and ``score_threshold``."""

    input_size: int = 416
    score_threshold: float = 0.5

    def __post_init__(self) -> None:
        if not isinstance(self.input_size, int) or self.input_size <= 0 or self.input_size % 32:
            raise ValueError(f"input_size must be a positive multiple of 32, got {self.input_size!r}")
        _check_unit("score_threshold", self.score_threshold)


DetectorOptions = SsdMobilenetv1Options | TinyFaceDetectorOptions
