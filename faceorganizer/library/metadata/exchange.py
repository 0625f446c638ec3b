"""Catalog <-> XMP face regions: export people's names as ``photo.jpg.xmp`` sidecars, import other tools' tags.

Export writes only sidecars (never a photo), one per indexed photo that has faces: its faces as MWG
face regions with their person's name. A name is written for faces of a named person (hidden ones
too: the name is the user's) in state ``auto`` or ``confirmed``; ``suggested`` faces (an
unconfirmed guess) and faces of no / an unnamed person are written without a name
(``named_only=False``) or left out (the default); dismissed faces (state ``rejected``) never. Face
regions already in the sidecar that overlap no face of the catalog (a box drawn in another tool)
are kept; those on a face the catalog knows are replaced by the catalog's view, so run
``import_xmp`` first on photos another tool tagged.

Import reads regions (sidecar ``photo.jpg.xmp``, then ``photo.xmp``, then embedded XMP; MWG or
Microsoft MP) and, for each *named* face region, finds the photo's face it describes: the best
IoU >= 0.5, else (tools draw bigger or smaller boxes than our detector: digiKam's include hair,
Picasa's are tight) a face whose centre lies inside the region while the region's centre lies
inside the face, nearest centres first; each face serves one region. Through the people service
(people_ops.py), that face is confirmed as the person of that name (case-insensitive; created if
missing): ``confirm`` when it was already theirs, else moved alone (``split``), never renaming its
unnamed cluster; with no such face a manual face is added. The user's decisions win: a face the
user rejected from that person, or dismissed, is left alone (``rejected``); a face confirmed as
someone else is not moved (``conflicts``). Importing again changes nothing (``unchanged``).

A photo's copies (the same bytes elsewhere: ``catalog.copies``) are photos to both, with the photo's faces:
export writes the same sidecar beside each, and a copy's sidecar names the photo's faces.

Both go photo by photo: anything that goes wrong with one photo (a hostile sidecar over a limit, an
unreadable file, a bug) is an error for that photo, recorded in the summary, and the rest goes on; a
photo that fails half-way through an import is rolled back and counts for nothing. Names are cleaned
(``catalog.clean_name``) both ways: a name read from XMP as it enters the catalog, a name of an old
catalog as it is written.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ...geometry import Box
from ..catalog import Catalog, Face, Photo, clean_name, display_path, is_inside
from ..people import PeopleOps
from .packet import read_sidecar, remove_stale_temps
from .xmp import FACE, MIN_FACE_PX, FaceRegion, XmpError, displayed_size_of, from_mwg, sidecar_path
from .xmp_read import parse_xmp, read_regions
from .xmp_write import write_sidecar

log = logging.getLogger("faceorganizer.library.metadata")

#: Boxes overlapping at least this much (IoU) are the same face.
SAME_FACE_IOU = 0.5


@dataclass(frozen=True)
class MetadataError:
    """A photo that could not be exported or imported, and why (the rest went on)."""

    path: str
    error: str


@dataclass
class ExportSummary:
    """What ``export_xmp`` did: sidecars written, photos skipped (nothing to write), foreign regions kept."""

    written: int = 0
    skipped: int = 0
    kept: int = 0
    errors: list[MetadataError] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"written": self.written, "skipped": self.skipped, "kept": self.kept,
                "errors": [{"path": display_path(e.path), "error": e.error} for e in self.errors]}  # fmt: skip


@dataclass(frozen=True)
class XmpConflict:
    """A face a sidecar names otherwise than the user did here: left as the user named it, listed for them."""

    path: str
    face_id: int
    in_sidecar: str
    here: str | None


@dataclass
class ImportSummary:
    """What ``import_xmp`` did, counted over named face regions (see the module docstring)."""

    photos: int = 0  # photos whose XMP held face regions
    regions: int = 0  # named face regions read (unnamed ones are ignored)
    matched: int = 0  # regions assigned to a face the detector had found
    created: int = 0  # regions added as manual faces
    named: int = 0  # people created for names the library did not have
    unchanged: int = 0  # regions the library already had, face and name
    rejected: int = 0  # regions on a face the user rejected from that person: left alone
    conflicts: int = 0  # regions on a face confirmed to another person: left alone
    errors: list[MetadataError] = field(default_factory=list)
    conflict_list: list[XmpConflict] = field(default_factory=list)  # the ``conflicts``, one by one

    def to_json(self) -> dict:
        doc = asdict(self)
        doc["errors"] = [{"path": display_path(e.path), "error": e.error} for e in self.errors]
        doc["conflict_list"] = [{**asdict(c), "path": display_path(c.path)} for c in self.conflict_list]
        return doc

    def add(self, other: ImportSummary) -> None:
        """Add the counts of ``other`` (one photo's, once its transaction committed)."""
        for name in ("photos", "regions", "matched", "created", "named", "unchanged", "rejected", "conflicts"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors
        self.conflict_list += other.conflict_list


def _error(path: str, exc: Exception) -> MetadataError:
    """The error of one photo: expected ones (XmpError, OSError, ValueError) say what and where; anything
    else (a bug, memory) also says what kind it was, since its message alone may be a bare ``'key'``."""
    expected = isinstance(exc, (XmpError, OSError, ValueError))
    return MetadataError(path, str(exc) if expected else f"{type(exc).__name__}: {exc}")


# -- choosing photos ---------------------------------------------------------------------------


def select_photos(catalog: Catalog, paths: Sequence[str | os.PathLike[str]]) -> tuple[list[int], list[str]]:
    """Ids of the library's photos named by ``paths`` (photo files, or folders: every photo below),
    and the paths that match none."""
    photos = catalog.photos()
    ids: dict[int, None] = {}
    unknown = []
    for given in paths:
        candidates = {os.path.abspath(os.fspath(given)), os.path.realpath(os.fspath(given))}
        hits = [p.id for p in photos if any(is_inside(p.path, c) for c in candidates)]
        ids.update(dict.fromkeys(hits))
        if not hits:
            unknown.append(os.fspath(given))
    return list(ids), unknown


def _indexed(catalog: Catalog, photo_ids: Iterable[int] | None) -> list[Photo]:
    """The indexed photos among ``photo_ids`` (None: all). Videos are left out: MWG regions describe a still
    image, and a video's faces are tracks of its frames (nothing is read from or written beside a video)."""
    if photo_ids is None:
        return [p for p in catalog.photos(status="indexed") if not p.is_video]
    photos = (catalog.photo(i) for i in photo_ids)
    return [p for p in photos if p is not None and p.status == "indexed" and not p.is_video]


def _sizes(photo: Photo) -> tuple[tuple[int, int], tuple[int, int]]:
    """(displayed, stored) size of an indexed photo; XmpError when the catalog lacks them."""
    if not photo.width or not photo.height:
        raise XmpError(f"{photo.path}: the library has no size for this photo; scan it again")
    displayed = (int(photo.width), int(photo.height))
    return displayed, displayed_size_of(displayed, photo.orientation)  # turning is its own inverse


# -- matching regions to faces -----------------------------------------------------------------


def _centre_inside(a: Box, b: Box) -> bool:
    cx, cy = a.x + a.width / 2, a.y + a.height / 2
    return b.left <= cx <= b.right and b.top <= cy <= b.bottom


def _affinity(region: Box, face: Box) -> float:
    """> 1 for IoU >= SAME_FACE_IOU, in (0, 1] for mutually contained centres (nearer: higher), else 0."""
    iou = region.iou(face)
    if iou >= SAME_FACE_IOU:
        return 1.0 + iou
    if _centre_inside(region, face) and _centre_inside(face, region):
        dx = (region.x + region.width / 2) - (face.x + face.width / 2)
        dy = (region.y + region.height / 2) - (face.y + face.height / 2)
        scale = max(region.width, region.height, face.width, face.height)
        return max(1e-6, 1.0 - (dx * dx + dy * dy) ** 0.5 / scale)
    return 0.0


def match_regions(regions: Sequence[FaceRegion], faces: Sequence[Face]) -> list[Face | None]:
    """For each region, the face it describes (or None): best affinity first, each face used once."""
    scored = [(_affinity(r.box, f.box), i, f) for i, r in enumerate(regions) for f in faces]
    out: list[Face | None] = [None] * len(regions)
    used: set[int] = set()
    for score, i, face in sorted(scored, key=lambda t: (-t[0], t[1], t[2].id)):
        if score > 0 and out[i] is None and face.id not in used:
            out[i] = face
            used.add(face.id)
    return out


# -- export ------------------------------------------------------------------------------------


def export_xmp(
    catalog: Catalog,
    photo_ids: Iterable[int] | None = None,
    *,
    named_only: bool = True,
    people_tags: bool = True,
    mp_regions: bool = True,
) -> ExportSummary:
    """Write ``photo.jpg.xmp`` for each indexed photo (all, or ``photo_ids``) with faces; see the module docstring.
    ``people_tags`` and ``mp_regions``: also person tags and keywords, and Microsoft MP regions (``write_sidecar``).

    Stale temp files of killed writers are removed from the folder of each photo, once a folder.
    """
    summary = ExportSummary()
    names = {p.id: clean_name(p.name) for p in catalog.people()}
    cleaned: set[str] = set()
    for photo in _indexed(catalog, photo_ids):
        try:
            folder = os.path.dirname(photo.path)
            if folder not in cleaned:
                cleaned.add(folder)
                remove_stale_temps(Path(folder))
            faces = catalog.faces_of_photo(photo.copy_of or photo.id)  # a copy: its photo's faces, beside it too
            if not faces:
                summary.skipped += 1
                continue
            kept = _export_one(photo, faces, names, named_only, people_tags, mp_regions)
        except Exception as exc:  # one photo's failure, whatever it is, is that photo's error
            log.warning("%s: not exported: %s", display_path(photo.path), exc)
            summary.errors.append(_error(photo.path, exc))
            continue
        if kept is None:
            summary.skipped += 1
        else:
            summary.written += 1
            summary.kept += kept
    return summary


def _export_one(
    photo: Photo, faces: list[Face], names: dict[int, str | None], named_only: bool, people_tags: bool, mp_regions: bool
) -> int | None:
    """Write one sidecar; the number of foreign regions kept, or None when nothing was written."""
    if not os.path.isfile(photo.path):
        raise XmpError(f"{photo.path}: the photo file is gone; not writing a sidecar for it")
    displayed, stored = _sizes(photo)
    regions = []
    for face in faces:
        if face.state == "rejected":
            continue
        name = names.get(face.person_id) if face.person_id is not None and face.state != "suggested" else None
        if name or not named_only:
            regions.append(FaceRegion(name or None, face.box))
    foreign = _foreign_regions(photo, faces, stored)
    written = write_sidecar(photo.path, regions + foreign, displayed, photo.orientation, stored, clean_temps=False,
                            people_tags=people_tags, mp_regions=mp_regions)  # fmt: skip
    return None if written is None else len(foreign)


def _foreign_regions(photo: Photo, faces: list[Face], stored: tuple[int, int]) -> list[FaceRegion]:
    """Face regions already in our sidecar that describe no face of the catalog (kept on rewrite)."""
    target = sidecar_path(photo.path)
    data = read_sidecar(target)
    if data is None:
        return []
    info = parse_xmp(data, str(target))
    if info is None:
        return []
    existing = from_mwg([a for a in info.areas if a.type == FACE], stored, photo.orientation)
    return [r for r in existing if not any(_affinity(r.box, f.box) > 0 for f in faces)]


# -- import ------------------------------------------------------------------------------------


def import_xmp(catalog: Catalog, photo_ids: Iterable[int] | None = None) -> ImportSummary:
    """Import named face regions of each indexed photo (all, or ``photo_ids``); see the module docstring."""
    summary = ImportSummary()
    ops = PeopleOps(catalog)
    for photo in _indexed(catalog, photo_ids):
        one = ImportSummary()
        try:
            _, stored = _sizes(photo)
            regions = read_regions(photo.path, stored_size=stored, orientation=photo.orientation)
            named = [FaceRegion(name, r.box) for r in regions if (name := clean_name(r.name))
                     and r.box.width >= MIN_FACE_PX and r.box.height >= MIN_FACE_PX]  # fmt: skip
            one.photos = 1 if regions else 0
            if named:
                one.regions = len(named)
                with catalog.transaction():  # one photo at a time: all its regions or none
                    # a copy's sidecar names the faces of its photo (the same bytes: the same places)
                    _import_one(ops, replace(photo, id=photo.copy_of) if photo.copy_of else photo, named, one)
        except Exception as exc:  # one photo's failure, whatever it is, is that photo's error; its counts go
            log.warning("%s: not imported: %s", display_path(photo.path), exc)
            summary.errors.append(_error(photo.path, exc))
            continue
        summary.add(one)
    return summary


def _person_id(ops: PeopleOps, name: str, summary: ImportSummary) -> int:
    """The person called ``name`` (case-insensitive, as the people service names), created if missing."""
    found = ops.person_named(name)
    if found is not None:
        return found.id
    summary.named += 1
    person_id = ops.catalog.create_person(name)
    ops.catalog.record_decision("name", person_id=person_id, value=name)
    return person_id


def _import_one(ops: PeopleOps, photo: Photo, regions: list[FaceRegion], summary: ImportSummary) -> None:
    faces = ops.catalog.faces_of_photo(photo.id)
    rejections = ops.rejections(f.id for f in faces)
    for region, face in zip(regions, match_regions(regions, faces)):
        assert region.name
        if face is None:
            _person_id(ops, region.name, summary)
            ops.add_manual_face(photo.id, region.box, region.name)  # confirmed as the person of that name
            summary.created += 1
            continue
        found = ops.person_named(region.name)
        person_id = None if found is None else found.id
        if person_id is not None and face.person_id == person_id and face.state == "confirmed":
            summary.unchanged += 1
        elif face.state == "rejected" or (person_id is not None and person_id in rejections.get(face.id, ())):
            summary.rejected += 1  # dismissed by the user, or "not this person"
        elif face.state == "confirmed" and face.person_id is not None:
            summary.conflicts += 1
            here = ops.catalog.person(face.person_id)
            summary.conflict_list.append(XmpConflict(photo.path, face.id, region.name, here.name if here else None))
            log.info("%s: face %d is confirmed as someone else; %r not applied",
                     display_path(photo.path), face.id, region.name)  # fmt: skip
        elif person_id is not None and face.person_id == person_id:
            ops.confirm([face.id])
            summary.matched += 1
        else:
            ops.split([face.id], _person_id(ops, region.name, summary))
            summary.matched += 1
