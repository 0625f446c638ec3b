"""Translation helpers (issue 14.4): Qt's QT_TRANSLATE_NOOP typed for mypy (PySide6 declares it to return
``object``). Like Qt's, it returns ``text`` unchanged and only marks it for pyside6-lupdate (which finds the
call by its name), for tables evaluated at import time; the text is translated where it is shown, with
``QCoreApplication.translate(context, text)`` or ``self.tr(text)`` in a class named ``context``."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - Qt's name, which lupdate looks for
    """``text``, marked as translatable in ``context``."""
    del context
    return text
