"""Loading and validating content/: YAML in, a linked `Content` (or every problem) out.

Each problem is reported with its file and line and a plain message, all at once, so an
editor can fix a file in one pass. Nothing here raises anything but `ContentErrors`.

One module per job: `safe_yaml` parses, `messages` words schema errors, `files` finds and
validates the files, `disclosure` reads the 附注, `plan_builder` builds one plan's tree,
`rules` places tasks in themes and targets in metrics, `linker` links it all.
"""

from .disclosure import KNOWN_ANNOTATIONS, annotation_core, disclosure_of, status_from_annotation
from .errors import ContentError, ContentErrors
from .files import LoadedFile, RawContent, read_content, validate
from .linker import RESERVED_JURISDICTIONS, Linked, link, link_all, load
from .safe_yaml import MAX_DEPTH, MAX_FILE_BYTES, YamlPath, read_yaml

__all__ = [
    "KNOWN_ANNOTATIONS", "MAX_DEPTH", "MAX_FILE_BYTES", "RESERVED_JURISDICTIONS", "ContentError", "ContentErrors",
    "LoadedFile", "Linked", "RawContent", "YamlPath", "annotation_core", "disclosure_of", "link", "link_all", "load", "read_content",
    "read_yaml", "status_from_annotation", "validate",
]
