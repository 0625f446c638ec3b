"""Qt signals must not leak or drop Python references: PySide6 6.12.0 drops one reference to True (and to None
when passed) on every emission, and on Python 3.11, whose True and None are not immortal, the app aborts with
"Fatal Python error: bool_dealloc" after about a thousand background tasks (each task's result is one
emission). pyproject.toml excludes that release; this test catches any release that does the same."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal


class _Source(QObject):
    plain = Signal()
    three = Signal(object, object, object)


def test_emitting_signals_keeps_the_reference_counts_of_true_and_none(qapp):
    source = _Source()
    got: list[int] = []
    source.plain.connect(lambda: got.append(0))
    source.three.connect(lambda a, b, c: got.append(1))
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(20):  # few: a broken release must fail this test, not abort the test run
        source.plain.emit()
        source.three.emit(1, None, True)
    QCoreApplication.processEvents()
    assert len(got) == 40
    # immortal objects (Python 3.12+) report a fixed huge count; otherwise the counts must not drift
    assert abs(sys.getrefcount(True) - true_before) < 10, "a signal emission drops references to True"
    assert abs(sys.getrefcount(None) - none_before) < 10, "a signal emission drops references to None"
