"""The options subcommands share: the detector's (--detector, --min-confidence, --input-size), the library's
(--library, --json) and indexing's (--workers, --min-face-size, --exclude), turned into the options objects."""

from __future__ import annotations

import argparse
import logging

from ..api.options import DETECTOR_NAMES, DetectorOptions, options_for, takes_input_size
from ..library.catalog import LIBRARY_ENV


def add_detector_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--detector",
        choices=list(DETECTOR_NAMES),
        default="ssd",
        help="SSD MobileNetV1, Tiny Face Detector, TinyYolov2 or MTCNN (face-api.js's legacy tinyYolov2, mtcnn)",
    )
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=0.5,
        help="SSD min confidence / Tiny and yolo score threshold / mtcnn: raises its final threshold above 0.7",
    )
    parser.add_argument(
        "--input-size", type=int, default=None, help="tiny and yolo input size (multiple of 32; default 416)"
    )
    parser.add_argument(
        "--small-faces",
        action="store_true",
        help="also find small faces (down to ~40 px in a 12 MP photo) by tiling SSD; several times slower",
    )


def input_size_from_args(args: argparse.Namespace) -> int:
    """The Tiny detectors' input size; ValueError when it is given for SSD, which would silently ignore it."""
    if args.input_size is not None and not takes_input_size(args.detector):
        raise ValueError("--input-size applies to --detector tiny and yolo only (SSD MobileNetV1 always sees 512x512)")
    return 416 if args.input_size is None else args.input_size


def options_from_args(args: argparse.Namespace) -> DetectorOptions:
    """The options the arguments select; ValueError (face-api.js's rules) for out-of-range values."""
    return options_for(args.detector, args.min_confidence, input_size_from_args(args), args.small_faces)


def add_verbose_argument(parser: argparse.ArgumentParser) -> None:
    """``-v``/``--verbose`` after the subcommand too (``faceorganizer scan -v FOLDER``), the same flag as the
    top-level one. Its default is SUPPRESS: a subcommand's default must not overwrite a top-level ``-v``
    (argparse copies a subparser's values over the top-level ones)."""
    parser.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log progress to stderr"
    )


def quiet_faiss_loader() -> None:
    """Keep faiss's loader quiet under ``-v``: it logs at INFO each CPU-specific build it tries and cannot load
    ("Could not load library with AVX512 support"), which reads as a failure and is none. Set before faiss is
    first imported (the subcommands import the library, hence faiss, only when they run)."""
    logging.getLogger("faiss.loader").setLevel(logging.WARNING)


# every subcommand's module imports this one before its command runs: the loader is quiet for all of them
quiet_faiss_loader()


def add_library_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        metavar="PATH",
        help=f"library file (default: ${LIBRARY_ENV}, else library.sqlite in the user data folder)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def add_jsonl_argument(parser: argparse.ArgumentParser) -> None:
    """``--jsonl``, for listings: one JSON object per line, each printed as soon as it is read."""
    parser.add_argument("--jsonl", action="store_true", help="print one JSON object per line, as they are read")


def add_index_arguments(parser: argparse.ArgumentParser) -> None:
    """How photos are indexed: the detector's options plus workers, minimum face size, excluded folders."""
    add_detector_args(parser)
    parser.add_argument("--workers", type=int, default=2, help="worker threads (default 2)")
    parser.add_argument(
        "--min-face-size", type=int, default=0, metavar="PX", help="do not store faces smaller than PX pixels"
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="FOLDER_OR_PATTERN",
        help='skip folders: a path, or a glob on names ("Trash") or paths ("*/private"); repeatable',
    )


def index_options(args: argparse.Namespace, **extra):
    """The IndexOptions the arguments of add_index_arguments select (ValueError for bad values)."""
    from ..library.indexing import IndexOptions

    return IndexOptions(
        detector=args.detector,
        min_confidence=args.min_confidence,
        input_size=input_size_from_args(args),
        small_faces=args.small_faces,
        workers=args.workers,
        min_face_size=args.min_face_size,
        exclude=tuple(args.exclude),
        **extra,
    )
