"""The committed models/*.onnx are exactly what the converter builds from face-api.js's weights."""

from __future__ import annotations

import hashlib
import re

import pytest

from faceorganizer.convert import CONVERTERS
from faceorganizer.nets.session import models_dir

onnx = pytest.importorskip("onnx", reason="the converter needs the onnx package (pip install .[convert])")


@pytest.mark.parametrize("net", sorted(CONVERTERS))
def test_committed_model_is_rebuilt_byte_for_byte(net, faceapi_path):
    from faceorganizer.convert.build import build_model, serialize

    weights = faceapi_path("weights")
    built = serialize(build_model(net, weights))
    committed = (models_dir() / CONVERTERS[net][2]).read_bytes()
    assert hashlib.sha256(built).hexdigest() == hashlib.sha256(committed).hexdigest(), (
        f"models/{CONVERTERS[net][2]} differs from the converter's output: rebuild with "
        "`python -m faceorganizer.convert ../shared/faceapi/weights`"
    )


def test_models_md_lists_every_model_with_its_hash():
    text = (models_dir() / "MODELS.md").read_text()
    for _, _, filename in CONVERTERS.values():
        digest = hashlib.sha256((models_dir() / filename).read_bytes()).hexdigest()
        section = text.split(f"## {filename}")[1].split("## ")[0]
        assert re.search(rf"output: \d+ bytes, sha256 `{digest}`", section), f"MODELS.md out of date for {filename}"
