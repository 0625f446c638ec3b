"""Before Qt runs: no display, or an X11 plugin whose system libraries are missing, is a message naming
what to install (Qt itself would abort the process)."""

from __future__ import annotations

import subprocess
import sys

from faceorganizer.gui import display

ICCCM = "libxcb-icccm.so.4: cannot open shared object file: No such file or directory"


def test_no_display_is_a_message(monkeypatch):
    assert display.display_problem({}) == display.NO_DISPLAY
    assert display.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display.display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None


def test_missing_x11_libraries_are_named_with_their_packages(monkeypatch, tmp_path):
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"\x7fELF")
    monkeypatch.setattr(display, "xcb_plugin", lambda: plugin)

    def cdll(path):
        raise OSError(ICCCM)

    monkeypatch.setattr(display.ctypes, "CDLL", cdll)
    # ldd lists every missing library, dlopen only the first
    ldd_out = "\tlibxcb-icccm.so.4 => not found\n\tlibGL.so.1 => /lib/libGL.so.1\n\tlibxcb-keysyms.so.1 => not found\n"
    monkeypatch.setattr(display, "_not_found_by_ldd", lambda p: display.parse_ldd(ldd_out))
    problem = display.display_problem({"DISPLAY": ":0"})
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in problem
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in problem
    # without ldd, dlopen's own message still names the first one
    monkeypatch.setattr(display, "_not_found_by_ldd", lambda p: [])
    assert "missing: libxcb-icccm.so.4." in display.display_problem({"DISPLAY": ":0"})


def test_a_loadable_plugin_is_no_problem(monkeypatch):
    monkeypatch.setattr(display.ctypes, "CDLL", lambda path: object())
    assert display.missing_libraries(display.xcb_plugin()) == []
    assert display.display_problem({"DISPLAY": ":0"}) is None


def test_the_command_says_so_instead_of_aborting(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no DISPLAY, no QT_QPA_PLATFORM
    proc = subprocess.run(
        [sys.executable, "-m", "faceorganizer.cli", "gui", "--library", str(tmp_path / "lib.sqlite")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert "no display" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "lib.sqlite").exists()  # nothing created for a window that could not open
