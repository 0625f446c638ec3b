"""The README stays true: its two set-up commands are the ones the demo and CI run, and its Python
example runs as written on the bundled photos."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_the_two_setup_commands():
    commands = [line for line in blocks("sh")[0].splitlines() if line and not line.startswith("#")]
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/faceorganizer demo",
        'python3 -m venv .venv && .venv/bin/pip install ".[test]" && .venv/bin/pytest',
    ]
    assert commands[1] in (REPO / ".ci" / "run").read_text()  # CI runs the README's test command as written


def test_the_python_example_runs(tmp_path):
    (tmp_path / "resources").symlink_to(REPO / "resources")  # the example's paths are relative to the repo root
    proc = subprocess.run(
        [sys.executable, "-c", blocks("python")[0]], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert "person 1 (0" in proc.stdout  # FaceMatcher found the face among the results it was built from
    assert (tmp_path / "astronaut-annotated.png").stat().st_size > 0
