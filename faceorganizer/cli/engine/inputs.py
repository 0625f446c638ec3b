"""Expanding command-line paths: files as given, folders to the image files below them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ...imaging import IMAGE_SUFFIXES


def iter_inputs(paths: Sequence[str]) -> Iterator[Path]:
    """Each path as given; folders expand to the image files below them (hidden ones skipped), sorted."""
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        for f in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in f.relative_to(path).parts)
            if f.is_file() and f.suffix.lower() in IMAGE_SUFFIXES and not hidden:
                yield f
