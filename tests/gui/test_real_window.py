"""The real app in a real X window (Xvfb), driven only by synthetic X key events (xdotool), as a user types:
F2 name Enter three times names three different people, and Ctrl+Z undoes the last. Skips, saying why,
where Xvfb or xdotool is not installed (CI installs both)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from faceorganizer.library.catalog import Catalog
from faceorganizer.library.people import People

pytestmark = pytest.mark.slow


def _tools() -> None:
    from faceorganizer.gui.display import missing_libraries, xcb_plugin

    missing = [t for t in ("Xvfb", "xdotool") if shutil.which(t) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (apt-get install xvfb xdotool)")
    libraries = missing_libraries(xcb_plugin())
    if libraries:
        pytest.skip(f"Qt's X11 plugin lacks {', '.join(libraries)} (see README: the apt-get line)")


@pytest.fixture
def display(tmp_path):
    """A private X server; yields its DISPLAY."""
    _tools()
    number = 90 + os.getpid() % 100
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    name = f":{number}"
    deadline = time.monotonic() + 10
    while subprocess.run(["xdotool", "getmouselocation"], env={**os.environ, "DISPLAY": name},
                         capture_output=True).returncode != 0:  # fmt: skip
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.skip("Xvfb did not start")
        time.sleep(0.2)
    yield name
    server.terminate()
    server.wait(10)


def _xdo(display: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True, text=True)


def _names(path) -> list[str | None]:
    with Catalog.open(path, read_only=True) as cat:
        return sorted((p.name for p in cat.people()), key=lambda n: (n is None, n or ""))


def test_keyboard_naming_and_undo_in_a_real_window(display, tmp_path, add_faces, until):
    library = tmp_path / "library.sqlite"
    with Catalog.open(library) as cat:
        cat.add_root(tmp_path)
        add_faces(cat, tmp_path, [0] * 5 + [1] * 4 + [2] * 3 + [3] * 2)
        People(cat).recluster()
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path / "home")}
    env.pop("WAYLAND_DISPLAY", None)
    app = subprocess.Popen([sys.executable, "-m", "faceorganizer.cli", "--library", str(library)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        found = until(lambda: _xdo(display, "search", "--name", "faceorganizer").stdout.strip() != "", 30)
        assert found, "the window did not appear"
        window = _xdo(display, "search", "--name", "faceorganizer").stdout.split()[0]
        time.sleep(2)  # the People grid loads
        _xdo(display, "windowfocus", "--sync", window)
        time.sleep(0.5)
        for name in ("Leonard", "Raj", "Sheldon"):
            _xdo(display, "key", "F2")
            time.sleep(0.6)
            _xdo(display, "type", "--delay", "40", name)
            time.sleep(0.3)
            _xdo(display, "key", "Return")
            assert until(lambda n=name: n in _names(library)), f"{name} was not stored: {_names(library)}"
            time.sleep(0.5)
        assert _names(library) == ["Leonard", "Raj", "Sheldon", None]
        _xdo(display, "key", "ctrl+z")
        assert until(lambda: _names(library) == ["Leonard", "Raj", None, None]), _names(library)
    finally:
        app.terminate()
        try:
            _, err = app.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            _, err = app.communicate()
    assert "Traceback" not in err, err
