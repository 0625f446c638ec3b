"""The real app in a real X window (Xvfb), driven only by synthetic X key events (xdotool), as a user types:
F2 name Enter three times names three different people, and Ctrl+Z undoes the last; Review mode (Ctrl+R)
answers five suggestions with Y and N. Skips, saying why, where Xvfb or xdotool is not installed (CI
installs both)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def _app(display: str, library, home, until) -> Iterator[str]:
    """The app on ``library`` in the X server ``display``, its window focused; yields the window id. Fails if
    the app printed a traceback."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(home)}
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
        yield window
    finally:
        app.terminate()
        try:
            _, err = app.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            _, err = app.communicate()
    assert "Traceback" not in err, err


def test_keyboard_naming_and_undo_in_a_real_window(display, tmp_path, add_faces, until):
    library = tmp_path / "library.sqlite"
    with Catalog.open(library) as cat:
        cat.add_root(tmp_path)
        add_faces(cat, tmp_path, [0] * 5 + [1] * 4 + [2] * 3 + [3] * 2)
        People(cat).recluster()
    with _app(display, library, tmp_path / "home", until):
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


def test_review_mode_answers_five_suggestions_with_y_and_n_in_a_real_window(display, tmp_path, add_faces, until):
    library = tmp_path / "library.sqlite"
    with Catalog.open(library) as cat:
        cat.add_root(tmp_path)
        ids = add_faces(cat, tmp_path, [0] * 4 + [1] * 3)
        people = People(cat)
        people.recluster()
        ann = people.rename(cat.face(ids[0]).person_id, "Ann")
        suggested = add_faces(cat, tmp_path, [0] * 6, start=20, age=5.0)  # children: only ever suggested
        people.update()
        assert all(cat.face(f).state == "suggested" for f in suggested)

    def states() -> list[tuple[int | None, str]]:
        with Catalog.open(library, read_only=True) as cat:
            return [(cat.face(f).person_id, cat.face(f).state) for f in suggested]

    with _app(display, library, tmp_path / "home", until):
        _xdo(display, "key", "ctrl+r")
        time.sleep(1.5)  # the questions load
        for key in "ynyny":
            _xdo(display, "key", key)
            time.sleep(0.3)
        expected = [(ann, "confirmed"), "no", (ann, "confirmed"), "no", (ann, "confirmed"), (ann, "suggested")]

        def answered() -> bool:
            got = states()
            return all(g == e if e != "no" else g[0] != ann for g, e in zip(got, expected))

        assert until(answered), states()
