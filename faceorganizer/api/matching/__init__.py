"""Face matching: face-api.js's FaceMatcher and euclidean distance, on a FAISS-backed gallery index."""

from __future__ import annotations

from .matcher import FaceMatch, FaceMatcher, LabeledFaceDescriptors, euclidean_distance

__all__ = [
    "FaceMatch",
    "FaceMatcher",
    "LabeledFaceDescriptors",
    "euclidean_distance",
]
