"""Issue 14: ``faceorganizer gui --screenshot`` on a library file that does not exist fails, naming the file,
instead of creating an empty library and rendering it."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_screenshot_of_a_missing_library_fails_and_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from faceorganizer.cli import main

    missing = tmp_path / "nowhere" / "library.sqlite"
    out = tmp_path / "shot.png"
    assert main(["gui", "--screenshot", str(out), "--library", str(missing)]) == 1
    err = capsys.readouterr().err
    assert f"no library at {missing}" in err
    assert not missing.exists() and not missing.parent.exists() and not out.exists()
