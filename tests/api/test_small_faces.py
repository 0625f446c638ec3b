"""The small-face mode (issue 15): faces of ~40 px in a 12 MP photo are found with it and missed without it;
the tiles cover the photo; the plain detector is untouched when the mode is off."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from PIL import Image

from faceorganizer.api.analyze import detect
from faceorganizer.api.options import SmallFacesOptions, SsdMobilenetv1Options, options_for
from faceorganizer.api.small_faces import OVERLAP, TILE, detect_small_faces, tile_origins
from faceorganizer.api.tasks import detect_all_faces
from faceorganizer.geometry import Box


@pytest.fixture(scope="module")
def portraits(small_face_canvas) -> tuple[np.ndarray, list[Box]]:
    """A 12 MP canvas of 12 copies of the bundled Grace Hopper portrait, its face 40 px wide."""
    canvas, boxes = small_face_canvas()
    return np.asarray(canvas), boxes


def test_faces_of_40_px_in_a_12_mp_photo_are_found_with_the_mode_and_missed_without(portraits, face_recall):
    pixels, truth = portraits
    plain_hits, _ = face_recall([d.box for d in detect(pixels, SsdMobilenetv1Options())], truth)
    hits, false = face_recall([d.box for d in detect(pixels, SmallFacesOptions())], truth)
    assert plain_hits <= 1, "SSD alone should miss 40 px faces of a 4000 px photo"
    assert hits >= 11 and false <= 1, (hits, false)


def test_the_mode_runs_in_every_task_composition(portraits, face_recall):
    pixels, truth = portraits
    faces = detect_all_faces(pixels, SmallFacesOptions()).with_face_landmarks().with_face_descriptors().run()
    hits, _ = face_recall([f.box for f in faces], truth)
    assert hits >= 11
    assert all(f.descriptor is not None and f.descriptor.shape == (128,) for f in faces)


def test_a_group_photo_scaled_down_to_40_px_faces(faceapi_path, small_face_canvas, face_recall):
    """The issue's own test: a few scaled copies of one group photo (face-api.js's bbt1.jpg) on a 12 MP canvas."""
    folder = faceapi_path("examples")
    labels = json.loads((folder / "group-labels.json").read_text())["faces"]["bbt1.jpg"]
    faces = [Box(f["box"]["x"], f["box"]["y"], f["box"]["width"], f["box"]["height"]) for f in labels]
    canvas, truth = small_face_canvas(Image.open(folder / "bbt1.jpg").convert("RGB"), faces, copies=6)
    pixels = np.asarray(canvas)
    plain_hits, _ = face_recall([d.box for d in detect(pixels)], truth)
    hits, false = face_recall([d.box for d in detect(pixels, SmallFacesOptions())], truth)
    assert plain_hits <= 2 and hits >= 0.9 * len(truth) and false <= 1, (plain_hits, hits, len(truth), false)


def test_small_photos_are_left_to_the_plain_detector():
    photo = np.asarray(Image.open(str(resources.files("faceorganizer.samples") / "astronaut.jpg")))
    assert detect(photo, SmallFacesOptions()) == detect(photo, SsdMobilenetv1Options())


@pytest.mark.parametrize("length", [513, 640, 1000, 2000, 2048, 3001])
def test_tiles_cover_the_view_and_overlap_enough(length):
    starts = tile_origins(length)
    assert starts[0] == 0 and starts[-1] + TILE == length
    assert all(b - a <= TILE - OVERLAP for a, b in zip(starts, starts[1:], strict=False))


def test_options_are_validated_and_the_cli_names_select_the_mode():
    with pytest.raises(ValueError, match="tile_confidence"):
        SmallFacesOptions(tile_confidence=1.5)
    with pytest.raises(ValueError, match="max_view_side"):
        SmallFacesOptions(max_view_side=100)
    assert options_for("ssd", 0.4, small_faces=True) == SmallFacesOptions(min_confidence=0.4)
    with pytest.raises(ValueError, match="SSD detector"):
        options_for("tiny", small_faces=True)


def test_detect_small_faces_bounds_its_results(portraits):
    pixels, _ = portraits
    assert len(detect_small_faces(pixels, SmallFacesOptions(max_results=3))) == 3
