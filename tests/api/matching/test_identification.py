"""Leave-one-out identification on people-photos/ (8 people x 5 photos): detect the face (SSD), compute its
descriptor, match it with FaceMatcher(threshold 0.6) against the other 39 photos labeled by folder."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.api.analyze import Stages, analyze
from faceorganizer.api.matching import FaceMatcher, LabeledFaceDescriptors
from faceorganizer.imaging import load_image

DESCRIPTORS_ONLY = Stages(landmarks=True, expressions=False, age_gender=False, descriptors=True)


@pytest.fixture(scope="session")
def people_descriptors(faceapi_path) -> list[tuple[str, str, np.ndarray | None]]:
    """(person, photo name, descriptor of the best-scoring face or None) for every photo, computed once."""
    root = faceapi_path("people-photos")
    out = []
    for photo in sorted(root.glob("*/*.jpg")):
        faces = analyze(load_image(photo), stages=DESCRIPTORS_ONLY)
        best = max(faces, key=lambda f: f.score, default=None)
        out.append((photo.parent.name, photo.name, None if best is None else best.descriptor))
    return out


def leave_one_out(photos: list[tuple[str, str, np.ndarray | None]], strategy: str) -> list[tuple[str, str, str]]:
    """(photo, person, FaceMatch text) of every photo matched against the other photos' descriptors."""
    results = []
    for i, (person, name, descriptor) in enumerate(photos):
        others: dict[str, list[np.ndarray]] = {}
        for j, (p, _, d) in enumerate(photos):
            if j != i and d is not None:
                others.setdefault(p, []).append(d)
        matcher = FaceMatcher([LabeledFaceDescriptors(p, ds) for p, ds in others.items()], 0.6, strategy)
        match = "no face" if descriptor is None else str(matcher.find_best_match(descriptor))
        results.append((name, person, match))
    return results


@pytest.mark.slow
@pytest.mark.parametrize("strategy", ["mean", "nearest"])
def test_leave_one_out_identification(people_descriptors, strategy):
    assert len(people_descriptors) == 40 and len({p for p, _, _ in people_descriptors}) == 8
    results = leave_one_out(people_descriptors, strategy)
    correct = sum(match.startswith(person + " (") for _, person, match in results)
    wrong = [f"{name}: {match}" for name, person, match in results if not match.startswith(person + " (")]
    print(f"\nleave-one-out identification ({strategy}, threshold 0.6): {correct}/40 correct; misses: {wrong}")
    assert correct >= 39, wrong
