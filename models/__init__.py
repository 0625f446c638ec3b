"""The committed ONNX models, built from face-api.js's weights by faceorganizer.convert (see MODELS.md)."""
