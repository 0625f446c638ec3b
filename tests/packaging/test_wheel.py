"""The sdist and wheel carry the models and fonts: a wheel built from the sdist runs `detect` in a fresh venv."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

import faceorganizer


def _sdist(repo: Path, out: Path) -> Path:
    """Build the sdist with the running environment's setuptools (no network needed)."""
    pytest.importorskip("setuptools", reason="setuptools is needed to build the sdist")
    code = f"from setuptools import build_meta; print(build_meta.build_sdist({str(out)!r}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=repo, check=True, capture_output=True, text=True)
    return out / done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory, repo) -> tuple[Path, Path]:
    """(sdist, wheel built from that sdist by pip): the wheel proves the sdist holds everything."""
    out = tmp_path_factory.mktemp("dist")
    sdist = _sdist(repo, out)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(sdist)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("faceorganizer-*.whl")
    return sdist, wheel


@pytest.mark.slow
def test_sdist_and_wheel_contain_models_fonts_and_version(artifacts, repo):
    sdist, wheel = artifacts
    models = {p.name for p in (repo / "models").glob("*.onnx")}
    version = faceorganizer.__version__
    assert sdist.name == f"faceorganizer-{version}.tar.gz" and wheel.name.startswith(f"faceorganizer-{version}-")
    with tarfile.open(sdist) as tar:
        names = {Path(n).relative_to(f"faceorganizer-{version}").as_posix() for n in tar.getnames() if "/" in n}
    assert {f"models/{m}" for m in models} | {"models/MODELS.md", "faceorganizer/fonts/DejaVuSans.ttf"} <= names
    assert {"packaging/faceorganizer.spec", "resources/faceorganizer.desktop", "MANIFEST.in"} <= names
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(f"faceorganizer-{version}.dist-info/METADATA").decode()
    assert {f"faceorganizer/models/{m}" for m in models} <= names
    assert {"faceorganizer/models/MODELS.md", "faceorganizer/fonts/DejaVuSans.ttf"} <= names
    assert not any(n.startswith("faceorganizer/convert/") and n.endswith(".onnx") for n in names)
    assert {"faceorganizer/samples/astronaut.jpg", "faceorganizer/samples/README.md"} <= names  # for `demo`
    assert f"\nVersion: {version}\n" in metadata


@pytest.mark.slow
def test_wheel_runs_detect_in_a_fresh_venv(artifacts, tmp_path, faceapi_path):
    image = faceapi_path("test-images", "faces.jpg")
    _, wheel = artifacts
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", wheel], check=True)
    # The dependencies come from this environment's site-packages, appended after the venv's own (a .pth
    # line is a plain path: this environment's faceorganizer, editable or not, stays behind the wheel's).
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "zz_host_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}

    where = subprocess.run(
        [python, "-c", "import faceorganizer; print(faceorganizer.__file__)"],
        cwd=tmp_path,
        env=clean_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert Path(where).resolve().is_relative_to(env_dir.resolve()), where

    version = subprocess.run(
        [bindir / "faceorganizer", "--version"], cwd=tmp_path, env=clean_env, check=True, capture_output=True, text=True
    ).stdout
    assert version.strip() == f"faceorganizer {faceorganizer.__version__}"

    done = subprocess.run(
        [bindir / "faceorganizer", "detect", "--json", str(image)],
        cwd=tmp_path,
        env=clean_env,
        check=True,
        capture_output=True,
        text=True,
    )
    (result,) = json.loads(done.stdout)["images"]
    assert result["error"] is None and len(result["faces"]) == 6
