"""Detector options: face-api.js's defaults, and clear errors for values face-api.js rejects."""

from __future__ import annotations

import pytest

from faceorganizer.api.options import SsdMobilenetv1Options, TinyFaceDetectorOptions


def test_defaults_are_faceapis():
    assert SsdMobilenetv1Options() == SsdMobilenetv1Options(min_confidence=0.5, max_results=100)
    assert TinyFaceDetectorOptions() == TinyFaceDetectorOptions(input_size=416, score_threshold=0.5)


@pytest.mark.parametrize("value", [0, 1, 0.0, 1.0, -0.1, 1.5, "0.5", None, True])
def test_thresholds_strictly_between_0_and_1(value):
    with pytest.raises(ValueError, match="min_confidence must be a number strictly between 0 and 1"):
        SsdMobilenetv1Options(min_confidence=value)
    with pytest.raises(ValueError, match="score_threshold must be a number strictly between 0 and 1"):
        TinyFaceDetectorOptions(score_threshold=value)


@pytest.mark.parametrize("size", [0, -32, 100, 416.0, None])
def test_input_size_positive_multiple_of_32(size):
    with pytest.raises(ValueError, match="input_size must be a positive multiple of 32"):
        TinyFaceDetectorOptions(input_size=size)


@pytest.mark.parametrize("n", [0, -1, 2.5, None])
def test_max_results_positive_int(n):
    with pytest.raises(ValueError, match="max_results must be a positive integer"):
        SsdMobilenetv1Options(max_results=n)
