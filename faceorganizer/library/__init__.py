"""The photo library: the catalog (catalog/), indexing (indexing/), people (people/) and metadata interop
(metadata/). Data flows one way: indexing and metadata use people, which uses the catalog."""
