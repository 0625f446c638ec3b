"""The real app in a real X window (Xvfb), driven only by synthetic X key events (xdotool), as a user types:
F2 name Enter three times names three different people, and Ctrl+Z undoes the last; Review mode (Ctrl+R)
answers five suggestions with Y and N; a first scan started by the app shows people before it is half
done, survives kill -9 (the reopened app resumes it by itself) and ends as an uninterrupted scan does; the
app quits cleanly while it scans. Skips, saying why, where Xvfb or xdotool is not installed (CI installs
both)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
def _app(display: str, library, home, until, started: list | None = None) -> Iterator[str]:
    """The app on ``library`` in the X server ``display``, its window focused; yields the window id (and puts
    the process in ``started``). Fails if the app printed a traceback."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(home)}
    env.pop("WAYLAND_DISPLAY", None)
    app = subprocess.Popen([sys.executable, "-m", "faceorganizer.cli", "--library", str(library)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    if started is not None:
        started.append(app)
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


def _photos(tmp_path, faceapi_path) -> Path:
    """92 photos: people-photos (40 JPEGs) and the examples (52 PNGs)."""
    photos = tmp_path / "photos"
    shutil.copytree(faceapi_path("people-photos"), photos / "jpg")
    shutil.copytree(faceapi_path("examples"), photos / "png", ignore=shutil.ignore_patterns("*.json"))
    return photos


def _library_state(path) -> tuple[dict[str, int], set[frozenset[str]], int]:
    """(faces per photo file, people as sets of photo files, photos still pending)."""
    with Catalog.open(path, read_only=True) as cat:
        faces = {
            Path(p).name: n
            for p, n in cat.query(
                "SELECT ph.path, count(f.id) FROM photos ph LEFT JOIN faces f ON f.photo_id = ph.id GROUP BY ph.id"
            )
        }
        people: dict[int, set[str]] = {}
        for pid, p in cat.query(
            "SELECT f.person_id, ph.path FROM faces f JOIN photos ph ON ph.id = f.photo_id "
            "WHERE f.person_id IS NOT NULL"
        ):
            people.setdefault(pid, set()).add(Path(p).name)
        pending = cat.scalar("SELECT count(*) FROM photos WHERE status = 'pending'")
    return faces, {frozenset(v) for v in people.values()}, int(pending or 0)


def _progress(path) -> tuple[int, int, int]:
    """(photos indexed, photos in all, people with two faces or more) as the app's views read them."""
    with Catalog.open(path, read_only=True) as cat:
        done = cat.scalar("SELECT count(*) FROM photos WHERE status != 'pending'")
        total = cat.scalar("SELECT count(*) FROM photos")
        people = cat.scalar("SELECT count(*) FROM people WHERE face_count >= 2")
    return int(done or 0), int(total or 0), int(people or 0)


def test_a_first_scan_shows_people_early_survives_kill_9_and_ends_as_an_uninterrupted_one(
    display, tmp_path, faceapi_path, until
):  # fmt: skip
    from faceorganizer.library.indexing import scan

    photos = _photos(tmp_path, faceapi_path)
    reference = tmp_path / "reference.sqlite"
    with Catalog.open(reference) as cat:
        scan(cat, [photos])
    library = tmp_path / "library.sqlite"
    with Catalog.open(library) as cat:
        cat.add_root(photos)  # as "Add folder" leaves it: the app scans it
    env_home = tmp_path / "home"
    early: list[tuple[int, int, int]] = []  # (indexed, photos, people) while under half done
    first: list[subprocess.Popen] = []
    stop = threading.Event()

    def watch() -> None:  # from the start: what the app's People view shows meanwhile; kill -9 at 40%
        while not stop.is_set():
            state = _progress(library)
            if state[1] and state[0] < state[1] / 2:
                early.append(state)
            if first and state[1] and state[0] >= state[1] * 0.4:
                first[0].kill()
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    with _app(display, library, env_home, until, first):  # the app resumes the library's scan by itself
        assert until(lambda: first[0].poll() is not None, 120), _progress(library)
    stop.set()
    watcher.join(5)
    assert any(people > 0 for _, _, people in early), f"no people before half the scan: {early}"
    done, total, _ = _progress(library)
    assert 0 < done < total, "the scan was not killed midway"
    second: list[subprocess.Popen] = []
    with _app(display, library, env_home, until, second) as window:  # reopened: it resumes by itself
        assert until(lambda: _library_state(library)[2] == 0, 180), _progress(library)
        time.sleep(3)  # the scan's last people update
        _xdo(display, "windowfocus", "--sync", window)
        t = time.monotonic()
        _xdo(display, "key", "ctrl+q")
        second[0].wait(20)
        quit_s = time.monotonic() - t
    assert second[0].returncode == 0
    faces, people, _ = _library_state(library)
    want_faces, want_people, _ = _library_state(reference)
    assert faces == want_faces
    assert people == want_people
    print(f"\nfirst scan: {early[-1][2]} people at {early[-1][0]}/{early[-1][1]} photos; quit took {quit_s:.2f} s")


def test_quitting_while_a_scan_runs_is_clean(display, tmp_path, faceapi_path, until):
    photos = _photos(tmp_path, faceapi_path)
    library = tmp_path / "library.sqlite"
    with Catalog.open(library) as cat:
        cat.add_root(photos)
    app: list[subprocess.Popen] = []
    with _app(display, library, tmp_path / "home", until, app) as window:  # no traceback on stderr (checked)
        assert until(lambda: _progress(library)[0] >= 5, 60)
        _xdo(display, "windowfocus", "--sync", window)
        _xdo(display, "key", "ctrl+q")
        app[0].wait(20)
    assert app[0].returncode == 0
    done, total, _ = _progress(library)
    assert done < total  # quit mid-scan; what was stored stays
    with Catalog.open(library, read_only=True) as cat:
        assert cat.scalar("SELECT count(*) FROM people_pending") == 0  # and it was matched and clustered
