"""The detector options every engine subcommand takes (--detector, --min-confidence, --input-size)."""

from __future__ import annotations

import argparse

from ..api.options import DetectorOptions, SsdMobilenetv1Options, TinyFaceDetectorOptions


def add_detector_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--detector", choices=["ssd", "tiny"], default="ssd", help="SSD MobileNetV1 or Tiny")
    parser.add_argument("--min-confidence", type=float, default=0.5, help="SSD min confidence / Tiny score threshold")
    parser.add_argument(
        "--input-size", type=int, default=None, help="Tiny Face Detector input size (multiple of 32; default 416)"
    )


def input_size_from_args(args: argparse.Namespace) -> int:
    """The Tiny detector's input size; ValueError when it is given for SSD, which would silently ignore it."""
    if args.input_size is not None and args.detector != "tiny":
        raise ValueError("--input-size applies to --detector tiny only (SSD MobileNetV1 always sees 512x512)")
    return 416 if args.input_size is None else args.input_size


def options_from_args(args: argparse.Namespace) -> DetectorOptions:
    """The options the arguments select; ValueError (face-api.js's rules) for out-of-range values."""
    input_size = input_size_from_args(args)
    if args.detector == "tiny":
        return TinyFaceDetectorOptions(input_size=input_size, score_threshold=args.min_confidence)
    return SsdMobilenetv1Options(min_confidence=args.min_confidence)
