"""Person tags beyond MWG regions (issue 18.3): the names we export are also IPTC PersonInImage, digiKam and
Lightroom people keywords, dc:subject and Microsoft MP regions; tags already in the sidecar are never dropped;
exiftool and exiv2 (CI installs both from Debian's packages) read them all."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from faceorganizer.geometry import Box
from faceorganizer.library.metadata.xmp import NS_DC, NS_DIGIKAM, NS_IPTC_EXT, NS_LR, FaceRegion, sidecar_path
from faceorganizer.library.metadata.xmp_read import parse_xmp
from faceorganizer.library.metadata.xmp_write import write_sidecar

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OTHER_TOOLS = f"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{RDF}">
 <rdf:Description rdf:about="" xmlns:dc="{NS_DC}" xmlns:digiKam="{NS_DIGIKAM}" xmlns:Iptc4xmpExt="{NS_IPTC_EXT}">
  <dc:subject><rdf:Bag><rdf:li>Holiday</rdf:li></rdf:Bag></dc:subject>
  <digiKam:TagsList><rdf:Seq><rdf:li>Places/Paris</rdf:li></rdf:Seq></digiKam:TagsList>
  <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Carol</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
 </rdf:Description></rdf:RDF></x:xmpmeta>"""


def _items(root: ET.Element, ns: str, name: str) -> list[str]:
    el = next(root.iter(f"{{{ns}}}{name}"))
    return [li.text or "" for li in el.iter(f"{{{RDF}}}li")]


@pytest.fixture
def tagged(tmp_path):
    """A photo whose sidecar (another tool's) has a keyword, a digiKam tag and a person; we write Ann and Bob
    (and an unnamed face) into it."""
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (600, 400), (90, 120, 150)).save(photo)
    sidecar_path(photo).write_text(OTHER_TOOLS)
    regions = [FaceRegion("Ann", Box(60, 40, 60, 80)), FaceRegion("Bob", Box(300, 100, 60, 80)),
               FaceRegion(None, Box(450, 200, 40, 50))]  # fmt: skip
    return write_sidecar(photo, regions, (600, 400), 1)


def test_names_become_person_tags_and_keywords_and_nothing_is_dropped(tagged):
    root = ET.fromstring(tagged.read_bytes().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    assert _items(root, NS_IPTC_EXT, "PersonInImage") == ["Carol", "Ann", "Bob"]
    assert _items(root, NS_DIGIKAM, "TagsList") == ["Places/Paris", "People/Ann", "People/Bob"]
    assert _items(root, NS_LR, "hierarchicalSubject") == ["People|Ann", "People|Bob"]
    assert _items(root, NS_DC, "subject") == ["Holiday", "Ann", "Bob"]
    again = write_sidecar(tagged.with_suffix(""), [FaceRegion("Ann", Box(60, 40, 60, 80))], (600, 400), 1)
    root = ET.fromstring(again.read_bytes().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    assert _items(root, NS_IPTC_EXT, "PersonInImage") == ["Carol", "Ann", "Bob"]  # a tag is never dropped
    info = parse_xmp(again.read_bytes(), str(again))
    assert info is not None and [a.name for a in info.areas] == ["Ann"]  # the regions are ours


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool not installed")
def test_exiftool_reads_the_person_tags_and_both_kinds_of_regions(tagged):
    out = subprocess.run(["exiftool", "-j", "-struct", "-XMP:all", str(tagged)], capture_output=True, check=True)
    info = json.loads(out.stdout)[0]
    assert info["PersonInImage"] == ["Carol", "Ann", "Bob"]
    assert info["HierarchicalSubject"] == ["People|Ann", "People|Bob"]
    assert info["TagsList"] == ["Places/Paris", "People/Ann", "People/Bob"]
    assert info["Subject"] == ["Holiday", "Ann", "Bob"]
    assert [r.get("Name") for r in info["RegionInfo"]["RegionList"]] == ["Ann", "Bob", None]
    mp = info["RegionInfoMP"]["Regions"]
    assert [r["PersonDisplayName"] for r in mp] == ["Ann", "Bob"]
    x, y, w, h = (float(v) for v in mp[0]["Rectangle"].split(","))
    assert (x, y, w, h) == pytest.approx((0.1, 0.1, 0.1, 0.2))


@pytest.mark.skipif(shutil.which("exiv2") is None, reason="exiv2 (digiKam's XMP library) not installed")
def test_exiv2_reads_the_person_tags(tagged):
    out = subprocess.run(["exiv2", "-px", str(tagged)], capture_output=True, check=True, text=True).stdout
    assert "Xmp.iptcExt.PersonInImage" in out and "Carol, Ann, Bob" in out
    assert "Xmp.digiKam.TagsList" in out and "People/Ann" in out
    assert "Xmp.lr.hierarchicalSubject" in out and "People|Bob" in out
    assert "Xmp.MP.RegionInfo/MPRI:Regions[1]/MPReg:PersonDisplayName" in out
