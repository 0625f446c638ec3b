"""The command writes nothing outside what it owns: no onnxruntime telemetry (a persistent device id and
queued events under ~/.cache/Microsoft/DeveloperTools/.onnxruntime/), no caches or configs of other
libraries in HOME or the XDG folders; only the library (in $XDG_DATA_HOME/faceorganizer/ by default) and,
when asked, XMP sidecars next to the photos.

Each command runs in a subprocess (onnxruntime reads its settings once, when it loads) with HOME, every XDG
folder and the working directory fresh and empty, and nothing else from the environment but PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "astronaut.jpg"
XDG = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR")


class Sandbox:
    """Empty HOME, XDG folders and working directory for a subprocess of the command."""

    def __init__(self, root: Path) -> None:
        self.home, self.cwd = root / "home", root / "cwd"
        self.xdg = {name: root / name.lower() for name in XDG}
        for folder in (self.home, self.cwd, *self.xdg.values()):
            folder.mkdir(mode=0o700)

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home), "LANG": "C.UTF-8"}
        env.update({name: str(path) for name, path in self.xdg.items()})
        proc = subprocess.run([sys.executable, "-m", "faceorganizer.cli", *argv], cwd=self.cwd, env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        return proc

    def files(self) -> dict[str, list[str]]:
        """Every file and folder in HOME, the XDG folders and the working directory, relative to its root."""
        roots = {"HOME": self.home, "cwd": self.cwd, **self.xdg}
        return {name: sorted(str(p.relative_to(root)) for p in root.rglob("*")) for name, root in roots.items()}


def test_detect_leaves_no_telemetry_and_no_file_anywhere(tmp_path):
    box = Sandbox(tmp_path)
    photo = shutil.copy(SAMPLE, tmp_path / "photo.jpg")
    proc = box.run("detect", str(photo))
    assert "1 face(s)" in proc.stdout
    assert box.files() == {name: [] for name in ("HOME", "cwd", *XDG)}
    assert not (box.home / ".cache" / "Microsoft").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["home", "cwd", "photo.jpg", *(n.lower() for n in XDG)])


def test_the_python_api_leaves_no_telemetry(tmp_path):
    box = Sandbox(tmp_path)
    code = "import faceorganizer as fo, numpy as np; fo.detect_all_faces(np.zeros((64, 64, 3), np.uint8)).run()"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(box.home)}
    env.update({name: str(path) for name, path in box.xdg.items()})
    subprocess.run([sys.executable, "-c", code], cwd=box.cwd, env=env, check=True, timeout=300)
    assert box.files() == {name: [] for name in ("HOME", "cwd", *XDG)}


@pytest.mark.slow
def test_scan_people_and_xmp_write_only_the_library_and_sidecars(tmp_path):
    box = Sandbox(tmp_path)
    photos = tmp_path / "photos"
    photos.mkdir()
    shutil.copy(SAMPLE, photos / "astronaut.jpg")
    box.run("scan", str(photos))
    box.run("person", "add-face", str(photos / "astronaut.jpg"), "10", "10", "50", "50", "--name", "Eileen")
    box.run("people")
    box.run("search", "--with", "Eileen")
    box.run("export-xmp")
    files = box.files()
    library = files.pop("XDG_DATA_HOME")
    assert files == {name: [] for name in files}
    assert library and all(p.startswith("faceorganizer") for p in library), library
    assert sorted(p.name for p in photos.iterdir()) == ["astronaut.jpg", "astronaut.jpg.xmp"]
