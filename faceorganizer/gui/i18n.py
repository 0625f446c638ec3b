"""Translation helpers (issue 14.4): Qt's QT_TRANSLATE_NOOP typed for mypy (PySide6 declares it to return
``object``). Like Qt's, it returns ``text`` unchanged and only marks it for pyside6-lupdate (which finds the
call by its name), for tables evaluated at import time; the text is translated where it is shown, with
``QCoreApplication.translate(context, text)`` or ``self.tr(text)`` in a class named ``context``. ``Texts`` is a
context for texts with a count outside a QObject's methods (pyside6-lupdate sees plural forms only in ``tr``).

Loading (``install_translator``): the compiled translations ship in the package ``faceorganizer.translations``
(resources/translations in the source tree). English plural forms come from one of them too: a text with a count
is written "%n photo(s)", which Qt shows as "1 photo(s)" without a translation, so faceorganizer_en.qm ("1 photo",
"2 photos") is always installed first, under the system locale's translation."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger("faceorganizer.gui.i18n")

#: The translations in a source checkout that is not installed (where ``faceorganizer.translations`` is not).
CHECKOUT_TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
#: The English plural forms, installed under every other translation.
PLURALS = "faceorganizer_en.qm"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - Qt's name, which lupdate looks for
    """``text``, marked as translatable in ``context``."""
    del context
    return text


class Texts:
    """A translators' context for module-level code, made as ``Name = Texts("Name")``: pyside6-lupdate files a call
    ``Name.tr("%n photo(s)", "", n)`` under the context ``Name`` (the word before ``.tr``, so the variable and the
    context are spelled alike; a test checks it), and sees its plural forms, which it does not in
    ``QCoreApplication.translate``. Typed, unlike a class-level ``QObject.tr``."""

    def __init__(self, context: str) -> None:
        self.context = context

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """``text`` in the installed translation (numerus form for ``n`` when given), ``%n`` replaced by ``n``."""
        return QCoreApplication.translate(self.context, text, disambiguation, n)


def translations_dir() -> Path:
    """The folder of the compiled translations (faceorganizer_XX.qm): the installed package's, else the checkout's."""
    try:
        return Path(str(resources.files("faceorganizer.translations")))
    except ModuleNotFoundError:
        return CHECKOUT_TRANSLATIONS


def install_plurals(app: QCoreApplication, folder: Path | None = None) -> QTranslator | None:
    """Install on ``app`` the English plural forms (``folder``/faceorganizer_en.qm, default
    :func:`translations_dir`); the translator, or None (logged) when the file is missing: texts with a count
    then read "1 photo(s)"."""
    path = (translations_dir() if folder is None else folder) / PLURALS
    translator = QTranslator(app)
    if not translator.load(str(path)):
        log.warning("no English plural forms at %s: counts will read like '2 photo(s)'", path)
        return None
    app.installTranslator(translator)
    return translator


def install_translator(app: QCoreApplication, folder: Path | None = None) -> QTranslator | None:
    """Install on ``app`` the English plural forms, then over them the translation for the system locale,
    ``folder``/faceorganizer_XX.qm (default :func:`translations_dir`), when there is one other than English (the
    source language); the locale's translator installed, else None."""
    folder = translations_dir() if folder is None else folder
    if not folder.is_dir():
        return None
    install_plurals(app, folder)
    translator = QTranslator(app)
    if not translator.load(QLocale.system(), "faceorganizer", "_", str(folder)) or translator.language() == "en":
        return None
    app.installTranslator(translator)
    return translator
