"""Frozen-app entry point of the windowed launcher: `faceorganizer gui` without a console window."""

import sys

from faceorganizer.cli import main

raise SystemExit(main(["gui", *sys.argv[1:]]))
