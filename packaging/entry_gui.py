"""Frozen-app entry point of the windowed launcher: `faceorganizer gui` without a console window."""

import os
import sys

# No onnxruntime telemetry (device id and event queue in ~/.cache/Microsoft): set before anything can load it.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

from faceorganizer.cli import main  # noqa: E402

raise SystemExit(main(["gui", *sys.argv[1:]]))
