"""Bounds on what is read from a zip archive (.docx, .xlsx): a small file must not inflate to
gigabytes.

A `.docx` of 1 MB can hold a `document.xml` of 1 GB (deflate reaches about 1000:1), and a
library that opens it inflates all of it. So before any library sees an archive, its
directory is checked (number of entries, total uncompressed size, compression ratio of each
large entry) before anything is inflated. Python's zipfile, which python-docx and openpyxl
read through, stops each entry at the size the directory states and then checks its CRC, so
an archive whose directory understates an entry cannot inflate past it: it fails the check.
Every entry is then inflated once in small chunks, counting, so a damaged or lying archive
is refused here with a message, and only one that passes is handed to python-docx or
openpyxl, as bytes in memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from ...i18n import _
from ..errors import ImportProblem

MAX_ENTRIES = 1000  # a notice's .docx holds a few dozen parts, a workbook a few hundred
MAX_TOTAL = 50 * 1024 * 1024  # uncompressed bytes of all entries together
MAX_RATIO = 100  # uncompressed / compressed, for an entry of more than RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"


def refuse(name: str, what: str) -> ImportProblem:
    return ImportProblem(name, _("is an archive that {what}, more than a document holds: it may be a "
                                 "zip bomb; open it in its program (Word, WPS, Excel), save it again "
                                 "and import the new file").format(what=what))


def declared_entries(data: bytes) -> int | None:
    """The entry count the end-of-central-directory record states, read without parsing the
    directory (so an archive declaring millions of entries costs nothing); None if absent."""
    end = data.rfind(_EOCD, max(0, len(data) - 65557))
    if end < 0 or end + 22 > len(data):
        return None
    total = struct.unpack_from("<H", data, end + 10)[0]
    locator = end - 20
    if total == 0xFFFF and locator >= 0 and data[locator:locator + 4] == _EOCD64_LOCATOR:
        offset = struct.unpack_from("<Q", data, locator + 8)[0]
        if offset + 40 <= len(data) and data[offset:offset + 4] == b"PK\x06\x06":
            total = struct.unpack_from("<Q", data, offset + 32)[0]
    return total


def open_bounded(data: bytes, name: str, what: str) -> io.BytesIO:
    """Check the archive against the bounds and return it as a file for a library to open.

    `what` names the format for the message when the bytes are not a zip archive at all
    (a corrupt file). Raises ImportProblem with a message naming the file.
    """
    count = declared_entries(data)
    if count is None:
        raise ImportProblem(name, _("cannot be read as {what}: the file is damaged or incomplete (it is not "
                                    "a complete zip archive); download or save it again").format(what=what))
    if count > MAX_ENTRIES:
        raise refuse(name, _("declares {count} entries").format(count=count))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, struct.error, EOFError):
        raise ImportProblem(name, _("cannot be read as {what}: the file is damaged (its zip directory is "
                                    "broken); download or save it again").format(what=what)) from None
    if len(entries) > MAX_ENTRIES:
        raise refuse(name, _("holds {count} entries").format(count=len(entries)))
    total = sum(e.file_size for e in entries)
    if total > MAX_TOTAL:
        raise refuse(name, _("would inflate to {size} MB").format(size=total // 1024 // 1024))
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise refuse(name, _("has an entry ({entry}) compressed {ratio} to 1").format(
                entry=entry.filename, ratio=entry.file_size // max(entry.compress_size, 1)))
    _inflate_within_bounds(archive, entries, name, what)
    return io.BytesIO(data)


def _inflate_within_bounds(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], name: str, what: str) -> None:
    """Inflate every entry in chunks, counting; refuse when one outgrows what the directory says."""
    total = 0
    for entry in entries:
        if entry.is_dir():
            continue
        produced = 0
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(CHUNK):
                    produced += len(chunk)
                    total += len(chunk)
                    if produced > entry.file_size or total > MAX_TOTAL:
                        raise refuse(name, _("inflates {entry} past the size its directory states").format(
                            entry=entry.filename))
        except ImportProblem:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
            raise ImportProblem(name, _("cannot be read as {what}: its part {entry} is damaged, encrypted or "
                                        "larger than the archive's directory states; open the file in its "
                                        "program and save it again").format(what=what, entry=entry.filename)) from None
