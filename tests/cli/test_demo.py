"""The front door: `faceorganizer demo` analyses the bundled sample photos with nothing beside the clone,
and `faceorganizer --demo` opens the app on a library of them."""

from __future__ import annotations

import subprocess
import sys

from PIL import Image

from faceorganizer import cli
from faceorganizer.cli.engine import demo


def test_the_samples_are_bundled_with_their_provenance():
    names = [p.name for p in demo.sample_photos()]
    assert names == ["astronaut.jpg", "cameraman.jpg", "grace_hopper.jpg"]
    provenance = (demo.samples_dir() / "README.md").read_text()
    assert all(name in provenance for name in names) and "public domain" in provenance


def test_demo_analyses_each_sample_and_draws_it(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "faceorganizer.cli", "demo", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,  # works from any folder: the photos come with the package
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("astronaut", "cameraman", "grace_hopper"):
        assert f"{name}.jpg (" in proc.stdout
        drawn = Image.open(out / f"{name}.annotated.png")
        original = Image.open(demo.samples_dir() / f"{name}.jpg")
        assert drawn.size == original.size
        assert drawn.convert("RGB").tobytes() != original.convert("RGB").tobytes()  # boxes were drawn
    # each portrait shows one person, and the three are told apart
    assert proc.stdout.count(": 1 face(s)") == 3
    assert proc.stdout.count("a different person") == 3


def test_demo_flag_opens_the_app_on_the_demo_library(monkeypatch, tmp_path):
    from faceorganizer.gui import app, display

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(display, "display_problem", lambda: None)
    calls = []
    monkeypatch.setattr(
        app, "run_gui", lambda path, add_folders=(), scheme=None: calls.append((path, add_folders)) or 0
    )
    assert cli.main(["--demo"]) == 0
    assert cli.main(["--library", str(tmp_path / "mine.sqlite")]) == 0
    assert calls == [
        (tmp_path / "faceorganizer" / "demo.sqlite", [str(demo.samples_dir())]),
        (tmp_path / "mine.sqlite", []),
    ]
