"""One version everywhere: faceorganizer.__version__ is what `--version`, the metadata and the spec report."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys

import pytest

import faceorganizer


def test_version_is_a_release_number():
    assert re.fullmatch(r"\d+\.\d+\.\d+([ab]\d+|rc\d+|\.dev\d+|\.post\d+)?", faceorganizer.__version__)


def test_cli_version_is_the_package_version(capsys):
    from faceorganizer.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"faceorganizer {faceorganizer.__version__}"


def test_console_script_prints_it_too():
    out = subprocess.run(
        [sys.executable, "-m", "faceorganizer.cli", "--version"], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == f"faceorganizer {faceorganizer.__version__}"


def test_installed_metadata_agrees():
    """pyproject reads __version__ (dynamic): the installed metadata matches (reinstall after a bump)."""
    assert importlib.metadata.version("faceorganizer") == faceorganizer.__version__


def test_pyproject_has_no_second_version(repo):
    text = (repo / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in text
    assert re.search(r'^version = \{ attr = "faceorganizer.__version__" \}$', text, re.M)
    assert not re.search(r'^version = "', text, re.M)
