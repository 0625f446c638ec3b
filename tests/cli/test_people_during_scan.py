"""While a command-line scan runs, `faceorganizer people --json` already lists people (issue 14): the scan
brings people up to date as it stores photos, and readers never wait for it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest


@pytest.mark.slow
def test_people_are_listed_before_the_scan_ends(tmp_path, faceapi_path):
    photos = tmp_path / "photos"
    shutil.copytree(faceapi_path("people-photos"), photos / "jpg")
    shutil.copytree(faceapi_path("examples"), photos / "png", ignore=shutil.ignore_patterns("*.json"))  # 92
    library = tmp_path / "lib.sqlite"
    cli = [sys.executable, "-m", "faceorganizer.cli"]
    scan = subprocess.Popen([*cli, "scan", str(photos), "--library", str(library)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    seen: list[int] = []
    try:
        while scan.poll() is None:
            if library.exists():
                out = subprocess.run([*cli, "people", "--json", "--library", str(library)], capture_output=True,
                                     text=True, timeout=60)  # fmt: skip
                if out.returncode == 0:
                    people = [p for p in json.loads(out.stdout) if p["id"] is not None and len(p["faces"]) >= 2]
                    if people and scan.poll() is None:
                        seen.append(len(people))
                        break
            time.sleep(0.2)
        _, err = scan.communicate(timeout=300)
    finally:
        if scan.poll() is None:
            scan.kill()
    assert scan.returncode == 0, err
    assert seen, "people --json listed no people while the scan ran"
