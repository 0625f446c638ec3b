"""The desktop app (PySide6): a thin layer over faceorganizer.library, talking to it off the UI thread."""

from __future__ import annotations

import sys


def _pin_bool_singletons() -> None:
    """Guard against a reference-count bug seen with PySide6 6.12 on Python 3.11.

    A CI run of the whole suite ended, after every test had passed, in "Fatal Python error:
    bool_dealloc: deallocating True or False" while the interpreter was shutting down: some
    PySide6 conversion releases a reference to True/False it does not own, so after enough signal
    and model traffic their count reaches zero. Python 3.12+ makes them immortal; on older versions
    they get a large number of extra references that are never released, which has the same effect.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    for singleton in (True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 32


_pin_bool_singletons()
