"""Whether Qt can open a window here, asked before Qt tries: Qt aborts the whole process when it has no
display or when its X11 plugin cannot load, so a missing system library becomes a message naming it and the
package that provides it instead of a crash."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .i18n import QT_TRANSLATE_NOOP, Texts

# Shared libraries Qt's xcb plugin loads from the system, and the Debian/Ubuntu packages that hold them.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
NO_DISPLAY = QT_TRANSLATE_NOOP(
    "Display",
    "cannot start the desktop app: no display (DISPLAY / WAYLAND_DISPLAY unset). Run it in a desktop session, "
    "or use the command-line tools (faceorganizer --help)",
)

#: The translators' context of these messages. They are said before Qt starts, so before any translation is
#: installed: they show as written, in English (the source texts are English as it is to be read).
Display = Texts("Display")


def display_problem(environ: os._Environ[str] | dict[str, str] = os.environ) -> str | None:
    """Why Qt could not open a window here (a sentence for the user), or None when it can."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if sys.platform in ("win32", "darwin") or (platform and platform != "xcb"):
        return None
    if not platform and environ.get("WAYLAND_DISPLAY"):
        return None  # Qt takes Wayland first, and falls back to xcb only if that fails
    if not environ.get("DISPLAY") and not platform:
        return Display.tr(NO_DISPLAY)
    missing = missing_libraries(xcb_plugin())
    if not missing:
        return None
    packages = sorted({DEBIAN_PACKAGES.get(lib, "?") for lib in missing} - {"?"})
    apt = Display.tr("On Debian/Ubuntu: sudo apt-get install {packages}.")
    hint = " " + apt.format(packages=" ".join(packages)) if packages else ""
    return Display.tr(
        "cannot start the desktop app: Qt's X11 plugin needs system libraries that are missing: {libraries}.{hint} "
        "The command-line tools work without them (faceorganizer --help).",
        "",
        len(missing),
    ).format(libraries=", ".join(missing), hint=hint)


def xcb_plugin() -> Path | None:
    """The xcb platform plugin of the installed PySide6, if there is one."""
    try:
        import PySide6
    except ImportError:
        return None
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_libraries(plugin: Path | None) -> list[str]:
    """The shared libraries ``plugin`` needs that the system lacks (empty when it loads)."""
    if plugin is None:
        return []
    try:
        ctypes.CDLL(str(plugin))
        return []
    except OSError as exc:
        first = str(exc)
    found = _not_found_by_ldd(plugin)
    if found:
        return found
    m = re.search(r"([\w.+-]+\.so[\w.]*): cannot open shared object file", first)
    return [m.group(1)] if m else [first]


def _not_found_by_ldd(plugin: Path) -> list[str]:
    """Every library ``ldd`` reports "not found" for ``plugin`` (dlopen names only the first)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_ldd(out)


def parse_ldd(output: str) -> list[str]:
    """The libraries ``ldd``'s output marks "not found", sorted."""
    return sorted({m.group(1) for m in re.finditer(r"^\s*(\S+) => not found", output, re.M)})
