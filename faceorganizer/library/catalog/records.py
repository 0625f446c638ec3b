"""Typed rows of the catalog (frozen dataclasses) and the conversions between them and SQLite values."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np

from ...geometry import Box

PHOTO_STATUSES = ("pending", "indexed", "error", "missing")
#: ``photos.media``: what a row of ``photos`` is (schema 1.4).
MEDIA_KINDS = ("photo", "video")
FACE_STATES = ("auto", "suggested", "confirmed", "rejected")
FACE_SOURCES = ("detector", "manual")
#: A row as the catalog hands it out, or one already copied into a dict (extra joined columns popped).
Row: TypeAlias = sqlite3.Row | Mapping[str, Any]
DECISION_KINDS = ("confirm", "reject", "merge", "split", "hide", "unhide", "name", "manual_face", "cover")


def encode_path(path: str | os.PathLike[str]) -> str | bytes:
    """A path as stored: TEXT when it is valid Unicode, else a BLOB of its file-system bytes.

    Linux file names are bytes; Python gives undecodable ones as lone surrogates, which SQLite
    TEXT cannot hold. The mapping is one-to-one, so ``UNIQUE(path)`` and lookups stay exact.
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text)
    return text


def decode_path(value: str | bytes) -> str:
    """The inverse of :func:`encode_path` (surrogate-escaped str for non-UTF-8 names)."""
    return os.fsdecode(value) if isinstance(value, bytes) else value


def display_path(path: str) -> str:
    """A printable form of a path (undecodable bytes shown as \\xNN), for terminals and logs."""
    return os.fsencode(path).decode("utf-8", "backslashreplace") if not _is_utf8(path) else path


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def array_blob(values: np.ndarray | None) -> bytes | None:
    return None if values is None else np.ascontiguousarray(values, dtype="<f4").tobytes()


def blob_array(blob: bytes | None, shape: tuple[int, ...]) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype="<f4").reshape(shape).astype(np.float32)


@dataclass(frozen=True)
class Root:
    """A folder the library watches and scans."""

    id: int
    path: str
    added_at: float


@dataclass(frozen=True)
class Photo:
    """One image file of the library (see schema.py for the meaning of each column)."""

    id: int
    root_id: int | None
    path: str
    size: int
    mtime_ns: int
    content_hash: str | None
    width: int | None
    height: int | None
    orientation: int | None
    taken_at: str | None
    status: str
    error: str | None
    indexed_at: float | None
    detector: str | None
    added_at: float
    media: str = "photo"  # "video": a video file, its faces are face tracks (schema 1.4)
    duration: float | None = None  # a video's length in seconds
    copy_of: int | None = None  # a copy (schema 1.5): the photo whose bytes this file holds; it has no faces

    @property
    def is_video(self) -> bool:
        return self.media == "video"

    @classmethod
    def from_row(cls, row: Row) -> Photo:
        d = dict(row)
        d["path"] = decode_path(d["path"])
        return cls(**d)


@dataclass(frozen=True)
class FaceData:
    """A face to store: the analysis of one face in full-size displayed pixels (or a manual box)."""

    box: Box
    score: float | None = None
    landmarks: np.ndarray | None = None  # float32 [68, 2]
    descriptor: np.ndarray | None = None  # float32 [128]
    expressions: dict[str, float] | None = None
    age: float | None = None
    gender: str | None = None
    gender_probability: float | None = None
    source: str = "detector"
    # A video's face track (schema 1.4; None for a photo's face): the time of the frame the face's box, landmarks
    # and descriptor come from (its best frame), the span of the track and its shot's number in the video.
    frame_time: float | None = None
    track_start: float | None = None
    track_end: float | None = None
    shot: int | None = None

    @property
    def expression(self) -> str | None:
        return max(self.expressions, key=self.expressions.__getitem__) if self.expressions else None

    @property
    def quality(self) -> float:
        """Face size in displayed pixels (the shorter side of the box): small faces describe poorly."""
        return float(min(self.box.width, self.box.height))

    def columns(self) -> dict[str, Any]:
        """Column values of the ``faces`` row (person, state and times excluded)."""
        return {
            "x": float(self.box.x),
            "y": float(self.box.y),
            "width": float(self.box.width),
            "height": float(self.box.height),
            "score": None if self.score is None else float(self.score),
            "landmarks": array_blob(self.landmarks),
            "descriptor": array_blob(self.descriptor),
            "expressions": None if self.expressions is None else json.dumps(dict(self.expressions)),
            "expression": self.expression,
            "age": None if self.age is None else float(self.age),
            "gender": None if self.gender is None else str(self.gender),
            "gender_probability": None if self.gender_probability is None else float(self.gender_probability),
            "quality": self.quality,
            "source": self.source,
            "frame_time": _float_or_none(self.frame_time),
            "track_start": _float_or_none(self.track_start),
            "track_end": _float_or_none(self.track_end),
            "shot": None if self.shot is None else int(self.shot),
        }


def _float_or_none(value: float | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Face:
    """A stored face; ``box`` and ``landmarks`` in full-size displayed pixels of its photo."""

    id: int
    photo_id: int
    box: Box
    score: float | None
    landmarks: np.ndarray | None = field(repr=False)
    descriptor: np.ndarray | None = field(repr=False)
    expressions: dict[str, float] | None
    expression: str | None
    age: float | None
    gender: str | None
    gender_probability: float | None
    quality: float | None
    person_id: int | None
    state: str
    source: str
    created_at: float
    frame_time: float | None = None  # a video's face track: see FaceData
    track_start: float | None = None
    track_end: float | None = None
    shot: int | None = None

    @classmethod
    def from_row(cls, row: Row) -> Face:
        d = dict(row)
        box = Box(d.pop("x"), d.pop("y"), d.pop("width"), d.pop("height"))
        d["landmarks"] = blob_array(d["landmarks"], (68, 2))
        d["descriptor"] = blob_array(d["descriptor"], (128,))
        d["expressions"] = None if d["expressions"] is None else json.loads(d["expressions"])
        return cls(box=box, **d)


@dataclass(frozen=True)
class Person:
    """A person (named or an unnamed cluster) with the number of faces assigned to them."""

    id: int
    name: str | None
    hidden: bool
    cover_face_id: int | None
    created_at: float
    face_count: int = 0

    @classmethod
    def from_row(cls, row: Row) -> Person:
        d = dict(row)
        d["hidden"] = bool(d["hidden"])
        return cls(**d)


@dataclass(frozen=True)
class Decision:
    """One user decision (see schema.py): ``kind`` and the face / people / value it concerns."""

    id: int
    kind: str
    face_id: int | None
    person_id: int | None
    other_person_id: int | None
    value: str | None
    created_at: float

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Decision:
        return cls(**dict(row))


@dataclass(frozen=True)
class PhotoInfo:
    """What indexing learned about a file: the exact bytes analysed and the image as displayed."""

    size: int
    mtime_ns: int
    content_hash: str
    width: int | None = None
    height: int | None = None
    orientation: int | None = None
    taken_at: str | None = None
    detector: str | None = None
    media: str = "photo"
    duration: float | None = None  # a video's length in seconds


@dataclass(frozen=True)
class LibraryStats:
    """Counts for ``faceorganizer status`` (photos and faces exclude missing files; ``photos`` counts every
    item of the library, ``videos`` how many of them are videos; a photo's copies in other folders are one item,
    ``copies`` counts those extra files)."""

    photos: int
    faces: int
    people: int
    errors: int
    pending: int
    missing: int = 0
    videos: int = 0
    copies: int = 0  # files that are copies of a photo (its other locations): not counted in ``photos``

    def to_json(self) -> dict[str, int]:
        return {"photos": self.photos, "videos": self.videos, "copies": self.copies, "faces": self.faces,
                "people": self.people, "errors": self.errors, "pending": self.pending}  # fmt: skip
