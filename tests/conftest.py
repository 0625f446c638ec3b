"""Shared fixtures: where the reference data lives (../shared/faceapi, or $FACEORGANIZER_FACEAPI_DIR)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
FACEAPI_DIR = Path(os.environ.get("FACEORGANIZER_FACEAPI_DIR", REPO.parent / "shared" / "faceapi"))


def faceapi_path(*parts: str) -> Path:
    """A file of the reference data; skips the test (with the reason) when the data is absent."""
    path = FACEAPI_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data not found: {path} (set FACEORGANIZER_FACEAPI_DIR)")
    return path


def load_json(*parts: str):
    return json.loads(faceapi_path(*parts).read_text())


def pil_rgb(*parts: str) -> np.ndarray:
    """Pixels exactly as the *.pil-decoded.json references got them: Image.open().convert('RGB')."""
    with Image.open(faceapi_path(*parts)) as im:
        return np.asarray(im.convert("RGB"))


@pytest.fixture(scope="session")
def reference_test_images_pil():
    return load_json("reference", "test-images.pil-decoded.json")


@pytest.fixture(scope="session")
def reference_test_images_whole():
    return load_json("reference", "test-images.whole.json")


@pytest.fixture(scope="session")
def reference_examples_pil():
    return load_json("reference", "examples.pil-decoded.json")


@pytest.fixture(scope="session")
def reference_examples_whole():
    return load_json("reference", "examples.whole.json")
