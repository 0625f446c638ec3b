"""faceorganizer: face-api.js's face analysis on ONNX Runtime, and a desktop photo-library face organizer."""

__version__ = "0.1.0"
