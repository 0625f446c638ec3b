"""What scanning and indexing report: per-file errors, progress events and the scan summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FileError:
    """A file or folder that could not be scanned or indexed, and why (a message for the user).
    ``unavailable``: a library folder that could not be scanned at all (see ScanSummary)."""

    path: str
    error: str
    unavailable: bool = False

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "error": self.error}


@dataclass(frozen=True)
class Progress:
    """One progress event. ``phase``: ``"scanning"`` (walking folders: ``done`` files found so far,
    ``total`` 0) or ``"indexing"`` (``done`` of ``total`` photos finished, ``path`` the last one).
    ``faces`` and ``errors`` count what this scan found so far; ``unavailable``: library folders found
    unavailable so far (missing, unreadable, an empty mount point; also counted in ``errors``), their
    photos kept, not walked."""

    phase: str
    done: int
    total: int
    path: str | None
    faces: int
    errors: int
    unavailable: int = 0

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


ProgressCallback = Callable[[Progress], Any]


@dataclass
class ScanSummary:
    """The outcome of ``faceorganizer scan``.

    ``seen``: image files found under the scanned folders; ``indexed``: photos the networks ran on;
    ``unchanged``: photos that needed no model work (same size and mtime, or same bytes: touched,
    moved or renamed); ``faces``: faces found in the photos indexed by this scan; ``errors``: files
    and folders that failed, with the reason. ``moved`` and ``missing`` (files gone since the last
    scan; their faces are kept) and ``copies`` (files found to hold a photo's bytes already indexed: another
    location of that photo, its faces not stored twice) are informational and not part of the JSON shape; so
    is ``unavailable``, the library folders not scanned because they are missing, unreadable or an empty
    mount point (their photos kept as they are; each also in ``errors``).
    """

    seen: int = 0
    indexed: int = 0
    unchanged: int = 0
    faces: int = 0
    moved: int = 0
    missing: int = 0
    copies: int = 0
    cancelled: bool = False
    errors: list[FileError] = field(default_factory=list)

    @property
    def unavailable(self) -> list[FileError]:
        return [e for e in self.errors if e.unavailable]

    def to_json(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "indexed": self.indexed,
            "unchanged": self.unchanged,
            "faces": self.faces,
            "errors": [e.to_json() for e in self.errors],
        }
