"""How every subcommand reports: one JSON document on stdout, text lines safe for a terminal, or a failure on
stderr with exit status 1."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from types import GeneratorType
from typing import TextIO

from ..library.catalog import display_path

#: Characters a terminal acts on instead of showing: C0 controls (ESC, BEL, CR, LF, TAB, ...), DEL, C1
#: controls (U+0080-U+009F: CSI and friends), and the Unicode bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE
#: makes "gpj.exe" look like "exe.jpg") and invisible direction marks.
_CONTROLS = [*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _CONTROLS}


def printable(value: object) -> str:
    """``value`` as text that shows on a terminal as the characters it holds: every control character (see
    ``_CONTROLS``) written as ``\\xNN`` or ``\\uNNNN``, undecodable file-name bytes as ``\\xNN``.

    For every name, path or message that came from outside (the catalog, the file system, an exception)
    printed in a text line: a person named ``"\\x1b]0;pwned\\x07"`` or a file with a newline in its name
    must not retitle the terminal, or forge a line of a listing. Backslashes are left alone (Windows paths);
    JSON output does not need this (``json.dumps`` escapes every control character and, with its default
    ``ensure_ascii``, every non-ASCII one).
    """
    return display_path(str(value)).translate(_ESCAPES)


def print_json(document: object) -> None:
    """Print ``document`` as one JSON document on its own line (the shape scripts rely on).

    A generator (of rows, say) at the top, directly in a dict or list at the top, or directly in an item
    it yields, is written as a JSON array item by item as it yields: a listing of a million faces starts
    at once and holds one row at a time. The bytes are those ``json.dump`` writes for the document with
    lists in place of the generators.
    """
    _write_json(document, sys.stdout)
    sys.stdout.write("\n")


def print_json_lines(items: Iterable[object]) -> None:
    """Print each item as one JSON document on its own line (JSON Lines), flushed as it comes: ``| head -1``
    shows the first at once, however long the listing."""
    for item in items:
        _write_json(item, sys.stdout)
        sys.stdout.write("\n")
        sys.stdout.flush()


def _write_json(value: object, out: TextIO) -> None:
    if isinstance(value, GeneratorType):
        out.write("[")
        for i, item in enumerate(value):
            if i:
                out.write(", ")
            _write_json(item, out)
        out.write("]")
    elif isinstance(value, dict) and any(isinstance(v, GeneratorType) for v in value.values()):
        out.write("{")
        for i, (key, item) in enumerate(value.items()):
            out.write(f"{', ' if i else ''}{json.dumps(str(key))}: ")
            _write_json(item, out)
        out.write("}")
    elif isinstance(value, list) and any(isinstance(v, GeneratorType) for v in value):
        _write_json(iter(value), out)
    else:
        out.write(json.dumps(value))


def fail(command: str, message: object) -> int:
    """Report that ``command`` could not run; exit status 1."""
    print(f"faceorganizer {command}: {printable(message)}", file=sys.stderr)
    return 1
