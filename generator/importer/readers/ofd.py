"""OFD (GB/T 33190), China's fixed-layout format: recognised, not read.

No library on PyPI reads an OFD's text reliably and safely enough to keep (docs/import.md,
"OFD"): the candidates convert pages to images or PDF through PyMuPDF, unpack the archive to
disk without bounds, or register Windows fonts when imported. So the importer says what the
file is and how to get a format it reads.
"""

from __future__ import annotations

from ...i18n import _
from ..errors import ImportProblem
from . import Format, Reading, register


def refuse_ofd(name: str) -> ImportProblem:
    return ImportProblem(name, _("is an OFD document (GB/T 33190), which the importer does not read: open it "
                                 "in an OFD reader (数科OFD阅读器, 福昕OFD, WPS) and export or print it to PDF, then "
                                 "import the PDF; or import the notice's web page or .docx if the portal offers one"))


def read_ofd(data: bytes, name: str) -> Reading:
    raise refuse_ofd(name)


FORMAT = register(Format("ofd", "OFD", (".ofd",), read_ofd, zip_entry="OFD.xml"))
