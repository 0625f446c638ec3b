"""Frozen-app entry point: the `faceorganizer` command (PyInstaller runs this file as a script)."""

import os

# No onnxruntime telemetry (device id and event queue in ~/.cache/Microsoft): set before anything can load it.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

from faceorganizer.cli import main  # noqa: E402

raise SystemExit(main())
