"""The files that make one photo of the library, as the user is shown them: the file its faces were found in, its
copies (the same bytes in other places: ``catalog.copies``) and, beside each, the files of the same shot that are
not indexed on their own (a RAW next to its JPEG or HEIF, a Live Photo's movie: ``walk.companions``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...raw import is_raw
from .walk import companions, companions_of


@dataclass(frozen=True)
class PhotoFile:
    """One file of a photo: ``role`` is ``photo`` (the file indexed), ``copy`` (a copy of it elsewhere), ``raw``
    (the RAW of the shot, beside one of those) or ``live`` (a Live Photo's movie)."""

    path: str
    role: str


def photo_files(path: str, copies: Sequence[str] = ()) -> list[PhotoFile]:
    """The files of the photo at ``path`` whose copies are ``copies`` (as ``PhotoFaces.copies`` lists them): each
    location first, then the files that go with it. Lists the locations' folders (no file is opened)."""
    out: list[PhotoFile] = []
    for where, role in [(path, "photo"), *((c, "copy") for c in copies)]:
        out.append(PhotoFile(where, role))
        out += [PhotoFile(f, _role(f)) for f in companions(where)]
    return out


def companion_roles(paths: Iterable[str]) -> dict[str, list[str]]:
    """Path -> the roles (``raw``, ``live``) of the files that go with the photo there, for a grid's badges;
    photos with none left out. Each folder is listed once."""
    return {path: sorted({_role(f) for f in found}) for path, found in companions_of(paths).items()}


def _role(companion: str) -> str:
    return "raw" if is_raw(companion) else "live"
