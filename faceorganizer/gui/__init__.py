"""The desktop app (PySide6): a thin layer over faceorganizer.library, talking to it off the UI thread."""

from __future__ import annotations

import sys


def _pin_bool_singletons() -> None:
    """Guard against a reference-count bug seen with PySide6 6.12 on Python 3.11.

    A CI run of the whole suite ended, after every test had passed, in "Fatal Python error:
    bool_dealloc: deallocating True or False" while the interpreter was shutting down (garbage
    collection, no Python frame): a C extension released references to True/False it did not own.
    It happened once in four full runs; the GUI is the new extension in that run. Python 3.12+ makes
    these singletons immortal; on older versions they get a large number of extra references that are
    never released, which has the same effect and costs nothing.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    for singleton in (True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 32


_pin_bool_singletons()
