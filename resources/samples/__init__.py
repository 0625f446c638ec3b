"""Sample photos bundled for the demo (``faceorganizer demo``, ``faceorganizer --demo``); provenance in README.md."""
