"""Frozen-app entry point: the `faceorganizer` command (PyInstaller runs this file as a script)."""

from faceorganizer.cli import main

raise SystemExit(main())
