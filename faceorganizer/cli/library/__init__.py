"""Commands on the photo library: scan, watch, status, people and person, search, XMP export and import."""
