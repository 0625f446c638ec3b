"""Person names as the catalog keeps them: text XML 1.0 can carry, on one line, trimmed.

A name reaches the catalog from the user (create, rename) and from other tools' metadata (XMP, Picasa),
and leaves it in XMP sidecars. XML 1.0 forbids most C0 controls (NUL, BEL, ESC, ...), lone surrogates
and U+FFFE/U+FFFF: one such character in a name made every sidecar written with it unreadable, for us
and for every other tool whose data the sidecar holds. A lone surrogate cannot even be stored (SQLite
wants UTF-8). C1 controls and DEL are legal XML but no part of a name (terminal escape sequences start
with them). So they all go, and line breaks and tabs become spaces: one function, called wherever a
name enters the catalog.
"""

from __future__ import annotations

import re

#: Characters dropped from names: C0 controls but tab/newline/CR, DEL and C1 controls, surrogates, the two
#: non-characters XML 1.0 forbids (U+FFFE, U+FFFF).
_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_name(text: str | None) -> str | None:
    """``text`` as a person name: forbidden and control characters dropped, any run of whitespace (tabs,
    line breaks, NEL, U+2028/9 included) one space, trimmed; None when nothing is left (or ``text`` is None).

    Everything else, XML's special characters ``& < >`` included (writers escape them), is kept as given.
    """
    if text is None:
        return None
    cleaned = " ".join(_DROP.sub("", str(text)).split())
    return cleaned or None
